import type { Seconds } from './types';

/**
 * Slurm prints timestamps in the head node's local time with no zone (`2026-11-29T19:58:33`).
 * Parsers take the cluster's IANA time zone (default `UTC`, which is what ParallelCluster head
 * nodes use) and turn the wall-clock text into an instant. Epoch seconds (what Slurm prints with
 * `SLURM_TIME_FORMAT=%s`) are accepted too, as they carry no zone.
 */
export const DEFAULT_TIME_ZONE = 'UTC';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

interface Zone {
  readonly formatter: Intl.DateTimeFormat;
  /** Offset by UTC hour (instant / HOUR), for the hours that hold no change of offset. */
  readonly offsets: Map<number, number>;
}

const zones = new Map<string, Zone>();
const HOUR = 3600000;
/** Hours kept per zone; a worker that has seen more starts over (years of timestamps, far past any output). */
const MAX_CACHED_HOURS = 100_000;

/** @throws RangeError for a zone name the runtime does not know. */
function zoneFor(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    zone = { formatter, offsets: new Map() };
    zones.set(timeZone, zone);
  }
  return zone;
}

/** What Intl says: milliseconds the zone's wall clock is ahead of UTC at `instant`. */
function askedOffsetMs(instant: number, formatter: Intl.DateTimeFormat): number {
  const parts: Record<string, number> = {};
  for (const p of formatter.formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * Milliseconds the zone's wall clock is ahead of UTC at `instant`. Intl is slow (microseconds a
 * call, and a timestamp needs several), so the offset is kept per UTC hour once its first and last
 * second agree: zones change offset at most once in an hour, so such an hour holds no change. An
 * hour that does (offsets change at odd minutes in some zones and in history) is asked every time.
 */
function zoneOffsetMs(instant: number, zone: Zone): number {
  const hour = Math.floor(instant / HOUR);
  const cached = zone.offsets.get(hour);
  if (cached !== undefined) return cached;
  const first = askedOffsetMs(hour * HOUR, zone.formatter);
  if (askedOffsetMs(hour * HOUR + HOUR - 1000, zone.formatter) !== first) return askedOffsetMs(instant, zone.formatter);
  if (zone.offsets.size >= MAX_CACHED_HOURS) zone.offsets.clear();
  zone.offsets.set(hour, first);
  return first;
}

/**
 * True when `timeZone` is an IANA zone name this runtime knows (`UTC`, `Europe/Paris`).
 */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    zoneFor(timeZone);
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
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return undefined;
  const wall = Date.UTC(Number(m[1]), mo - 1, d, h, mi, sec);
  if (timeZone === 'UTC') return new Date(wall);
  let zone: Zone;
  try {
    zone = zoneFor(timeZone);
  } catch {
    return undefined;
  }
  // Try the offsets in force a day before and a day after: a wall time that exists once fits one
  // of them, one that happens twice (clocks going back) fits both, and one in a gap fits neither.
  const day = 86400000;
  const before = wall - zoneOffsetMs(wall - day, zone);
  const after = wall - zoneOffsetMs(wall + day, zone);
  const beforeFits = wall - zoneOffsetMs(before, zone) === before;
  const afterFits = wall - zoneOffsetMs(after, zone) === after;
  if (beforeFits && afterFits) return new Date(Math.min(before, after));
  return new Date(afterFits ? after : before);
}

/**
 * Formats an instant as Slurm's wall-clock text in `timeZone` (for `--begin` and tests).
 */
export function formatSlurmTime(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const shifted = new Date(date.getTime() + zoneOffsetMs(date.getTime(), zoneFor(timeZone)));
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
