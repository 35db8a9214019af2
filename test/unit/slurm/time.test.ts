import { durationParts, formatDuration, formatSlurmTime, isValidTimeZone, parseDuration, parseSlurmTime } from '../../../src/slurm/time';

describe('parseSlurmTime', () => {
  it('reads wall-clock text as UTC by default', () => {
    expect(parseSlurmTime('2026-11-29T19:58:33')).toEqual(new Date('2026-11-29T19:58:33Z'));
    expect(parseSlurmTime('2026-11-29T19:58')).toEqual(new Date('2026-11-29T19:58:00Z'));
  });

  it('reads it in the cluster\'s zone, across daylight saving', () => {
    expect(parseSlurmTime('2026-01-15T12:00:00', 'Europe/Paris')).toEqual(new Date('2026-01-15T11:00:00Z'));
    expect(parseSlurmTime('2026-07-15T12:00:00', 'Europe/Paris')).toEqual(new Date('2026-07-15T10:00:00Z'));
    expect(parseSlurmTime('2026-07-15T12:00:00', 'Asia/Kolkata')).toEqual(new Date('2026-07-15T06:30:00Z'));
    expect(parseSlurmTime('2026-07-15T12:00:00', 'America/Los_Angeles')).toEqual(new Date('2026-07-15T19:00:00Z'));
  });

  it('takes the earlier instant for a wall time that happens twice (clocks go back)', () => {
    expect(parseSlurmTime('2026-10-25T02:30:00', 'Europe/Paris')).toEqual(new Date('2026-10-25T00:30:00Z'));
  });

  it('reads epoch seconds (SLURM_TIME_FORMAT=%s)', () => {
    expect(parseSlurmTime('1764446313')).toEqual(new Date(1764446313000));
  });

  it.each(['Unknown', 'N/A', 'None', 'NONE', '(null)', '', '0', '2026-13-45T99:99:99', '2026-01-01T24:00:00', 'Tomorr 12:00', undefined])('gives undefined for %j', (text) => {
    expect(parseSlurmTime(text)).toBeUndefined();
  });

  it('gives undefined rather than throwing for an unknown zone', () => {
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(parseSlurmTime('2026-01-01T00:00:00', 'Mars/Olympus')).toBeUndefined();
  });

  it('formats back to Slurm text in a zone', () => {
    expect(formatSlurmTime(new Date('2026-07-15T10:00:00Z'), 'Europe/Paris')).toBe('2026-07-15T12:00:00');
    expect(formatSlurmTime(new Date('2026-07-15T10:00:00Z'))).toBe('2026-07-15T10:00:00');
  });
});

describe('parseDuration', () => {
  it.each([
    ['0:00', 0],
    ['0:05', 5],
    ['1:13', 73],
    ['30:00', 1800],
    ['2:00:00', 7200],
    ['00:01:00', 60],
    ['1-02:03:04', 93784],
    ['7-00:00:00', 604800],
    ['58:12.345', 3492],
    ['00:00.045', 0],
    ['30', 1800],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });
  it.each(['UNLIMITED', 'infinite', 'INFINITE'])('%s is no limit (null)', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
  it.each(['INVALID', 'NOT_SET', 'N/A', 'n/a', 'NONE', '', 'soon', '-5', undefined])('%j is unknown', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
  it('splits every form the way Slurm reads it', () => {
    expect(durationParts('2-12')).toEqual({ days: 2, hours: 12, minutes: 0, seconds: 0 });
    expect(durationParts('5:30')).toEqual({ days: 0, hours: 0, minutes: 5, seconds: 30 });
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '00:00:00'],
    [59, '00:00:59'],
    [3661, '01:01:01'],
    [93784, '1-02:03:04'],
    [null, 'UNLIMITED'],
  ])('%j → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
