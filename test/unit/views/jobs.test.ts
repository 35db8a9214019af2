import { ACTION_IDS, decodeJobsPageValue, decodeJobValue } from '../../../src/slack/views/ids';
import { renderJobs } from '../../../src/slack/views/jobs';
import { HOSTILE_NAMES, makeJob, makeJobs, NOW } from './fixtures';
import { buttons, expectNoSlackMarkupFromData, expectWithinSlackLimits, visibleText } from './slack-limits';

describe('renderJobs', () => {
  const jobs = makeJobs(500);
  const filter = { users: ['alice', 'bob'], states: ['RUNNING', 'PENDING'] as ('RUNNING' | 'PENDING')[] };

  it('fits every page of 500 jobs within Slack limits, with the right pager buttons', () => {
    const first = renderJobs({ cluster: 'local', jobs, filter, page: 0, now: NOW });
    const pageCount = Number(/Page 1 of (\d+)/.exec(visibleText(first))?.[1]);
    expect(pageCount).toBe(25);
    for (let page = 0; page < pageCount; page++) {
      const message = renderJobs({ cluster: 'local', jobs, filter, page, now: NOW });
      expectWithinSlackLimits(message);
      const ids = buttons(message).map((b) => b.action_id);
      expect(ids.includes(ACTION_IDS.jobsPagePrev)).toBe(page > 0);
      expect(ids.includes(ACTION_IDS.jobsPageNext)).toBe(page < pageCount - 1);
      expect(ids.filter((id) => id === ACTION_IDS.jobDetails)).toHaveLength(20);
    }
  });

  it('stays within limits at the largest page size, and clamps larger requests', () => {
    for (const pageSize of [40, 1000]) {
      const message = renderJobs({ cluster: 'local', jobs, filter, page: 1, pageSize, now: NOW });
      expectWithinSlackLimits(message);
      expect(buttons(message).filter((b) => b.action_id === ACTION_IDS.jobDetails)).toHaveLength(40);
    }
  });

  it('pager buttons re-run the same query at the neighbouring pages', () => {
    const message = renderJobs({ cluster: 'local', jobs, filter, page: 3, now: NOW });
    const next = buttons(message).find((b) => b.action_id === ACTION_IDS.jobsPageNext);
    const prev = buttons(message).find((b) => b.action_id === ACTION_IDS.jobsPagePrev);
    expect(decodeJobsPageValue(next?.value ?? '')).toEqual({ cluster: 'local', filter, page: 4 });
    expect(decodeJobsPageValue(prev?.value ?? '')).toEqual({ cluster: 'local', filter, page: 2 });
  });

  it('drops the pager, and says why, when the filter cannot fit in a button value', () => {
    const users = Array.from({ length: 100 }, (_, i) => `user_with_a_long_name_${i}`);
    const message = renderJobs({ cluster: 'local', jobs, filter: { users }, page: 1, now: NOW });
    expectWithinSlackLimits(message);
    expect(buttons(message).filter((b) => b.action_id !== ACTION_IDS.jobDetails)).toHaveLength(0);
    expect(visibleText(message)).toContain('narrow the filter to page through the rest');
    expect(visibleText(message)).toContain('users `user_with_a_long_name_0`');
    expect(visibleText(message)).toContain('and 95 more');
  });

  it('each row\'s Details button points at its job', () => {
    const message = renderJobs({ cluster: 'local', jobs: jobs.slice(0, 3), filter: {}, now: NOW });
    const details = buttons(message).filter((b) => b.action_id === ACTION_IDS.jobDetails);
    expect(details.map((b) => decodeJobValue(b.value ?? ''))).toEqual([
      { cluster: 'local', jobId: '1000' }, { cluster: 'local', jobId: '1001' }, { cluster: 'local', jobId: '1002' },
    ]);
    expect(buttons(message).some((b) => b.action_id === ACTION_IDS.jobsPageNext)).toBe(false);
  });

  // Regression: the Details button of a row of pending array tasks carried `138_[3-9%2]`, which the
  // router (rightly) refuses as a job id, so the click answered with a validation error.
  it('points the Details button of pending array tasks at the array job', () => {
    const range = makeJob({ id: '138_[3-9%2]', baseId: '138', arrayJobId: '138', arrayTaskId: '3-9%2', state: 'PENDING', stateText: 'PENDING' });
    const message = renderJobs({ cluster: 'local', jobs: [range], filter: {}, now: NOW });
    const details = buttons(message).filter((b) => b.action_id === ACTION_IDS.jobDetails);
    expect(details.map((b) => decodeJobValue(b.value ?? ''))).toEqual([{ cluster: 'local', jobId: '138' }]);
  });

  it('shows the last page when asked for a page past the end (the list shrank)', () => {
    const message = renderJobs({ cluster: 'local', jobs: jobs.slice(0, 30), filter: {}, page: 9, now: NOW });
    expect(visibleText(message)).toContain('Page 2 of 2');
    expect(visibleText(message)).toContain('showing 21–30 of 30');
  });

  it('shows one row per job with marker, id, name, user, state, partition, time, and nodes or reason', () => {
    const message = renderJobs({
      cluster: 'local',
      jobs: [
        makeJob(),
        makeJob({ id: '1235', state: 'PENDING', stateText: 'PENDING', reason: 'Resources', nodes: undefined, elapsedSeconds: 0 }),
      ],
      filter: {},
      now: NOW,
    });
    expectWithinSlackLimits(message);
    const text = visibleText(message);
    expect(text).toContain(':arrow_forward: *1234*  `train_model`  ·  `alice`');
    expect(text).toContain('Running  ·  `compute`  ·  1h 02m / 4h 00m  ·  `node[01-02]`');
    expect(text).toContain(':hourglass_flowing_sand: *1235*');
    expect(text).toContain('_waiting for free resources_');
    expect(text).toContain('*2 jobs*');
  });

  it('renders hostile job names inert', () => {
    const hostile = HOSTILE_NAMES.map((name, i) => makeJob({ id: String(i + 1), name, user: '<@U999>' }));
    const message = renderJobs({ cluster: 'local', jobs: hostile, filter: {}, now: NOW });
    expectWithinSlackLimits(message);
    expectNoSlackMarkupFromData(message);
    const text = visibleText(message);
    expect(text).toContain('`&lt;!channel&gt;`');
    expect(text).toContain('`&lt;@U123|x&gt;`');
    expect(text).toContain('`*bold* _x_ ~s~ ˋcodeˋ`');
    expect(text).toContain('`:rotating_light: urgent`');
    expect(text).not.toContain('\u202E');
    expect(text).not.toContain('\u0007');
  });

  it('keeps non-ASCII names', () => {
    const message = renderJobs({ cluster: 'local', jobs: [makeJob({ name: 'シミュレーション-été 🚀' })], filter: {}, now: NOW });
    expect(visibleText(message)).toContain('`シミュレーション-été 🚀`');
  });

  it('renders a state Slurm added later without throwing, showing what Slurm said', () => {
    const message = renderJobs({
      cluster: 'local', jobs: [makeJob({ state: 'UNKNOWN', stateText: 'HIBERNATING' })], filter: {}, now: NOW,
    });
    expectWithinSlackLimits(message);
    expect(visibleText(message)).toContain(':grey_question:');
    expect(visibleText(message)).toContain('Unknown (`HIBERNATING`)');
  });

  it('has a fallback text that says what the message holds', () => {
    const message = renderJobs({ cluster: 'local', jobs: jobs.slice(0, 14), filter: {}, now: NOW });
    expect(message.text).toBe(
      'Jobs on local: 14 jobs (2 running, 2 pending, 2 held, 2 completed, 2 failed, 2 cancelled, 2 unknown), page 1 of 1.',
    );
  });

  it('says "No jobs" and which filter when nothing matches', () => {
    const message = renderJobs({
      cluster: 'local', jobs: [], filter: { users: ['alice'], states: ['RUNNING'], partition: 'debug' }, now: NOW,
    });
    expectWithinSlackLimits(message);
    expect(message.text).toBe('No jobs on local for user `alice` · running · partition `debug`.');
    expect(buttons(message)).toHaveLength(0);
  });
});
