import { fieldIndexes, SQUEUE_FIELDS, splitRecordValues } from '../fields';
import { expandOutputPath } from '../output-path';
import { isEndState, parseJobState } from '../states';
import { parseDuration, parseSlurmTime } from '../time';
import type { Job } from '../types';
import { optionalInt, optionalText, parseExitCode } from '../values';
import { jobTimes } from './job-times';
import { timeZoneOf, type ParseOptions } from './options';

const F = fieldIndexes(SQUEUE_FIELDS);
type Writable<T> = { -readonly [K in keyof T]: T[K] };

function jobFromRecord(row: readonly string[], timeZone: string): Job | undefined {
  const jobId = optionalInt(row[F.jobId]!);
  if (jobId === undefined) return undefined;
  const arrayTaskId = optionalText(row[F.arrayTaskId]!);
  const arrayJobId = arrayTaskId === undefined ? undefined : optionalText(row[F.arrayJobId]!);
  const hetJobId = optionalText(row[F.hetJobId]!);
  const hetOffset = optionalText(row[F.hetOffset]!);
  const jobIdText = String(jobId);
  const id = optionalText(row[F.displayId]!)
    ?? (hetJobId !== undefined && hetOffset !== undefined ? `${hetJobId}+${hetOffset}` : jobIdText);
  const baseId = arrayJobId ?? hetJobId ?? jobIdText;
  const name = row[F.name]!;
  const user = row[F.user]!.trim();
  const nodes = optionalText(row[F.nodes]!);
  const state = parseJobState(row[F.state]!);
  const reason = optionalText(row[F.reason]!);
  const nodeCount = optionalInt(row[F.nodeCount]!);
  const cpus = optionalInt(row[F.cpus]!);
  const submitTime = parseSlurmTime(row[F.submitTime]!, timeZone);
  const times = jobTimes(state, parseSlurmTime(row[F.startTime]!, timeZone), parseSlurmTime(row[F.endTime]!, timeZone));
  const elapsedSeconds = parseDuration(row[F.timeUsed]!);
  const timeLimitSeconds = parseDuration(row[F.timeLimit]!);
  const exitCode = isEndState(state) ? parseExitCode(row[F.exitCode]!) : undefined;
  const ctx = { jobId: jobIdText, arrayJobId, arrayTaskId, user, name, nodes };
  const stdoutPattern = optionalText(row[F.stdout]!);
  const stderrPattern = optionalText(row[F.stderr]!);
  const stdout = stdoutPattern === undefined ? undefined : expandOutputPath(stdoutPattern, ctx);
  // Most jobs send both streams to one file.
  const stderr = stderrPattern === undefined ? undefined : stderrPattern === stdoutPattern ? stdout : expandOutputPath(stderrPattern, ctx);
  const workDir = optionalText(row[F.workDir]!);
  const dependency = optionalText(row[F.dependency]!);
  const minMemory = row[F.minMemory]!.trim() === '0' ? undefined : optionalText(row[F.minMemory]!);
  // Only the fields Slurm gave a value, in a fixed order, each set by name: this runs for every
  // record of a busy cluster's queue, where a generic compact() (entries, filter, fromEntries) was a
  // sixth of the parse, and keyed stores would turn every job into a slow dictionary object.
  const job = { id, baseId } as Writable<Job>;
  if (arrayJobId !== undefined) job.arrayJobId = arrayJobId;
  if (arrayTaskId !== undefined) job.arrayTaskId = arrayTaskId;
  job.name = name;
  job.user = user;
  job.state = state;
  job.stateText = row[F.state]!.trim();
  if (reason !== undefined) job.reason = reason;
  job.partition = row[F.partition]!.trim();
  if (nodes !== undefined) job.nodes = nodes;
  if (nodeCount !== undefined) job.nodeCount = nodeCount;
  if (cpus !== undefined) job.cpus = cpus;
  if (submitTime !== undefined) job.submitTime = submitTime;
  if (times.expectedStart !== undefined) job.expectedStart = times.expectedStart;
  if (times.startTime !== undefined) job.startTime = times.startTime;
  if (times.endTime !== undefined) job.endTime = times.endTime;
  if (elapsedSeconds !== undefined) job.elapsedSeconds = elapsedSeconds;
  if (timeLimitSeconds !== undefined) job.timeLimitSeconds = timeLimitSeconds;
  if (exitCode !== undefined) job.exitCode = exitCode;
  if (stdout !== undefined) job.stdout = stdout;
  if (stderr !== undefined) job.stderr = stderr;
  if (workDir !== undefined) job.workDir = workDir;
  if (dependency !== undefined) job.dependency = dependency;
  if (minMemory !== undefined) job.minMemory = minMemory;
  return job;
}

/**
 * Jobs from the output of buildSqueue. Output file patterns (`%j`, `%x`…) are expanded; when
 * that is impossible (a pending array range has no single file) stdout/stderr are left out. Records without a numeric job id are skipped; unknown values become UNKNOWN or are
 * left out. Never throws.
 */
export function parseSqueue(stdout: string, options?: ParseOptions): Job[] {
  const timeZone = timeZoneOf(options);
  const jobs: Job[] = [];
  for (const record of splitRecordValues(stdout, SQUEUE_FIELDS, 'name')) {
    const job = jobFromRecord(record, timeZone);
    if (job !== undefined) jobs.push(job);
  }
  return jobs;
}
