/**
 * One size of benchmark 4, alone in a fresh process (run with --expose-gc) so that its peak
 * memory is its own: generates squeue output for N jobs, then parses it and renders the first
 * page of `/slurm jobs --all` as the worker does, serialised as it is posted to Slack.
 * argv: jobs runs timeZone. Prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { parseSqueue } from '../src/slurm/parsers/squeue';
import { renderJobs } from '../src/slack/views/jobs';
import { generateSqueue } from './squeue-gen';

export interface ParseChildResult {
  readonly jobs: number;
  readonly parsedJobs: number;
  readonly inputBytes: number;
  readonly blocks: number;
  /** Every run, the first (cold JIT) included, in order. */
  readonly parseMs: readonly number[];
  readonly renderMs: readonly number[];
  /** Process RSS with the input in memory, just before the first parse. */
  readonly rssBeforeBytes: number;
  /** Peak RSS of the process over all runs (getrusage maxrss). */
  readonly maxRssBytes: number;
  /** Heap growth across the first parse and render, before any forced collection. */
  readonly heapGrowthBytes: number;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function main(): void {
  const jobs = Number(process.argv[2]);
  const runs = Number(process.argv[3]);
  const timeZone = process.argv[4] ?? 'UTC';
  const stdout = generateSqueue(jobs);
  const now = new Date(Date.UTC(2025, 0, 15, 12, 0, 0));
  gc();
  const rssBeforeBytes = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const parseMs: number[] = [];
  const renderMs: number[] = [];
  let parsedJobs = 0;
  let blocks = 0;
  let heapGrowthBytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const parsed = parseSqueue(stdout, { timeZone });
    const t1 = performance.now();
    const message = renderJobs({ cluster: 'prod', jobs: parsed, filter: {}, page: 0, now });
    const body = JSON.stringify({ response_type: 'ephemeral', replace_original: true, text: message.text, blocks: message.blocks });
    const t2 = performance.now();
    parseMs.push(t1 - t0);
    renderMs.push(t2 - t1);
    if (i === 0) {
      heapGrowthBytes = process.memoryUsage().heapUsed - heapBefore;
      parsedJobs = parsed.length;
      blocks = message.blocks.length;
      if (body.length === 0) throw new Error('empty message');
    }
  }
  const result: ParseChildResult = {
    jobs, parsedJobs, inputBytes: Buffer.byteLength(stdout), blocks, parseMs, renderMs,
    rssBeforeBytes, maxRssBytes: process.resourceUsage().maxRSS * 1024, heapGrowthBytes,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
