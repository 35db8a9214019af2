import type { ExitCode } from './types';

/**
 * Words Slurm prints where a value is absent. Compared case-insensitively, because
 * sinfo says `n/a` where scontrol says `N/A`.
 */
const UNSET_WORDS: ReadonlySet<string> = new Set(['', '(null)', 'n/a', 'none', 'unknown', 'null', 'not_set', '(nil)']);

/** Longer text cannot be one of UNSET_WORDS, so it skips the lower-casing (parsers test every field). */
const LONGEST_UNSET = Math.max(...[...UNSET_WORDS].map((w) => w.length));

function isUnsetTrimmed(text: string): boolean {
  return text.length <= LONGEST_UNSET && UNSET_WORDS.has(text.toLowerCase());
}

/** True when Slurm's text means "no value". */
export function isUnset(text: string | undefined): boolean {
  return text === undefined || isUnsetTrimmed(text.trim());
}

/** Slurm's text trimmed, or undefined when it means "no value". */
export function optionalText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  return isUnsetTrimmed(trimmed) ? undefined : trimmed;
}

/** A non-negative integer, or undefined for anything else (never throws). */
export function optionalInt(text: string | undefined): number | undefined {
  const t = text?.trim() ?? '';
  if (!/^\d{1,15}$/.test(t)) return undefined;
  return Number(t);
}

/** A decimal number such as a CPU load `0.08`, or undefined. */
export function optionalNumber(text: string | undefined): number | undefined {
  const t = text?.trim() ?? '';
  if (!/^\d{1,15}(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/**
 * An exit code as Slurm prints it: `3:0` (code:signal) from scontrol and sacct, or the raw
 * wait status (`768` = exit 3, `9` = signal 9) that squeue's `exit_code` field prints in 22.05.
 */
export function parseExitCode(text: string | undefined): ExitCode | undefined {
  const t = text?.trim() ?? '';
  const pair = /^(\d{1,3}):(\d{1,3})$/.exec(t);
  if (pair) return { code: Number(pair[1]), signal: Number(pair[2]) };
  if (!/^\d{1,10}$/.test(t)) return undefined;
  const status = Number(t);
  return { code: (status >> 8) & 0xff, signal: status & 0x7f };
}

const MB_PER_UNIT: Readonly<Record<string, number>> = { K: 1 / 1024, M: 1, G: 1024, T: 1024 * 1024, P: 1024 ** 3 };

/**
 * A memory size as Slurm prints it (`16000`, `4000M`, `4G`, `123456K`, sacct 22.05's `4000Mn`/`250Mc`)
 * in megabytes. A bare number is megabytes, as everywhere in Slurm. Undefined for anything else.
 */
export function parseMemoryMb(text: string | undefined): number | undefined {
  const m = /^(\d{1,15}(?:\.\d+)?)([KMGTP]?)[nc]?$/i.exec(text?.trim() ?? '');
  if (!m) return undefined;
  return Number(m[1]) * MB_PER_UNIT[(m[2] || 'M').toUpperCase()]!;
}

/** `alice(1001)` → `alice`, as scontrol prints users and groups. */
export function stripNumericId(text: string): string {
  return text.replace(/\(\d+\)$/, '');
}

/** Shows untrusted input inside a message: control characters replaced, cut to a readable length. */
export function printable(text: string, max = 60): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
