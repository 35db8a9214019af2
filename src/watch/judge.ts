import { isArrayRange, parseJobId } from '../slurm/jobid';
import type { SacctJob } from '../slurm/parsers/sacct';
import { isEndState } from '../slurm/states';
import type { Job } from '../slurm/types';
import { parseMemoryMb } from '../slurm/values';
import type { JobUsage } from '../slack/views/alert-tips';
import { rangeIncludes, summarizeArray, type ArraySummary } from './array-summary';

/** What one watcher call learned about a cluster's watched jobs. */
export interface Snapshot {
  /** squeue's records (jobs, array tasks and pending ranges, het components). */
  readonly jobs: readonly Job[];
  /** sacct's records, when the cluster keeps accounting and sacct answered. */
  readonly accounting?: readonly SacctJob[];
}

export type Verdict =
  /** Not over yet (or not every task / component is). */
  | { readonly kind: 'waiting' }
  | { readonly kind: 'ended'; readonly job: Job; readonly usage?: JobUsage }
  | { readonly kind: 'array-ended'; readonly summary: ArraySummary }
  /** Neither squeue nor sacct knows the job any more: it ended unseen. */
  | { readonly kind: 'vanished' };

/** A sacct record in the shape squeue's parser gives, for the same decisions. */
export function jobFromAccounting(record: SacctJob): Job {
  const id = parseJobId(record.id);
  return {
    id: record.id,
    baseId: id.baseId,
    ...(id.arrayTask !== undefined && { arrayJobId: id.baseId, arrayTaskId: id.arrayTask }),
    name: record.name,
    user: record.user,
    state: record.state,
    stateText: record.stateText,
    partition: record.partition,
    ...(record.nodes !== undefined && { nodes: record.nodes }),
    ...(record.nodeCount !== undefined && { nodeCount: record.nodeCount }),
    ...(record.cpus !== undefined && { cpus: record.cpus }),
    ...(record.submitTime !== undefined && { submitTime: record.submitTime }),
    ...(record.startTime !== undefined && { startTime: record.startTime }),
    ...(record.endTime !== undefined && { endTime: record.endTime }),
    ...(record.elapsedSeconds !== undefined && { elapsedSeconds: record.elapsedSeconds }),
    ...(record.timeLimitSeconds !== undefined && { timeLimitSeconds: record.timeLimitSeconds }),
    ...(record.exitCode !== undefined && { exitCode: record.exitCode }),
    ...(record.reqMem !== undefined && { minMemory: record.reqMem }),
  };
}

/**
 * Requested memory for the whole job: sacct 22.05 prints `4000Mn` (per node) or `250Mc` (per CPU);
 * later versions print the job's total.
 */
function requestedMb(record: SacctJob): number | undefined {
  const mb = parseMemoryMb(record.reqMem);
  if (mb === undefined) return undefined;
  if (/c$/i.test(record.reqMem ?? '')) return record.cpus ? mb * record.cpus : undefined;
  if (/n$/i.test(record.reqMem ?? '')) return mb * (record.nodeCount ?? 1);
  return mb;
}

/** How the job used what it asked for, from its accounting record. */
export function usageOf(record: SacctJob | undefined): JobUsage | undefined {
  if (record === undefined) return undefined;
  const reqMemMb = requestedMb(record);
  const usage: JobUsage = {
    ...(record.maxRssMb !== undefined && { maxRssMb: record.maxRssMb }),
    ...(reqMemMb !== undefined && { reqMemMb }),
    ...(record.totalCpuSeconds !== undefined && { totalCpuSeconds: record.totalCpuSeconds }),
    ...(record.cpus !== undefined && { cpus: record.cpus }),
    ...(record.elapsedSeconds !== undefined && { elapsedSeconds: record.elapsedSeconds }),
  };
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/** The records that make up the watched job: itself, or every task of an array / component of a het job. */
function recordsOf(jobId: string, jobs: readonly Job[]): Job[] {
  const id = parseJobId(jobId);
  if (id.arrayTask !== undefined) {
    const task = Number(id.arrayTask);
    const exact = jobs.filter((j) => j.id === jobId);
    if (exact.length > 0) return exact;
    // A task that never started is still inside its array's pending range record.
    return jobs
      .filter((j) => j.arrayJobId === id.baseId && j.arrayTaskId !== undefined && isArrayRange(parseJobId(j.id)) && rangeIncludes(j.arrayTaskId, task))
      .map((j) => ({ ...j, id: jobId, arrayTaskId: id.arrayTask! }));
  }
  if (id.hetOffset !== undefined) return jobs.filter((j) => j.id === jobId);
  return jobs.filter((j) => j.id === jobId || j.baseId === id.baseId);
}

function judgeRecords(jobId: string, records: readonly Job[], accounting: readonly SacctJob[]): Verdict {
  if (!records.every((j) => isEndState(j.state))) return { kind: 'waiting' };
  const id = parseJobId(jobId);
  const isArray = id.arrayTask === undefined && records.some((j) => j.arrayJobId === id.baseId);
  if (isArray) return { kind: 'array-ended', summary: summarizeArray(jobId, records) };
  // A het job: the leader (`+0`) speaks for the whole.
  const job = records.find((j) => j.id === jobId || j.id.endsWith('+0')) ?? records[0]!;
  const usage = usageOf(accounting.find((a) => a.id === job.id || a.id === jobId));
  return { kind: 'ended', job, ...(usage !== undefined && { usage }) };
}

/**
 * Whether a watched job has ended, from one snapshot: squeue first (it knows every job for MinJobAge
 * after it ends), then sacct (where accounting keeps jobs for months), else vanished. An array counts
 * as ended when every task has; a het job when every component has. Pure; never throws.
 */
export function judgeWatch(jobId: string, snapshot: Snapshot): Verdict {
  const accounting = snapshot.accounting ?? [];
  const live = recordsOf(jobId, snapshot.jobs);
  if (live.length > 0) return judgeRecords(jobId, live, accounting);
  const recorded = recordsOf(jobId, accounting.map(jobFromAccounting));
  if (recorded.length > 0) return judgeRecords(jobId, recorded, accounting);
  return { kind: 'vanished' };
}
