import { JOB_STATES } from '../../../src/slurm/states';
import { ACTION_IDS, decodeJobValue } from '../../../src/slack/views/ids';
import { formatExitCode, renderJobDetails } from '../../../src/slack/views/job-details';
import { HOSTILE_NAMES, makeJob, makeNode, NOW } from './fixtures';
import { buttons, expectNoSlackMarkupFromData, expectWithinSlackLimits, visibleText } from './slack-limits';

function actionIds(message: ReturnType<typeof renderJobDetails>): string[] {
  return buttons(message).map((b) => b.action_id ?? '');
}

describe('renderJobDetails', () => {
  it('shows every fact about a job', () => {
    const job = makeJob({
      id: '1200_4', arrayJobId: '1200', arrayTaskId: '4', dependency: 'afterok:1100',
      state: 'FAILED', stateText: 'FAILED', exitCode: { code: 2, signal: 0 },
      endTime: new Date('2024-05-01T11:30:00Z'), stdout: '/home/alice/out-%j.txt', stderr: '/home/alice/err.txt',
      workDir: '/home/alice/project', minMemory: '4G',
    });
    const details = { ...job, account: 'physics', qos: 'normal', command: '/home/alice/run.sh', restarts: 1 };
    const message = renderJobDetails({ cluster: 'local', job: details, minJobAgeSeconds: 300, now: NOW });
    expectWithinSlackLimits(message);
    const text = visibleText(message);
    for (const expected of [
      '*Account*\n`physics`', '*QOS*\n`normal`', '*Restarts*\n1', '*Command* `/home/alice/run.sh`',
      '`train_model`', ':x: Failed', '`alice`', '`compute`', '1h 02m / 4h 00m', '`node[01-02]` (2 nodes)', '*CPUs*\n8',
      '`4G`', '*Exit code*\n2', '*Submitted*\n<!date^1714557600^', '*Started*\n<!date^1714561080^', '*Ended*\n<!date^1714563000^',
      '(30m 00s ago)', '`1200`, task `4`', '`afterok:1100`', '*Output* `/home/alice/out-%j.txt`',
      '*Errors* `/home/alice/err.txt`', '*Work dir* `/home/alice/project`', 'Check its error output',
      'finished jobs stay visible for 5m 00s',
    ]) expect(text).toContain(expected);
    expect(message.text).toBe('Job 1200_4 (`train_model`) on local: Failed.');
  });

  it('offers Output, Watch, Requeue and Cancel on a running job, each acting on that job', () => {
    const message = renderJobDetails({ cluster: 'local', job: makeJob(), now: NOW });
    expect(actionIds(message)).toEqual([
      ACTION_IDS.jobRefresh, ACTION_IDS.jobOutput, ACTION_IDS.jobWatch, ACTION_IDS.jobRequeue, ACTION_IDS.jobCancel,
    ]);
    for (const b of buttons(message)) expect(decodeJobValue(b.value ?? '')).toEqual({ cluster: 'local', jobId: '1234' });
  });

  it('asks for confirmation before Cancel and Requeue', () => {
    const message = renderJobDetails({ cluster: 'local', job: makeJob({ name: '<!channel> *x*' }), now: NOW });
    const cancel = buttons(message).find((b) => b.action_id === ACTION_IDS.jobCancel);
    const requeue = buttons(message).find((b) => b.action_id === ACTION_IDS.jobRequeue);
    expect(cancel?.style).toBe('danger');
    expect(cancel?.confirm?.title?.text).toBe('Cancel job 1234?');
    expect(cancel?.confirm?.text?.text).toContain('`&lt;!channel&gt; *x*` will be cancelled');
    expect(cancel?.confirm?.style).toBe('danger');
    expect(requeue?.confirm?.title?.text).toBe('Requeue job 1234?');
    expect(requeue?.confirm?.text?.text).toContain('goes back to the queue');
    expectNoSlackMarkupFromData(message);
  });

  it('offers Hold on a pending job and Release on a held one, never both', () => {
    const pending = makeJob({ state: 'PENDING', stateText: 'PENDING', reason: 'Priority', nodes: undefined, startTime: undefined });
    const held = { ...pending, reason: 'JobHeldUser' };
    const pendingIds = actionIds(renderJobDetails({ cluster: 'local', job: pending, now: NOW }));
    const heldIds = actionIds(renderJobDetails({ cluster: 'local', job: held, now: NOW }));
    expect(pendingIds).toEqual([ACTION_IDS.jobRefresh, ACTION_IDS.jobWatch, ACTION_IDS.jobHold, ACTION_IDS.jobCancel]);
    expect(heldIds).toEqual([ACTION_IDS.jobRefresh, ACTION_IDS.jobWatch, ACTION_IDS.jobRelease, ACTION_IDS.jobCancel]);
    const requeueHeld = makeJob({ state: 'REQUEUE_HOLD', stateText: 'REQUEUE_HOLD', reason: 'launch failed requeued held' });
    expect(actionIds(renderJobDetails({ cluster: 'local', job: requeueHeld, now: NOW }))).toContain(ACTION_IDS.jobRelease);
  });

  it('offers no Cancel, Hold or Watch once a job has ended', () => {
    const ids = actionIds(renderJobDetails({ cluster: 'local', job: makeJob({ state: 'COMPLETED', stateText: 'COMPLETED' }), now: NOW }));
    expect(ids).toEqual([ACTION_IDS.jobRefresh, ACTION_IDS.jobOutput, ACTION_IDS.jobRequeue]);
  });

  it('turns Watch into Stop watching when the caller already watches the job', () => {
    const ids = actionIds(renderJobDetails({ cluster: 'local', job: makeJob(), watching: true, now: NOW }));
    expect(ids).toContain(ACTION_IDS.jobUnwatch);
    expect(ids).not.toContain(ACTION_IDS.jobWatch);
  });

  it('shows no buttons to a caller who may not act', () => {
    expect(buttons(renderJobDetails({ cluster: 'local', job: makeJob(), canAct: false, now: NOW }))).toHaveLength(0);
  });

  it('explains why a pending job waits, with the cloud note when nodes are powering up', () => {
    const job = makeJob({
      state: 'PENDING', stateText: 'PENDING', reason: 'Resources', nodes: undefined, startTime: undefined,
      expectedStart: new Date('2024-05-01T12:30:00Z'),
    });
    const nodes = [makeNode({ stateText: 'IDLE#', state: 'powering_up' })];
    const message = renderJobDetails({ cluster: 'pcluster', job, nodes, now: NOW });
    expectWithinSlackLimits(message);
    const text = visibleText(message);
    expect(text).toContain('*Why it is waiting*');
    expect(text).toContain('enough free nodes');
    expect(text).toContain('Cloud nodes are starting; this usually takes 2–5 minutes.');
    expect(text).toContain('*Expected start*');
  });

  it('explains end states people act on', () => {
    const oom = renderJobDetails({ cluster: 'local', job: makeJob({ state: 'OUT_OF_MEMORY', stateText: 'OUT_OF_MEMORY' }), now: NOW });
    expect(visibleText(oom)).toContain('larger `--mem`');
    const timeout = renderJobDetails({ cluster: 'local', job: makeJob({ state: 'TIMEOUT', stateText: 'TIMEOUT' }), now: NOW });
    expect(visibleText(timeout)).toContain('longer `--time`');
  });

  it('renders every state, including one Slurm adds later, within limits', () => {
    for (const state of JOB_STATES) {
      const message = renderJobDetails({ cluster: 'local', job: makeJob({ state, stateText: state === 'UNKNOWN' ? 'NEW<!here>' : state }), now: NOW });
      expectWithinSlackLimits(message);
      expectNoSlackMarkupFromData(message);
    }
  });

  it('renders hostile and huge values inert and within limits', () => {
    for (const name of HOSTILE_NAMES) {
      const job = makeJob({
        name: name.repeat(200), user: '<@U1>', partition: name, nodes: name, dependency: name, reason: name,
        stdout: `/tmp/${name}`.repeat(100), stderr: name, workDir: name, minMemory: name, state: 'PENDING', stateText: 'PENDING',
      });
      const message = renderJobDetails({ cluster: 'local', job, now: NOW });
      expectWithinSlackLimits(message);
      expectNoSlackMarkupFromData(message);
    }
  });
});

describe('formatExitCode', () => {
  it.each([
    [{ code: 0, signal: 0 }, '0'],
    [{ code: 137, signal: 0 }, '137'],
    [{ code: 0, signal: 9 }, 'killed by signal 9 (SIGKILL)'],
    [{ code: 1, signal: 15 }, '1, signal 15 (SIGTERM)'],
    [{ code: 0, signal: 63 }, 'killed by signal 63'],
  ])('%p reads as %p', (exit, expected) => {
    expect(formatExitCode(exit)).toBe(expected);
  });
});
