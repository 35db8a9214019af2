/**
 * `npm run bench` (bench/run.mjs bundles and starts this file): runs the benchmark sections,
 * prints each as a table, and on a full run writes docs/BENCHMARKS.md. Not a test: nothing here
 * asserts a time; a missed goal is reported, with what limits it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startHarness, type Harness } from './harness';
import { describeMachine } from './machine';
import { readOptions, type BenchOptions, type SectionId } from './options';
import { markdownReport, textSection, type SectionResult } from './report';
import { ackSection } from './sections/ack';
import { bundleSection, packageFunctions, type Packaged } from './sections/bundles';
import { coldStartSection } from './sections/cold-start';
import { overheadSection } from './sections/overhead';
import { parseSection } from './sections/parse';
import { watcherSection } from './sections/watcher';

const ROOT = process.cwd();
const REPRODUCE = [
  'On a Linux machine with Node 20 and the dev dependencies installed (`npm ci`), as root (the SSM fake runs commands as root with `runuser`, like SSM Agent; a user `alice` must exist, as `scripts/slurm-local.sh up` creates it):',
  '',
  '```sh',
    'npm run bench                         # all sections (a few minutes on 2 cores); writes docs/BENCHMARKS.md',
  'BENCH_QUICK=1 npm run bench           # few samples, about a minute; prints only',
  'BENCH_ONLY=parse,bundles npm run bench  # some sections: ack, cold, overhead, parse, watcher, bundles',
  'BENCH_OUT=/tmp/bench.md npm run bench   # write the report elsewhere (or at all, on a partial run)',
  '```',
  '',
  '`npm run bench` is `node bench/run.mjs`: it bundles `bench/*.ts` with esbuild into a temporary directory and runs it with plain node. ' +
    'Everything runs on loopback: the fake Slack Web API and response URLs (test/support/slack-fake.ts), a Lambda Invoke / Secrets Manager fake (bench/fake-aws.ts), ' +
    'the SSM/EC2 fake (test/support/ssm-endpoint.ts), and the Lambda bundles built by `serverless package` (osls, serverless-esbuild, as for a deploy).',
];

async function runSections(options: BenchOptions): Promise<SectionResult[]> {
  const wanted = (id: SectionId): boolean => options.only === undefined || options.only.has(id);
  const childDir = __dirname;
  const results: SectionResult[] = [];
  const show = (result: SectionResult): void => {
    results.push(result);
    console.log(`\n${textSection(result)}\n`);
  };
  if (wanted('parse')) show(await parseSection(options, childDir));
  let packaged: Packaged | undefined;
  if (wanted('bundles') || wanted('cold')) packaged = await packageFunctions(ROOT);
  let harness: Harness | undefined;
  try {
    if (wanted('ack') || wanted('cold') || wanted('overhead') || wanted('watcher')) harness = await startHarness();
    if (packaged && wanted('bundles')) show(bundleSection(packaged));
    if (packaged && harness && wanted('cold')) show(await coldStartSection(harness, packaged, options, childDir));
    if (harness && wanted('ack')) show(await ackSection(harness, options));
    if (harness && wanted('overhead')) show(await overheadSection(harness, options));
    if (harness && wanted('watcher')) show(await watcherSection(harness, options));
  } finally {
    await harness?.close();
    packaged?.cleanup();
  }
  return results;
}

async function main(): Promise<void> {
  const options = readOptions(process.env, path.join(ROOT, 'docs/BENCHMARKS.md'));
  const started = performance.now();
  const machine = describeMachine();
  console.log(`slurm-chatops benchmarks${options.quick ? ' (QUICK: few samples, indicative only)' : ''}; load average ${machine.loadAverage} on ${machine.cpus} CPUs`);
  // Sections run in the order their set-up allows; the report lists them by number.
  const results = (await runSections(options)).sort((a, b) => Number.parseInt(a.title, 10) - Number.parseInt(b.title, 10));
  const seconds = (performance.now() - started) / 1000;
  const missed = results.flatMap((r) => r.verdicts.filter((v) => v.met !== true).map((v) => `${v.met === undefined ? 'NOT MEASURED' : 'MISSED'}: ${v.goal} — ${v.detail}`));
  console.log(missed.length > 0 ? `Goals not met:\n  ${missed.join('\n  ')}` : 'Every goal met.');
  console.log(`Done in ${Math.round(seconds)} s.`);
  if (options.out !== undefined) {
    writeFileSync(options.out, markdownReport(results, { machine, quick: options.quick, seconds, reproduce: REPRODUCE }));
    console.log(`Wrote ${path.relative(ROOT, options.out)}.`);
  }
}

main().then(
  // Fakes and SDK clients may keep sockets open; the report is written, so leave now.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
