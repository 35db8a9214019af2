import type { NodeStateFamily, Seconds } from '../../slurm/types';
import { stateFamily, type JobState, type StateFamily } from '../../slurm/states';
import { inlineCode } from './escape';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A duration as people read it: `45s`, `12m 05s`, `2h 05m`, `3d 4h`; `UNLIMITED` for null
 * (Slurm's UNLIMITED), `—` when unknown or not a sane number.
 */
export function formatDuration(seconds: Seconds | undefined): string {
  if (seconds === null) return 'UNLIMITED';
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.floor(seconds);
  if (s < MINUTE) return `${s}s`;
  if (s < HOUR) return `${Math.floor(s / MINUTE)}m ${pad2(s % MINUTE)}s`;
  if (s < DAY) return `${Math.floor(s / HOUR)}h ${pad2(Math.floor((s % HOUR) / MINUTE))}m`;
  return `${Math.floor(s / DAY)}d ${Math.floor((s % DAY) / HOUR)}h`;
}

/** `1h 02m / 4h 00m`: time used against the limit, the way squeue's TIME and TIME_LIMIT pair up. */
export function formatElapsed(elapsed: Seconds | undefined, limit: Seconds | undefined): string {
  if (limit === undefined) return formatDuration(elapsed);
  return `${formatDuration(elapsed)} / ${formatDuration(limit)}`;
}

function isValidDate(date: Date | undefined): date is Date {
  return date !== undefined && Number.isFinite(date.getTime());
}

/** `2024-05-01 13:05 UTC`: what clients that cannot render a date token show instead. */
export function formatUtc(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * A time as Slack's date token, which each reader sees in their own timezone
 * ("Today at 13:05"). Only this function builds the token, from a Date, never from user text.
 * An absent or invalid date renders as `—`.
 */
export function slackDate(date: Date | undefined): string {
  if (!isValidDate(date)) return '—';
  const unix = Math.floor(date.getTime() / 1000);
  return `<!date^${unix}^{date_short_pretty} {time}|${formatUtc(date)}>`;
}

/** `in 5m 00s` / `3h 10m ago` / `now`, relative to `now`; `—` for an absent or invalid date. */
export function formatRelative(date: Date | undefined, now: Date): string {
  if (!isValidDate(date)) return '—';
  const delta = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(delta) < 5) return 'now';
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
}

/** `<date token> (in 2h 05m)`: absolute for the record, relative for a glance. */
export function formatWhen(date: Date | undefined, now: Date): string {
  if (!isValidDate(date)) return '—';
  return `${slackDate(date)} (${formatRelative(date, now)})`;
}

const FAMILY_MARKERS: Readonly<Record<StateFamily, string>> = {
  pending: ':hourglass_flowing_sand:',
  running: ':arrow_forward:',
  done: ':white_check_mark:',
  failed: ':x:',
  cancelled: ':no_entry_sign:',
  held: ':pause_button:',
  unknown: ':grey_question:',
};

/** The emoji that tells a state family at a glance. */
export function familyMarker(family: StateFamily): string {
  return FAMILY_MARKERS[family];
}

/** The emoji of a job state's family. */
export function stateMarker(state: JobState): string {
  return FAMILY_MARKERS[stateFamily(state)];
}

const STATE_LABELS: Readonly<Partial<Record<JobState, string>>> = {
  NODE_FAIL: 'Node failure',
  BOOT_FAIL: 'Boot failure',
  TIMEOUT: 'Timed out',
  OUT_OF_MEMORY: 'Out of memory',
  REQUEUE_FED: 'Requeued (federation)',
  REQUEUE_HOLD: 'Requeued and held',
  RESV_DEL_HOLD: 'Held (reservation deleted)',
  SPECIAL_EXIT: 'Special exit',
  STAGE_OUT: 'Staging out',
  UPDATE_DB: 'Updating database',
  POWER_UP_NODE: 'Waiting for nodes to power up',
  LAUNCH_FAILED: 'Launch failed',
  RECONFIG_FAIL: 'Reconfiguration failed',
  CONFIGURING: 'Configuring (nodes booting)',
  DEADLINE: 'Deadline passed',
};

/**
 * A state in words (`Running`, `Out of memory`). For UNKNOWN the raw Slurm text is kept,
 * as inline code, so a state a newer Slurm adds still reads as what Slurm said.
 */
export function stateLabel(state: JobState, stateText?: string): string {
  if (state === 'UNKNOWN') {
    const raw = stateText?.trim();
    return raw ? `Unknown (${inlineCode(raw, 40)})` : 'Unknown';
  }
  const label = STATE_LABELS[state];
  if (label) return label;
  return state.charAt(0) + state.slice(1).toLowerCase().replace(/_/g, ' ');
}

const NODE_MARKERS: Readonly<Record<NodeStateFamily, string>> = {
  idle: ':large_green_circle:',
  mixed: ':large_yellow_circle:',
  allocated: ':large_blue_circle:',
  completing: ':large_blue_circle:',
  reserved: ':lock:',
  draining: ':warning:',
  drained: ':no_entry:',
  down: ':red_circle:',
  powered_down: ':zzz:',
  powering_up: ':hourglass_flowing_sand:',
  unknown: ':grey_question:',
};

const NODE_LABELS: Readonly<Record<NodeStateFamily, string>> = {
  idle: 'idle',
  mixed: 'mixed',
  allocated: 'allocated',
  completing: 'completing',
  reserved: 'reserved',
  draining: 'draining',
  drained: 'drained',
  down: 'down',
  powered_down: 'powered down',
  powering_up: 'powering up',
  unknown: 'unknown',
};

/** The order node families are summarised in: usable capacity first, trouble last. */
export const NODE_FAMILY_ORDER: readonly NodeStateFamily[] = [
  'idle', 'mixed', 'allocated', 'completing', 'reserved', 'powered_down', 'powering_up',
  'draining', 'drained', 'down', 'unknown',
];

export function nodeMarker(family: NodeStateFamily): string {
  return NODE_MARKERS[family] ?? NODE_MARKERS.unknown;
}

export function nodeLabel(family: NodeStateFamily): string {
  return NODE_LABELS[family] ?? NODE_LABELS.unknown;
}

/** Memory from megabytes: `512 MB`, `64 GB`, `1.5 TB`; `—` when unknown. */
export function formatMemoryMb(mb: number | undefined): string {
  if (mb === undefined || !Number.isFinite(mb) || mb < 0) return '—';
  if (mb < 1024) return `${Math.round(mb)} MB`;
  const gb = mb / 1024;
  if (gb < 1024) return `${gb >= 100 || Number.isInteger(gb) ? Math.round(gb) : gb.toFixed(1)} GB`;
  const tb = gb / 1024;
  return `${Number.isInteger(tb) ? tb : tb.toFixed(1)} TB`;
}

/** `1 job` / `3 jobs`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
