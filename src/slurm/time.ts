import type { Seconds } from './types';

/**
 * Slurm prints timestamps in the head node's local time with no zone (`2026-11-29T19:58:33`).
 * Parsers take the cluster's IANA time zone (default `UTC`, which is what ParallelCluster head
 * nodes use) and turn the wall-clock text into an instant. Epoch seconds (what Slurm prints with
 * `SLURM_TIME_FORMAT=%s`) are accepted too, as they carry no zone.
 */
export const DEFAULT_TIME_ZONE = 'UTC';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Milliseconds the zone's wall clock is ahead of UTC at `instant`. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * True when `timeZone` is an IANA zone name this runtime knows (`UTC`, `Europe/Paris`).
 */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * A Slurm timestamp as an instant, reading the wall-clock text in `timeZone`.
 * Undefined for `Unknown`, `N/A`, `None`, `(null)`, an unknown zone and anything unparseable:
 * it never throws. A wall time that happens twice (clocks going back) is the earlier instant; one
 * that never happens (clocks going forward) is read with the offset before the change.
 */
export function parseSlurmTime(text: string | undefined, timeZone: string = DEFAULT_TIME_ZONE): Date | undefined {
  const t = text?.trim() ?? '';
  if (/^\d{9,11}$/.test(t)) return new Date(Number(t) * 1000);
  const m = TIMESTAMP.exec(t);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const sec = Number.isNaN(s) ? 0 : s!;
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || sec > 59) return undefined;
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, sec);
  if (timeZone === 'UTC') return new Date(wall);
  if (!isValidTimeZone(timeZone)) return undefined;
  // Try the offsets in force a day before and a day after: a wall time that exists once fits one
  // of them, one that happens twice (clocks going back) fits both, and one in a gap fits neither.
  const day = 86400000;
  const fits = [zoneOffsetMs(wall - day, timeZone), zoneOffsetMs(wall + day, timeZone)]
    .map((offset) => wall - offset)
    .filter((instant) => wall - zoneOffsetMs(instant, timeZone) === instant);
  return new Date(fits.length ? Math.min(...fits) : wall - zoneOffsetMs(wall - day, timeZone));
}

/**
 * Formats an instant as Slurm's wall-clock text in `timeZone` (for `--begin` and tests).
 */
export function formatSlurmTime(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const shifted = new Date(date.getTime() + zoneOffsetMs(date.getTime(), timeZone));
  return shifted.toISOString().slice(0, 19);
}

const DURATION = /^(?:(\d{1,6})-)?(\d{1,9})(?::(\d{1,9}))?(?::(\d{1,9}))?(?:\.(\d{1,6}))?$/;

/**
 * Splits a duration in any Slurm form into seconds, following Slurm's own reading:
 * `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S` (sacct's TotalCPU adds `.mmm`, ignored).
 * Returns undefined when the text has none of these shapes.
 */
export function durationParts(text: string): { days: number; hours: number; minutes: number; seconds: number } | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  const [, d, a, b, c] = m;
  const days = d === undefined ? 0 : Number(d);
  if (d !== undefined) {
    // D-H, D-H:M, D-H:M:S
    return { days, hours: Number(a), minutes: b === undefined ? 0 : Number(b), seconds: c === undefined ? 0 : Number(c) };
  }
  if (c !== undefined) return { days, hours: Number(a), minutes: Number(b), seconds: Number(c) };
  if (b !== undefined) return { days, hours: 0, minutes: Number(a), seconds: Number(b) };
  return { days, hours: 0, minutes: Number(a), seconds: 0 };
}

/**
 * A duration as Slurm prints it (TimeLimit, TimeUsed, RunTime, Elapsed, MaxTime, sinfo's `infinite`)
 * in seconds. `UNLIMITED`/`INFINITE` give null (no limit); `INVALID`, `NOT_SET`, `N/A`, `NONE`
 * and anything unparseable give undefined. Never throws.
 */
export function parseDuration(text: string | undefined): Seconds | undefined {
  const t = text?.trim() ?? '';
  if (/^(unlimited|infinite)$/i.test(t)) return null;
  const p = durationParts(t);
  if (!p) return undefined;
  return ((p.days * 24 + p.hours) * 60 + p.minutes) * 60 + p.seconds;
}

/** Seconds as Slurm's `D-HH:MM:SS` (days only when needed); null as `UNLIMITED`. */
export function formatDuration(seconds: Seconds): string {
  if (seconds === null) return 'UNLIMITED';
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor((s % 86400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return days > 0 ? `${days}-${hms}` : hms;
}
