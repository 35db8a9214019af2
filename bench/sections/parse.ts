import path from 'node:path';
import { runNode, lastJsonLine } from '../child';
import { count, type BenchOptions } from '../options';
import type { ParseChildResult } from '../parse-child';
import type { SectionResult, Verdict } from '../report';
import { bytes, ms, summarize } from '../stats';

const GOAL_JOBS = 10_000;
const GOAL_MS = 100;

/**
 * 4. squeue output of 1,000 / 10,000 / 50,000 jobs parsed and rendered to the first page of
 * Block Kit, each size in its own process for a clean memory peak.
 */
export async function parseSection(options: BenchOptions, childDir: string): Promise<SectionResult> {
  // ParallelCluster head nodes keep UTC (config.ts's default for ssm clusters); a local cluster keeps this machine's zone.
  const sizes: readonly [number, number, string][] = [
    [1_000, count(options, 100, 10), 'UTC'],
    [10_000, count(options, 30, 5), 'UTC'],
    [50_000, count(options, 10, 3), 'UTC'],
    [10_000, count(options, 15, 3), 'Europe/Paris'],
  ];
  const rows: string[][] = [];
  const verdicts: Verdict[] = [];
  const shares: string[] = [];
  for (const [jobs, runs, timeZone] of sizes) {
    const r = lastJsonLine<ParseChildResult>(
      await runNode(['--expose-gc', path.join(childDir, 'parse-child.js'), String(jobs), String(runs), timeZone]),
      `parse-child ${jobs}`,
    );
    if (r.parsedJobs !== jobs) throw new Error(`parse-child ${jobs}: parsed ${r.parsedJobs} jobs`);
    const total = r.parseMs.map((p, i) => p + (r.renderMs[i] ?? 0));
    const t = summarize(total);
    rows.push([
      jobs.toLocaleString('en-US'), timeZone, bytes(r.inputBytes), String(t.n), ms(total[0]!), ms(summarize(r.parseMs).p50), ms(summarize(r.renderMs).p50),
      ms(t.p50), ms(t.p99), bytes(r.maxRssBytes), bytes(Math.max(0, r.maxRssBytes - r.rssBeforeBytes)), bytes(r.heapGrowthBytes),
    ]);
    if (jobs === GOAL_JOBS) {
      const parseShare = summarize(r.parseMs).p50 / t.p50;
      shares.push(`${timeZone}: parsing is ${Math.round(parseShare * 100)}% of the p50`);
      const zone = timeZone === 'UTC' ? '' : ` (head node clock in ${timeZone})`;
      verdicts.push({
        goal: `${GOAL_JOBS.toLocaleString('en-US')} jobs parsed and rendered < ${GOAL_MS} ms${zone}`,
        met: t.p99 < GOAL_MS,
        detail: `first run in a fresh process ${ms(total[0]!)}, then p50 ${ms(t.p50)}, p99 ${ms(t.p99)} (n=${t.n}, first run included)`,
      });
    }
  }
  const notes: string[] = [];
  if (verdicts.some((v) => v.met === false)) {
    notes.push(
      `What limits it (10,000 jobs; ${shares.join('; ')}): \`parseSqueue\` builds a complete Job for every record (timestamps and durations parsed, output paths expanded), ` +
        'a few microseconds each plus the garbage they leave, although a page shows 20 jobs and the counts need only the states. Rendering one page stays in the milliseconds at every size.',
    );
  }
  return {
    title: '4. Parsing and rendering squeue output',
    tables: [{
      columns: ['jobs', 'time zone', 'squeue output', 'n', 'first run', 'parse p50', 'render p50', 'total p50', 'total p99', 'peak RSS', 'peak RSS − RSS before', 'heap growth (1st run)'],
      rows,
    }],
    verdicts,
    notes: [
      'Input: generated with the field map the builder uses (SQUEUE_FIELDS, unit/record separators), a busy cluster\'s mix: 35% running, 50% pending with assorted reasons, ' +
        'array tasks and pending array ranges, jobs that just ended with exit codes, ParallelCluster node names, %-patterns in output paths.',
      'Timed: `parseSqueue` of the whole output, then `renderJobs` of page 1 of `/slurm jobs --all` (counts by state over every job, 20 rows, pager) and the JSON body posted to the response_url. ' +
        'Each size runs in a fresh `node --expose-gc` process; "first run" is the first call there (cold JIT, as in a fresh worker container), and it is included in p50/p99.',
      'Time zone: Slurm prints times without a zone, so the parser converts each from the head node\'s zone (ClusterConfig.timeZone): UTC on ParallelCluster (the default for ssm clusters), the local zone for a local cluster. ' +
        'UTC takes a fast path; for any other zone the offsets come from Intl once per hour of timestamps, then from a cache.',
      'Peak RSS is getrusage\'s maxrss of that process (Node itself and the input text included); "− RSS before" subtracts the RSS measured with the input already in memory, just before the first parse.',
      ...notes,
    ],
  };
}
