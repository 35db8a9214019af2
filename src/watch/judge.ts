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

/** A snapshot's records by id, base id and array job id (as positions, to keep squeue's order). */
interface RecordIndex {
  readonly jobs: readonly Job[];
  readonly byId: ReadonlyMap<string, readonly number[]>;
  readonly byBaseId: ReadonlyMap<string, readonly number[]>;
  readonly byArrayJobId: ReadonlyMap<string, readonly number[]>;
}

/** sacct's records as jobs, indexed, and by id for their usage. */
interface AccountingIndex {
  readonly records: readonly SacctJob[];
  readonly asJobs: RecordIndex;
  readonly byId: ReadonlyMap<string, readonly number[]>;
}

function positionsBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, number[]> {
  const map = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = key(item);
    if (k === undefined) return;
    const list = map.get(k);
    if (list) list.push(i);
    else map.set(k, [i]);
  });
  return map;
}

function indexRecords(jobs: readonly Job[]): RecordIndex {
  return { jobs, byId: positionsBy(jobs, (j) => j.id), byBaseId: positionsBy(jobs, (j) => j.baseId), byArrayJobId: positionsBy(jobs, (j) => j.arrayJobId) };
}

/*
 * A tick judges every watch of a cluster against the same snapshot: indexing it once, on the first
 * watch, makes the tick linear in watches + records instead of their product. Keyed by the
 * (readonly) arrays themselves, so a snapshot nobody holds any more takes its index with it.
 */
const recordIndexes = new WeakMap<readonly Job[], RecordIndex>();
const accountingIndexes = new WeakMap<readonly SacctJob[], AccountingIndex>();

function recordIndexOf(jobs: readonly Job[]): RecordIndex {
  let index = recordIndexes.get(jobs);
  if (!index) recordIndexes.set(jobs, (index = indexRecords(jobs)));
  return index;
}

function accountingIndexOf(records: readonly SacctJob[]): AccountingIndex {
  let index = accountingIndexes.get(records);
  if (!index) accountingIndexes.set(records, (index = { records, asJobs: indexRecords(records.map(jobFromAccounting)), byId: positionsBy(records, (a) => a.id) }));
  return index;
}

function at(index: RecordIndex, positions: readonly number[] | undefined): Job[] {
  return (positions ?? []).map((i) => index.jobs[i]!);
}

/** The records that make up the watched job: itself, or every task of an array / component of a het job. */
function recordsOf(jobId: string, index: RecordIndex): Job[] {
  const id = parseJobId(jobId);
  if (id.arrayTask !== undefined) {
    const task = Number(id.arrayTask);
    const exact = at(index, index.byId.get(jobId));
    if (exact.length > 0) return exact;
    // A task that never started is still inside its array's pending range record.
    return at(index, index.byArrayJobId.get(id.baseId))
      .filter((j) => j.arrayTaskId !== undefined && isArrayRange(parseJobId(j.id)) && rangeIncludes(j.arrayTaskId, task))
      .map((j) => ({ ...j, id: jobId, arrayTaskId: id.arrayTask! }));
  }
  if (id.hetOffset !== undefined) return at(index, index.byId.get(jobId));
  const positions = new Set([...(index.byId.get(jobId) ?? []), ...(index.byBaseId.get(id.baseId) ?? [])]);
  return at(index, [...positions].sort((a, b) => a - b));
}

/** The first accounting record of the job (or of the watched id), as `find` over sacct's order would give. */
function accountingOf(accounting: AccountingIndex | undefined, jobId: string, watchedId: string): SacctJob | undefined {
  if (accounting === undefined) return undefined;
  const first = Math.min(accounting.byId.get(jobId)?.[0] ?? Infinity, accounting.byId.get(watchedId)?.[0] ?? Infinity);
  return first === Infinity ? undefined : accounting.records[first];
}

function judgeRecords(jobId: string, records: readonly Job[], accounting: AccountingIndex | undefined): Verdict {
  if (!records.every((j) => isEndState(j.state))) return { kind: 'waiting' };
  const id = parseJobId(jobId);
  const isArray = id.arrayTask === undefined && records.some((j) => j.arrayJobId === id.baseId);
  if (isArray) return { kind: 'array-ended', summary: summarizeArray(jobId, records) };
  // A het job: the leader (`+0`) speaks for the whole.
  const job = records.find((j) => j.id === jobId || j.id.endsWith('+0')) ?? records[0]!;
  const usage = usageOf(accountingOf(accounting, job.id, jobId));
  return { kind: 'ended', job, ...(usage !== undefined && { usage }) };
}

/**
 * Whether a watched job has ended, from one snapshot: squeue first (it knows every job for MinJobAge
 * after it ends), then sacct (where accounting keeps jobs for months), else vanished. An array counts
 * as ended when every task has; a het job when every component has. The snapshot's arrays are
 * indexed on the first call and must not change afterwards (they are readonly). Never throws.
 */
export function judgeWatch(jobId: string, snapshot: Snapshot): Verdict {
  const accounting = snapshot.accounting === undefined ? undefined : accountingIndexOf(snapshot.accounting);
  const live = recordsOf(jobId, recordIndexOf(snapshot.jobs));
  if (live.length > 0) return judgeRecords(jobId, live, accounting);
  const recorded = accounting === undefined ? [] : recordsOf(jobId, accounting.asJobs);
  if (recorded.length > 0) return judgeRecords(jobId, recorded, accounting);
  return { kind: 'vanished' };
}
