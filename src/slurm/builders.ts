import { ValidationError } from '../errors';
import type { Argv } from '../exec/executor';
import {
  FIELD_SEP, SACCT_FIELDS, SINFO_PARTITION_FIELDS, SQUEUE_FIELDS, SQUEUE_START_FIELDS, formatOption, percentFormat, sacctFormat,
} from './fields';
import { jobIdText, parseJobIdArg } from './jobid';
import { checkSbatchArgs } from './sbatch-options';
import { JOB_STATES, type JobState } from './states';
import type { JobFilter, JobId } from './types';
import { validateAbsolutePath, validateCount, validatePartition, validateUserName } from './validate';

/*
 * Pure builders: each returns the argv of one Slurm command. Every value is validated here again
 * (cheap, and a builder must be safe whoever calls it); shell quoting happens only in shell.ts.
 */

function jobIdArg(id: JobId | string): string {
  return jobIdText(parseJobIdArg(typeof id === 'string' ? id : id.raw));
}

function stateArg(state: JobState): string {
  if (!JOB_STATES.includes(state) || state === 'UNKNOWN') {
    throw new ValidationError(`"${String(state)}" is not a job state you can filter on.`, 'states');
  }
  return state;
}

/** The filter options squeue and `squeue --start` share. */
function filterArgs(filter: JobFilter): string[] {
  const args: string[] = [];
  if (filter.users?.length) args.push(`--users=${filter.users.map((u) => validateUserName(u, 'users')).join(',')}`);
  if (filter.partition !== undefined) args.push(`--partition=${validatePartition(filter.partition)}`);
  if (filter.jobIds?.length) args.push(`--jobs=${filter.jobIds.map(jobIdArg).join(',')}`);
  return args;
}

/**
 * squeue for a job list: one record per job, per running array task and per pending array range
 * (`123_[4-9%2]`, as without `--array` squeue folds pending tasks), all partitions, the
 * SQUEUE_FIELDS map as `-O`. With job ids, states default to all, so a job that ended within
 * MinJobAge is still found.
 * @throws ValidationError for a bad user, partition, job id or state in the filter.
 */
export function buildSqueue(filter: JobFilter = {}): Argv {
  const args = ['squeue', '--noheader', '--all', '--noconvert', `--Format=${formatOption(SQUEUE_FIELDS)}`];
  args.push(...filterArgs(filter));
  if (filter.states?.length) args.push(`--states=${filter.states.map(stateArg).join(',')}`);
  else if (filter.jobIds?.length) args.push('--states=all');
  return args;
}

/**
 * `squeue --start`: expected start times of pending jobs (needs the backfill scheduler).
 * States other than pending make no sense here and are ignored.
 * @throws ValidationError for a bad user, partition or job id in the filter.
 */
export function buildSqueueStart(filter: JobFilter = {}): Argv {
  return ['squeue', '--noheader', '--all', '--start', `--format=${percentFormat(SQUEUE_START_FIELDS)}`, ...filterArgs(filter)];
}

/**
 * sinfo for partitions: one line per partition and node state, summed up by parseSinfoPartitions.
 * @throws ValidationError for a bad partition name.
 */
export function buildSinfoPartitions(partition?: string): Argv {
  const args = ['sinfo', '--noheader', `--Format=${formatOption(SINFO_PARTITION_FIELDS)}`];
  if (partition !== undefined) args.push(`--partition=${validatePartition(partition)}`);
  return args;
}

/** A host name; the first character cannot be "-", or scontrol would read an option. */
const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * `scontrol show node` in one-line form, for all nodes or one.
 * @throws ValidationError (field `node`) for a node name that is not a plain host name.
 */
export function buildShowNodes(node?: string): Argv {
  const args = ['scontrol', '--oneliner', 'show', 'node'];
  if (node !== undefined) {
    if (!NODE_NAME.test(node)) throw new ValidationError(`"${node.slice(0, 60)}" is not a node name.`, 'node');
    args.push(node);
  }
  return args;
}

/**
 * `scontrol show job` in one-line form for one job (an array parent lists all its tasks).
 * @throws ValidationError (field `jobId`) for a bad job id.
 */
export function buildShowJob(jobId: JobId | string): Argv {
  return ['scontrol', '--oneliner', 'show', 'job', jobIdArg(jobId)];
}

/**
 * sbatch that reads the job script from standard input and prints `id[;cluster]`.
 * `options` are argv items from parseSbatchOptions / sbatchOption; they are checked again here.
 * @throws ValidationError for an option off the allow-list or with a bad value.
 */
export function buildSbatch(options: readonly string[] = []): Argv {
  return ['sbatch', '--parsable', ...checkSbatchArgs(options)];
}

/**
 * scancel of one job, array task or het component. `--verbose` because scancel otherwise says
 * nothing (and exits 0) for an unknown or already finished job; read stderr with findSlurmError.
 * @throws ValidationError (field `jobId`) for a bad job id.
 */
export function buildScancel(jobId: JobId | string): Argv {
  return ['scancel', '--verbose', jobIdArg(jobId)];
}

export type JobControlAction = 'hold' | 'release' | 'requeue';

/**
 * `scontrol hold|release|requeue <job>`.
 * @throws ValidationError (field `jobId`) for a bad job id.
 */
export function buildJobControl(action: JobControlAction, jobId: JobId | string): Argv {
  if (action !== 'hold' && action !== 'release' && action !== 'requeue') {
    throw new ValidationError(`"${String(action)}" is not a job action.`, 'action');
  }
  return ['scontrol', action, jobIdArg(jobId)];
}

/** @throws ValidationError (field `jobId`) for a bad job id. */
export const buildHold = (jobId: JobId | string): Argv => buildJobControl('hold', jobId);
/** @throws ValidationError (field `jobId`) for a bad job id. */
export const buildRelease = (jobId: JobId | string): Argv => buildJobControl('release', jobId);
/** @throws ValidationError (field `jobId`) for a bad job id. */
export const buildRequeue = (jobId: JobId | string): Argv => buildJobControl('requeue', jobId);

/**
 * sacct for the given jobs (with their steps), machine-readable with the SACCT_FIELDS map.
 * Needs Slurm accounting (slurmdbd); without it sacct fails with "accounting storage is disabled".
 * @throws ValidationError (field `jobId`) for an empty list or a bad job id.
 */
export function buildSacct(jobIds: readonly (JobId | string)[]): Argv {
  if (jobIds.length === 0) throw new ValidationError('Give at least one job id.', 'jobId');
  return [
    'sacct', '--noheader', '--parsable2', `--delimiter=${FIELD_SEP}`, '--noconvert',
    `--format=${sacctFormat(SACCT_FIELDS)}`, `--jobs=${jobIds.map(jobIdArg).join(',')}`,
  ];
}

/**
 * The last `lines` lines of a file (a job's output): `tail -n N -- path`.
 * @throws ValidationError for a relative or malformed path, or lines outside 1..10000.
 */
export function buildTail(path: string, lines = 50): Argv {
  const file = validateAbsolutePath(path, 'path', 'The output file');
  const n = validateCount(lines, 'lines', 'The number of lines', { min: 1, max: 10000 });
  return ['tail', '-n', String(n), '--', file];
}
