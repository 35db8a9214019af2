import { ValidationError } from '../errors';
import { durationParts, formatDuration } from './time';
import type { Seconds } from './types';
import { printable } from './values';

/*
 * Validators for what a Slack user types. Each returns the value Slurm should receive
 * (normalised where Slurm has several spellings) or throws a ValidationError whose message
 * can be shown to the user as is and whose `field` names the input.
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Same rule as useradd's default NAME_REGEX (and shell.ts's runAs check). */
const UNIX_USER = /^[a-z_][a-z0-9_.-]{0,31}$/;

/**
 * @throws ValidationError (field `user`) unless `text` is a Unix user name.
 */
export function validateUserName(text: string, field = 'user'): string {
  const t = text.trim();
  if (!UNIX_USER.test(t)) {
    throw new ValidationError(
      `"${printable(text)}" is not a valid Unix user name (lower-case letters, digits, "_", "-", "."; at most 32 characters).`,
      field,
    );
  }
  return t;
}

const PARTITION = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/**
 * @throws ValidationError (field `partition`) unless `text` is a plausible partition name.
 */
export function validatePartition(text: string, field = 'partition'): string {
  const t = text.trim();
  if (!PARTITION.test(t)) {
    throw new ValidationError(
      `"${printable(text)}" is not a valid partition name (letters, digits, "_", "-", "."; at most 64 characters).`,
      field,
    );
  }
  return t;
}

/** A name for accounts, QOS, reservations, features: Slurm's own identifiers. */
const SLURM_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/**
 * @throws ValidationError (with `field`) unless `text` is a Slurm identifier (account, QOS, reservation).
 */
export function validateSlurmName(text: string, field: string, label: string): string {
  const t = text.trim();
  if (!SLURM_NAME.test(t)) {
    throw new ValidationError(`"${printable(text)}" is not a valid ${label} (letters, digits, "_", "-", ".").`, field);
  }
  return t;
}

export const MAX_JOB_NAME_LENGTH = 200;

/**
 * A job name: any printable text, unicode included, on one line, at most 200 characters.
 * Leading and trailing spaces are dropped.
 * @throws ValidationError (field `jobName`) for an empty, multi-line, control-character or too long name.
 */
export function validateJobName(text: string, field = 'jobName'): string {
  return validateFreeText(text, field, 'The job name', MAX_JOB_NAME_LENGTH);
}

/**
 * One line of printable text (job name, comment), trimmed.
 * @throws ValidationError (with `field`) for empty, multi-line, control characters or longer than `max`.
 */
export function validateFreeText(text: string, field: string, label: string, max: number): string {
  const t = text.trim();
  if (t === '') throw new ValidationError(`${label} cannot be empty.`, field);
  if (/[\r\n\u2028\u2029]/.test(t)) throw new ValidationError(`${label} must fit on one line.`, field);
  if (CONTROL.test(t)) throw new ValidationError(`${label} contains a control character; use printable text only.`, field);
  if ([...t].length > max) throw new ValidationError(`${label} is longer than ${max} characters.`, field);
  return t;
}

export interface TimeLimit {
  /** null = no limit. */
  readonly seconds: Seconds;
  /** What to hand Slurm: `D-HH:MM:SS`, `HH:MM:SS` or `UNLIMITED`. */
  readonly slurm: string;
}

/** A year: longer is a typo, and Slurm would leave the job pending forever anyway. */
const MAX_TIME_LIMIT_SECONDS = 366 * 86400;

/**
 * A time limit in any form sbatch accepts: `MM`, `MM:SS`, `HH:MM:SS`, `D-HH`, `D-HH:MM`,
 * `D-HH:MM:SS`, `UNLIMITED` / `INFINITE`. The first number may be large (`90` = 90 minutes);
 * the ones after it must be below 60 (below 24 for hours after days).
 * @throws ValidationError (field `time`) with the accepted forms when the text is none of them,
 *   is zero, or is longer than a year.
 */
