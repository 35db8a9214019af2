import { ValidationError } from '../errors';
import type { Job, JobId } from './types';
import { printable } from './values';

/** Slurm job ids are 32-bit; anything longer is a typo, not a job. */
const MAX_ID = 4294967294;

const PRINTED = /^(\d+)(?:_(\d+|\[[^\]]*\]|[\d,%\-:]+)|\+(\d+))?(?:\.[A-Za-z0-9_]+)?$/;

/**
 * A job id as Slurm prints it: `123`, `123_4`, `123_[1-9%2]`, `123+1`, and sacct's steps
 * (`123.batch`, `123_4.0`, whose step part is dropped). Never throws: text that is not an id keeps
 * its leading digits (or itself) as `baseId`, so a display still shows something.
 */
export function parseJobId(text: string): JobId {
  const raw = text.trim();
  const m = PRINTED.exec(raw);
  if (!m) return { raw, baseId: /^\d+/.exec(raw)?.[0] ?? raw };
  const [, baseId, arrayTask, hetOffset] = m;
  const bare = raw.replace(/\.[A-Za-z0-9_]+$/, '');
  return {
    raw: bare,
    baseId: baseId!,
    ...(arrayTask !== undefined ? { arrayTask: arrayTask.replace(/^\[|\]$/g, '') } : {}),
    ...(hetOffset !== undefined ? { hetOffset } : {}),
  };
}

/** True when the job id is a pending array range such as `123_[1-9%2]` (not one task). */
export function isArrayRange(id: JobId): boolean {
  return id.arrayTask !== undefined && !/^\d+$/.test(id.arrayTask);
}

/**
 * Validates a job id a user typed (or a button carried): `123`, array task `123_4`, het
 * component `123+1`. Surrounding spaces and a leading `#` are tolerated, nothing else.
 * @throws ValidationError (field `jobId`) naming the input when it is not such an id.
 */
export function parseJobIdArg(text: string): JobId {
  const trimmed = text.trim().replace(/^#/, '');
  const m = /^(\d{1,10})(?:_(\d{1,10})|\+(\d{1,6}))?$/.exec(trimmed);
  if (!m || Number(m[1]) > MAX_ID || Number(m[1]) === 0 || (m[2] !== undefined && Number(m[2]) > MAX_ID)) {
    throw new ValidationError(
      `"${printable(text)}" is not a job id. Use a number like 1234, an array task like 1234_5 or a het job part like 1234+1.`,
      'jobId',
    );
  }
  const [, baseId, arrayTask, hetOffset] = m;
  const id = {
    baseId: String(Number(baseId)),
    ...(arrayTask !== undefined ? { arrayTask: String(Number(arrayTask)) } : {}),
    ...(hetOffset !== undefined ? { hetOffset: String(Number(hetOffset)) } : {}),
  };
  return { raw: jobIdText(id), ...id };
}

/**
 * The record for the id asked among a command's records: the job itself, else the first record of an
 * array or het job by that id. Undefined when none is.
 */
export function pickJob<T extends Job>(jobs: readonly T[], jobId: string): T | undefined {
  return jobs.find((j) => j.id === jobId) ?? jobs.find((j) => j.baseId === jobId || j.arrayJobId === jobId);
}

/**
 * The id text scancel and scontrol accept for a validated JobId.
 */
export function jobIdText(id: Omit<JobId, 'raw'>): string {
  if (id.arrayTask !== undefined) return `${id.baseId}_${id.arrayTask}`;
  if (id.hetOffset !== undefined) return `${id.baseId}+${id.hetOffset}`;
  return id.baseId;
}
