import type { NodeStateFamily } from './types';

/*
 * Node states come in three spellings: scontrol's `IDLE+CLOUD+POWERED_DOWN`, sinfo's long
 * `idle~` / `draining` / `down*` and sinfo's compact `alloc` / `drng` / `comp`. The suffix
 * characters are sinfo's flags: `~` powered off, `#` powering up, `%` powering down,
 * `!` power down pending, `*` not responding, `$` maintenance, `@` reboot pending, `^` rebooting,
 * `-` planned by the backfill scheduler.
 */

const BASE: Readonly<Record<string, NodeStateFamily>> = {
  IDLE: 'idle', ALLOCATED: 'allocated', ALLOC: 'allocated', MIXED: 'mixed', MIX: 'mixed',
  DOWN: 'down', ERROR: 'down', FAIL: 'drained', FAILING: 'draining', FAILG: 'draining',
  DRAINED: 'drained', DRAIN: 'drained', DRAINING: 'draining', DRNG: 'draining',
  COMPLETING: 'completing', COMP: 'completing',
  RESERVED: 'reserved', RESV: 'reserved', MAINT: 'reserved', PLANNED: 'idle', PLND: 'idle',
  POWERED_DOWN: 'powered_down', POWER_DOWN: 'powered_down', POWERING_DOWN: 'powered_down', POW_DN: 'powered_down',
  POWERING_UP: 'powering_up', POWER_UP: 'powering_up', POW_UP: 'powering_up',
  BOOT: 'powering_up', REBOOT: 'powering_up', REBOOT_ISSUED: 'powering_up', BOOTING: 'powering_up',
  FUTURE: 'unknown', FUTR: 'unknown', UNKNOWN: 'unknown', UNK: 'unknown', INVAL: 'unknown', NPC: 'unknown',
};

const BUSY: ReadonlySet<NodeStateFamily> = new Set(['allocated', 'mixed', 'completing']);

/**
 * The family of a node state in any spelling. Down wins over everything, then drain (drained
 * when idle, draining while jobs still run), then power transitions, then completing, then
 * the base state. Never throws: an unknown word gives `unknown`.
 */
export function parseNodeState(text: string): NodeStateFamily {
  const raw = text.trim();
  const suffix = /[~#%!*$@^\-]+$/.exec(raw)?.[0] ?? '';
  const words = raw.slice(0, raw.length - suffix.length).toUpperCase().split('+').filter(Boolean);
  const flags = new Set(words.slice(1));
  const base = words[0] === undefined ? undefined : BASE[words[0]];
  if (base === undefined) return 'unknown';
  const drain = flags.has('DRAIN') || flags.has('FAIL');
  if (base === 'down' || flags.has('DOWN')) return 'down';
  if (base === 'drained' || base === 'draining') return base;
  if (drain) return BUSY.has(base) ? 'draining' : 'drained';
  if (flags.has('POWERING_UP') || flags.has('POWER_UP') || suffix.includes('#') || flags.has('REBOOT_ISSUED')) return 'powering_up';
  if (flags.has('POWERED_DOWN') || flags.has('POWERING_DOWN') || suffix.includes('~') || suffix.includes('%')) {
    return BUSY.has(base) ? base : 'powered_down';
  }
  if (flags.has('COMPLETING') && !BUSY.has(base)) return 'completing';
  if ((flags.has('RESERVED') || flags.has('MAINT')) && base === 'idle') return 'reserved';
  return base;
}