export function parseTimeLimit(text: string, field = 'time'): TimeLimit {
  const t = text.trim();
  if (/^(unlimited|infinite)$/i.test(t)) return { seconds: null, slurm: 'UNLIMITED' };
  const forms = 'Use minutes (30), MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS or UNLIMITED.';
  const p = /^[\d:-]+$/.test(t) && !/\.\d/.test(t) ? durationParts(t) : undefined;
  if (!p) throw new ValidationError(`"${printable(text)}" is not a time limit. ${forms}`, field);
  const hasDays = t.includes('-');
  const colons = (t.match(/:/g) ?? []).length;
  const tooBig =
    (hasDays && p.hours >= 24) ||
    ((hasDays || colons === 2) && p.minutes >= 60) ||
    (colons >= 1 && p.seconds >= 60);
  if (tooBig) throw new ValidationError(`"${printable(text)}" is not a time limit: minutes and seconds go up to 59, hours after days up to 23. ${forms}`, field);
  const seconds = ((p.days * 24 + p.hours) * 60 + p.minutes) * 60 + p.seconds;
  if (seconds === 0) throw new ValidationError(`A time limit of zero is not allowed; for no limit write UNLIMITED.`, field);
  if (seconds > MAX_TIME_LIMIT_SECONDS) throw new ValidationError(`"${printable(text)}" is longer than a year; ask for less time.`, field);
  return { seconds, slurm: formatDuration(seconds) };
}

export interface Memory {
  readonly megabytes: number;
  /** What to hand Slurm: a whole number with its unit, e.g. `500M`, `4G`. */
  readonly slurm: string;
}

const MEMORY_UNITS: Readonly<Record<string, number>> = { K: 1 / 1024, M: 1, G: 1024, T: 1024 * 1024 };

/** 64 TiB per node or per CPU is beyond any node; a bigger number is a typo. */
const MAX_MEMORY_MB = 64 * 1024 * 1024;

/**
 * A memory size as sbatch's `--mem` takes it: `500M`, `4G`, `1T`, `2048K`, or a plain number of
 * megabytes. A trailing `B` (`4GB`) is tolerated. The unit keeps its value; only the spelling is
 * normalised (`4gb` → `4G`).
 * @throws ValidationError (field `mem`) for another unit, a fraction, zero or an absurd size.
 */
export function parseMemory(text: string, field = 'mem'): Memory {
  const m = /^(\d{1,12})\s*([KMGT])?B?$/i.exec(text.trim());
  if (!m) {
    throw new ValidationError(`"${printable(text)}" is not a memory size. Use a whole number with K, M, G or T, e.g. 500M or 4G (a plain number means MB).`, field);
  }
  const unit = (m[2] ?? 'M').toUpperCase();
  const amount = Number(m[1]);
  const megabytes = amount * MEMORY_UNITS[unit]!;
  if (amount === 0) throw new ValidationError('Memory must be more than zero.', field);
  if (megabytes > MAX_MEMORY_MB) throw new ValidationError(`"${printable(text)}" is more memory than any node has.`, field);
  return { megabytes, slurm: `${amount}${unit}` };
}

export interface CountRange {
  readonly min?: number;
  readonly max?: number;
}

/**
 * A whole number within [min, max] (default 1 to 100000), typed as text or given as a number.
 * @throws ValidationError (with `field`) naming `label` when it is not a whole number or out of range.
 */
export function validateCount(value: string | number, field: string, label: string, range: CountRange = {}): number {
  const min = range.min ?? 1;
  const max = range.max ?? 100000;
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!/^\d{1,9}$/.test(text)) {
    throw new ValidationError(`${label} must be a whole number from ${min} to ${max}; got "${printable(String(value))}".`, field);
  }
  const n = Number(text);
  if (n < min || n > max) throw new ValidationError(`${label} must be from ${min} to ${max}; got ${n}.`, field);
  return n;
}

export const MAX_PATH_LENGTH = 4096;

/**
 * An absolute path on the cluster (working directory, output file). Not resolved or checked for
 * existence: Slurm does that, as the user.
 * @throws ValidationError (field `workDir` by default) for a relative path, a NUL, a newline or
 *   another control character, or a path over 4096 bytes.
 */
export function validateAbsolutePath(text: string, field = 'workDir', label = 'The working directory'): string {
  const t = text.trim();
  if (!t.startsWith('/')) throw new ValidationError(`${label} must be an absolute path starting with "/"; got "${printable(text)}".`, field);
  if (CONTROL.test(t)) throw new ValidationError(`${label} cannot contain newlines or control characters.`, field);
  if (Buffer.byteLength(t) > MAX_PATH_LENGTH) throw new ValidationError(`${label} is longer than ${MAX_PATH_LENGTH} bytes.`, field);
  return t;
}

/**
 * @throws ValidationError (field `workDir`), see validateAbsolutePath.
 */
export function validateWorkDir(text: string, field = 'workDir'): string {
  return validateAbsolutePath(text, field, 'The working directory');
}
