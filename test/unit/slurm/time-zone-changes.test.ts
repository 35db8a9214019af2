import fc from 'fast-check';
import { formatSlurmTime, parseSlurmTime } from '../../../src/slurm/time';

/*
 * parseSlurmTime keeps each zone's offset per UTC hour. Regression guard: an hour in which the
 * offset changes (at half past in Newfoundland, or by half an hour on Lord Howe Island) must not
 * lend one offset to the whole hour, whichever time of that hour is read first.
 */

const CASES: readonly (readonly [string, string, string])[] = [
  // St. John's springs forward at 02:00 local (05:30 UTC): 02:00-02:59 never happens.
  ['America/St_Johns', '2025-03-09T01:59:59', '2025-03-09T05:29:59.000Z'],
  ['America/St_Johns', '2025-03-09T02:30:00', '2025-03-09T06:00:00.000Z'],
  ['America/St_Johns', '2025-03-09T03:00:00', '2025-03-09T05:30:00.000Z'],
  // …and falls back at 02:00 local (04:30 UTC): 01:00-01:59 happens twice, the earlier is taken.
  ['America/St_Johns', '2025-11-02T01:15:00', '2025-11-02T03:45:00.000Z'],
  ['America/St_Johns', '2025-11-02T02:15:00', '2025-11-02T05:45:00.000Z'],
  // Lord Howe Island moves by 30 minutes: 02:00 → 02:30 in October, 02:00 → 01:30 in April.
  ['Australia/Lord_Howe', '2025-10-05T01:45:00', '2025-10-04T15:15:00.000Z'],
  ['Australia/Lord_Howe', '2025-10-05T02:15:00', '2025-10-04T15:45:00.000Z'],
  ['Australia/Lord_Howe', '2025-10-05T02:45:00', '2025-10-04T15:45:00.000Z'],
  ['Australia/Lord_Howe', '2025-04-06T01:15:00', '2025-04-05T14:15:00.000Z'],
  ['Australia/Lord_Howe', '2025-04-06T01:45:00', '2025-04-05T14:45:00.000Z'],
  ['Australia/Lord_Howe', '2025-04-06T02:15:00', '2025-04-05T15:45:00.000Z'],
];

describe('parseSlurmTime around changes of offset inside an hour', () => {
  it.each([
    ['latest first', [...CASES].reverse()],
    ['earliest first', CASES],
  ])('reads every wall time right, %s', (_order, cases) => {
    for (const [zone, text, iso] of cases) expect([zone, text, parseSlurmTime(text, zone)?.toISOString()]).toEqual([zone, text, iso]);
  });

  it('reads back what formatSlurmTime printed, for any second of 1970-2037 in zones with odd changes', () => {
    const zones = ['Europe/Paris', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Sao_Paulo'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 2_145_916_800 }), (zone, seconds) => {
        const instant = new Date(seconds * 1000);
        const text = formatSlurmTime(instant, zone);
        const read = parseSlurmTime(text, zone)!;
        // A wall time that happens twice reads as the earlier instant; otherwise exactly the instant.
        expect(formatSlurmTime(read, zone)).toBe(text);
        expect(read.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime() - read.getTime()).toBeLessThanOrEqual(3600_000);
      }),
      { numRuns: 2000 },
    );
  });
});
