import { JOB_STATES, stateFamily, type StateFamily } from '../../../src/slurm/states';
import {
  formatDuration, formatElapsed, formatMemoryMb, formatRelative, formatWhen, slackDate, stateLabel, stateMarker,
} from '../../../src/slack/views/format';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [65, '1m 05s'],
    [2 * 3600 + 5 * 60 + 30, '2h 05m'],
    [3 * 86400 + 4 * 3600 + 59, '3d 4h'],
    [null, 'UNLIMITED'],
    [undefined, '—'],
    [-5, '—'],
    [Number.NaN, '—'],
  ])('%p reads as %p', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it('pairs elapsed time with the limit', () => {
    expect(formatElapsed(3720, 4 * 3600)).toBe('1h 02m / 4h 00m');
    expect(formatElapsed(10, null)).toBe('10s / UNLIMITED');
    expect(formatElapsed(10, undefined)).toBe('10s');
  });
});

describe('dates', () => {
  const now = new Date('2024-05-01T12:00:00Z');

  it('uses Slack date tokens so each reader sees their own timezone, with a UTC fallback', () => {
    expect(slackDate(new Date('2024-05-01T13:05:00Z'))).toBe(
      '<!date^1714568700^{date_short_pretty} {time}|2024-05-01 13:05 UTC>',
    );
  });

  it('renders a missing or invalid date as a dash, never a broken token', () => {
    expect(slackDate(undefined)).toBe('—');
    expect(slackDate(new Date('not a date'))).toBe('—');
    expect(formatWhen(undefined, now)).toBe('—');
  });

  it('says how far away a time is', () => {
    expect(formatRelative(new Date('2024-05-01T14:05:00Z'), now)).toBe('in 2h 05m');
    expect(formatRelative(new Date('2024-05-01T11:59:00Z'), now)).toBe('1m 00s ago');
    expect(formatRelative(now, now)).toBe('now');
  });
});

describe('state markers and labels', () => {
  it('gives each state family its own marker', () => {
    const markerByFamily = new Map<StateFamily, string>();
    for (const state of JOB_STATES) {
      const family = stateFamily(state);
      const marker = stateMarker(state);
      expect(marker).toMatch(/^:[a-z_]+:$/);
      expect(markerByFamily.get(family) ?? marker).toBe(marker);
      markerByFamily.set(family, marker);
    }
    expect(new Set(markerByFamily.values()).size).toBe(7);
    expect(markerByFamily.get('pending')).toBe(':hourglass_flowing_sand:');
    expect(markerByFamily.get('running')).toBe(':arrow_forward:');
    expect(markerByFamily.get('done')).toBe(':white_check_mark:');
    expect(markerByFamily.get('failed')).toBe(':x:');
    expect(markerByFamily.get('cancelled')).toBe(':no_entry_sign:');
    expect(markerByFamily.get('held')).toBe(':pause_button:');
    expect(markerByFamily.get('unknown')).toBe(':grey_question:');
  });

  it('labels states in words', () => {
    expect(stateLabel('RUNNING')).toBe('Running');
    expect(stateLabel('OUT_OF_MEMORY')).toBe('Out of memory');
    expect(stateLabel('NODE_FAIL')).toBe('Node failure');
    for (const state of JOB_STATES) expect(stateLabel(state)).not.toMatch(/_/);
  });

  it('keeps what Slurm said for a state it did not know, inert', () => {
    expect(stateLabel('UNKNOWN', 'NEW_STATE<!here>')).toBe('Unknown (`NEW_STATE&lt;!here&gt;`)');
    expect(stateLabel('UNKNOWN', '')).toBe('Unknown');
  });
});

describe('formatMemoryMb', () => {
  it.each([
    [512, '512 MB'],
    [64 * 1024, '64 GB'],
    [1536, '1.5 GB'],
    [1.5 * 1024 * 1024, '1.5 TB'],
    [undefined, '—'],
  ])('%p MB reads as %p', (mb, expected) => {
    expect(formatMemoryMb(mb)).toBe(expected);
  });
});
