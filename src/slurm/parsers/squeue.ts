import { SQUEUE_FIELDS, splitRecords, type FieldRow } from '../fields';
import { expandOutputPath } from '../output-path';
import { isEndState, parseJobState } from '../states';
import { parseDuration, parseSlurmTime } from '../time';
import type { Job } from '../types';
import { optionalInt, optionalText, parseExitCode } from '../values';
import { compact } from './compact';
import { jobTimes } from './job-times';
import { timeZoneOf, type ParseOptions } from './options';

type Row = FieldRow<typeof SQUEUE_FIELDS>;

function jobFromRow(row: Row, timeZone: string): Job | undefined {
  const jobId = optionalInt(row.jobId);
  if (jobId === undefined) return undefined;
  const arrayTaskId = optionalText(row.arrayTaskId);
  const arrayJobId = arrayTaskId === undefined ? undefined : optionalText(row.arrayJobId);
  const hetJobId = optionalText(row.hetJobId);
  const hetOffset = optionalText(row.hetOffset);
  const id = optionalText(row.displayId)
    ?? (hetJobId !== undefined && hetOffset !== undefined ? `${hetJobId}+${hetOffset}` : String(jobId));
  const baseId = arrayJobId ?? hetJobId ?? String(jobId);
  const name = row.name;
  const user = row.user.trim();
  const nodes = optionalText(row.nodes);
  const ctx = { jobId: String(jobId), arrayJobId, arrayTaskId, user, name, nodes };
  const state = parseJobState(row.state);
  const stdout = optionalText(row.stdout);
  const stderr = optionalText(row.stderr);
  return compact<Job>({
    id,
    baseId,
    arrayJobId,
    arrayTaskId,
    name,
    user,
    state,
    stateText: row.state.trim(),
    reason: optionalText(row.reason),
    partition: row.partition.trim(),
    nodes,
    nodeCount: optionalInt(row.nodeCount),
    cpus: optionalInt(row.cpus),
    submitTime: parseSlurmTime(row.submitTime, timeZone),
    ...jobTimes(state, parseSlurmTime(row.startTime, timeZone), parseSlurmTime(row.endTime, timeZone)),
    elapsedSeconds: parseDuration(row.timeUsed),
    timeLimitSeconds: parseDuration(row.timeLimit),
    exitCode: isEndState(state) ? parseExitCode(row.exitCode) : undefined,
    stdout: stdout === undefined ? undefined : expandOutputPath(stdout, ctx),
    stderr: stderr === undefined ? undefined : expandOutputPath(stderr, ctx),
    workDir: optionalText(row.workDir),
    dependency: optionalText(row.dependency),
    minMemory: row.minMemory.trim() === '0' ? undefined : optionalText(row.minMemory),
  });
}

/**
 * Jobs from the output of buildSqueue. Output file patterns (`%j`, `%x`…) are expanded; when
 * that is impossible (a pending array range has no single file) stdout/stderr are left out. Records without a numeric job id are skipped; unknown values become UNKNOWN or are
 * left out. Never throws.
 */
export function parseSqueue(stdout: string, options?: ParseOptions): Job[] {
  const timeZone = timeZoneOf(options);
  return splitRecords(stdout, SQUEUE_FIELDS, 'name')
    .map((row) => jobFromRow(row, timeZone))
    .filter((job): job is Job => job !== undefined);
}
