/**
 * One cold start of benchmark 2, in a fresh node process: loads the packaged slack handler, then
 * handles two requests (the first builds the App: config file, secret, Bolt). The environment
 * points the AWS SDK at the loopback fakes. argv: handler.js events.json. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

export interface ColdChildResult {
  /** From the process's time origin to this file's first line: node's own start-up. */
  readonly bootMs: number;
  readonly loadMs: number;
  readonly firstRequestMs: number;
  readonly secondRequestMs: number;
  readonly statuses: readonly number[];
  readonly rssBytes: number;
}

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number }>;

async function main(): Promise<void> {
  const bootMs = performance.now();
  const [handlerPath, eventsPath] = process.argv.slice(2) as [string, string];
  const [first, second] = JSON.parse(readFileSync(eventsPath, 'utf8')) as [unknown, unknown];
  const context = { functionName: 'slurm-chatops-bench-slack', awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 };
  const t0 = performance.now();
  const { handler } = createRequire(__filename)(handlerPath) as { handler: Handler };
  const t1 = performance.now();
  const a = await handler(first, context);
  const t2 = performance.now();
  const b = await handler(second, context);
  const t3 = performance.now();
  const result: ColdChildResult = {
    bootMs, loadMs: t1 - t0, firstRequestMs: t2 - t1, secondRequestMs: t3 - t2, statuses: [a.statusCode, b.statusCode], rssBytes: process.memoryUsage().rss,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
