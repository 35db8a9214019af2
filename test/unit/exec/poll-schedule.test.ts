import { backoffSchedule, fixedSchedule, type PollSchedule } from '../../../src/exec/poll-schedule';

/** When the polls happen, in scheduled time since SendCommand, and how many there are until `untilMs`. */
function pollTimes(schedule: PollSchedule, untilMs: number): number[] {
  const times: number[] = [];
  for (let attempt = 0, t = 0; t < untilMs; attempt++) times.push((t += schedule(attempt)));
  return times;
}

/** How long a command ending at `endMs` waits for the poll that sees it end. */
function waitAfter(schedule: PollSchedule, endMs: number): number {
  return pollTimes(schedule, endMs).at(-1)! - endMs;
}

describe('poll schedules', () => {
  it('polls every 150 ms after a first 100 ms, for the first 5 s', () => {
    const times = pollTimes(backoffSchedule(), 5_000);
    expect(times.slice(0, 4)).toEqual([100, 250, 400, 550]);
    expect(times.at(-1)).toBe(5_050);
    expect(new Set([0, 1, 2, 20, 33].map(backoffSchedule()))).toEqual(new Set([100, 150]));
  });

  it('then backs off by 1.5 to one poll a second', () => {
    const schedule = backoffSchedule();
    expect([33, 34, 35, 36, 37, 38, 100, 10_000].map(schedule)).toEqual([150, 225, 338, 506, 759, 1000, 1000, 1000]);
  });

  it('answers the same whatever the order it is asked in', () => {
    const schedule = backoffSchedule();
    expect([500, 36, 0].map(schedule)).toEqual([1000, 506, 100]);
  });

  it('makes 92 GetCommandInvocation calls for a 60 s command, 14 for a 2 s one', () => {
    expect(pollTimes(backoffSchedule(), 60_000)).toHaveLength(92);
    expect(pollTimes(backoffSchedule(), 2_000)).toHaveLength(14);
    expect(pollTimes(fixedSchedule(1000), 60_000)).toHaveLength(60);
  });

  it('sees a command of 50 ms, 0.5 s or 2 s end at least 5 times sooner than the seed design', () => {
    // Starting the process (runuser, Slurm's client) adds some 10 ms to each.
    for (const endMs of [60, 510, 2_010]) {
      expect(waitAfter(backoffSchedule(), endMs)).toBeLessThanOrEqual(waitAfter(fixedSchedule(1000), endMs) / 5);
    }
  });

  it('keeps a command ending anywhere in its first 5 s waiting 75 ms on average, at most 150 ms', () => {
    const ends = Array.from({ length: 5_000 }, (_, i) => i + 0.5);
    const waits = ends.map((endMs) => waitAfter(backoffSchedule(), endMs));
    expect(Math.max(...waits)).toBeLessThanOrEqual(150);
    expect(waits.reduce((a, b) => a + b, 0) / waits.length).toBeLessThan(80);
  });

  it('takes its own start, factor, ceilings and early phase', () => {
    expect([0, 1, 2, 3].map(backoffSchedule({ initialMs: 50, factor: 2, earlyMaxMs: 300, maxMs: 300 }))).toEqual([50, 100, 200, 300]);
    // Without an early phase: the plain geometric backoff (100 ms ×1.5 up to 1 s).
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(backoffSchedule({ earlyForMs: 0 }))).toEqual([100, 150, 225, 338, 506, 759, 1000, 1000]);
    expect([0, 1, 2, 3, 4].map(backoffSchedule({ earlyMaxMs: 200, earlyForMs: 400 }))).toEqual([100, 150, 200, 300, 450]);
  });

  it('waits the same time before every poll in the fixed schedule of the seed design', () => {
    expect([0, 1, 9].map(fixedSchedule(1000))).toEqual([1000, 1000, 1000]);
  });
});
