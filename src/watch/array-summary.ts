import { stateFamily, type JobState } from '../slurm/states';
import type { Job } from '../slurm/types';

/** How a whole job array ended: one alert's worth. */
export interface ArraySummary {
  readonly arrayJobId: string;
  readonly name: string;
  readonly user: string;
  readonly partition: string;
  readonly total: number;
  /** Tasks per state, most frequent first. */
  readonly counts: readonly { readonly state: JobState; readonly count: number }[];
  /** Ids of the tasks that failed (any state of the failed family), ascending. */
  readonly failedTaskIds: readonly number[];
  readonly longestRunSeconds?: number;
}

interface TaskRange {
  readonly from: number;
  readonly to: number;
  readonly step: number;
}

/**
 * The ranges of an array index expression: `7`, `3-9`, `1,3,5-7`, `0-15:4`, in brackets or not, with
 * an optional `%throttle`. Undefined for text that is none of these.
 */
function taskRanges(expression: string): TaskRange[] | undefined {
  const spec = expression.replace(/^\[|\]$/g, '').replace(/%\d+$/, '');
  const ranges: TaskRange[] = [];
  for (const part of spec.split(',')) {
    const m = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part.trim());
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return undefined;
    ranges.push({ from, to, step: m[3] === undefined ? 1 : Math.max(1, Number(m[3])) });
  }
  return ranges;
}

/** How many tasks an array index expression names; 0 for text that is not one (never throws). */
export function countTasks(expression: string): number {
  return (taskRanges(expression) ?? []).reduce((sum, r) => sum + Math.floor((r.to - r.from) / r.step) + 1, 0);
}

/** Whether the expression names task `task`. */
export function rangeIncludes(expression: string, task: number): boolean {
  return (taskRanges(expression) ?? []).some((r) => task >= r.from && task <= r.to && (task - r.from) % r.step === 0);
}

/** `[1, 2, 3, 5, 9, 10]` → `1-3,5,9-10`: what `sbatch --array=` takes. */
export function compactRanges(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * Sums up the records squeue (or sacct) gives for one array: single tasks, and ranges of tasks that
 * never started (`123_[4-9]`, counted by their index expression). Pure; never throws.
 */
export function summarizeArray(arrayJobId: string, records: readonly Job[]): ArraySummary {
  const counts = new Map<JobState, number>();
  const failed: number[] = [];
  let total = 0;
  let longest: number | undefined;
  for (const job of records) {
    const task = job.arrayTaskId ?? '';
    const single = /^\d+$/.test(task);
    const n = single ? 1 : countTasks(task) || 1;
    total += n;
    counts.set(job.state, (counts.get(job.state) ?? 0) + n);
    if (single && stateFamily(job.state) === 'failed') failed.push(Number(task));
    if (typeof job.elapsedSeconds === 'number') longest = Math.max(longest ?? 0, job.elapsedSeconds);
  }
  const first = records[0];
  return {
    arrayJobId,
    name: first?.name ?? '',
    user: first?.user ?? '',
    partition: first?.partition ?? '',
    total,
    counts: [...counts.entries()].map(([state, count]) => ({ state, count })).sort((a, b) => b.count - a.count),
    failedTaskIds: [...new Set(failed)].sort((a, b) => a - b),
    ...(longest !== undefined && { longestRunSeconds: longest }),
  };
}
