import { backoffSchedule, fixedSchedule } from '../../../src/exec/poll-schedule';

describe('poll schedules', () => {
  it('backs off from 100 ms by 1.5 up to 1 s by default', () => {
    const schedule = backoffSchedule();

    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(schedule)).toEqual([100, 150, 225, 338, 506, 759, 1000, 1000, 1000]);
  });

  it('takes its own start, factor and ceiling', () => {
    expect([0, 1, 2, 3].map(backoffSchedule({ initialMs: 50, factor: 2, maxMs: 300 }))).toEqual([50, 100, 200, 300]);
  });

  it('waits the same time before every poll in the fixed schedule of the seed design', () => {
    expect([0, 1, 9].map(fixedSchedule(1000))).toEqual([1000, 1000, 1000]);
  });
});
