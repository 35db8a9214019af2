import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFileConfig, readEnv, type Config } from '../../../src/config';
import { ExecError } from '../../../src/errors';
import type { ExecRequest, ExecResult, Executor } from '../../../src/exec/executor';
import type { ChatApi, PostMessage, UpdateMessage } from '../../../src/slack/chat';
import { ChatopsError } from '../../../src/errors';
import { SlackApiError } from '../../../src/slack/web-api';
import { ClusterHealthStore } from '../../../src/store/cluster-health';
import { FileTable } from '../../../src/store/file-table';
import { WatchStore, type Watch } from '../../../src/store/watches';
import { SILENT_LOG } from '../../../src/tasks/log';
import { MAX_LISTED_JOB_IDS } from '../../../src/watch/poll';
import { runWatcherTick, type WatcherDeps } from '../../../src/watch/tick';
import { visibleText } from '../../support/visible-text';
import { TestClock } from '../store/backends';
import { fixture } from '../slurm/fixtures';

/*
 * The watcher's decisions against a hand-written fake head node (recorded squeue output) and a fake
 * Slack that records what a channel would see; the state store is the real FileTable.
 */

class FakeSlack implements ChatApi {
  readonly posts: PostMessage[] = [];
  readonly updates: UpdateMessage[] = [];
  failPosts = 0;
  /** Channels the bot was removed from: Slack answers not_in_channel. */
  readonly closed = new Set<string>();

  async postMessage(message: PostMessage): Promise<{ ts: string }> {
    if (this.closed.has(message.channel)) throw new SlackApiError('chat.postMessage', 'not_in_channel');
    if (this.failPosts > 0) {
      this.failPosts -= 1;
      throw new ChatopsError('SLACK_API', 'Slack refused chat.postMessage: ratelimited.');
    }
    this.posts.push(message);
    return { ts: `1700000000.${String(this.posts.length).padStart(6, '0')}` };
  }

  async update(message: UpdateMessage): Promise<void> {
    this.updates.push(message);
  }

  texts(): string[] {
    return this.posts.map((p) => visibleText(p));
  }
}

/** A head node that answers squeue with what `squeue` holds, and the output script with a tail. */
class FakeHeadNode implements Executor {
  readonly calls: ExecRequest[] = [];
  squeue = '';
  down = false;

  async run(request: ExecRequest): Promise<ExecResult> {
    this.calls.push(request);
    if (this.down) throw new ExecError('EXEC_UNREACHABLE', 'The head node could not be reached (connection refused).');
    if (request.argv[0] === 'squeue') return { stdout: this.squeue, stderr: '', exitCode: 0 };
    if (request.argv.includes('slurm-chatops-output')) {
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      const record = fixture('22.05', 'scontrol-job', 'failed_exit_code_3');
      const tail = 'step 1 ok\nTraceback: boom\n';
      return {
        stdout: `JOB ${b64(record)}\nFILE stdout ${b64('/tmp/slurm-fixtures/exits-3-129.out')} ok 40 ${b64(tail)}\nFILE stderr ${b64('/tmp/slurm-fixtures/exits-3-129.err')} ok 0 -\n`,
        stderr: '',
        exitCode: 0,
      };
    }
    return { stdout: '', stderr: `unexpected ${request.argv[0]}`, exitCode: 1 };
  }
}

let dir: string;
let clock: TestClock;
let table: FileTable;
let watches: WatchStore;
let slack: FakeSlack;
let head: FakeHeadNode;
let deps: WatcherDeps;

const config: Config = {
  ...parseFileConfig({ clusters: [{ name: 'local', executor: 'local' }], users: { U0ALICE: 'alice' } }),
  env: readEnv({}),
};

function watch(jobId: string, extra: Partial<Watch> = {}): Watch {
  return { cluster: 'local', jobId, slackUserId: 'U0ALICE', unixUser: 'alice', channel: 'C0OPS', createdAt: clock.seconds(), options: {}, ...extra };
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'chatops-tick-'));
  clock = new TestClock();
  table = new FileTable(dir, { now: clock.now });
  watches = new WatchStore(table, { now: clock.now });
  slack = new FakeSlack();
  head = new FakeHeadNode();
  deps = {
    config,
    watches,
    health: new ClusterHealthStore(table, { now: clock.now, warnAfterFailures: 3 }),
    executorFor: () => head,
    chat: slack,
    log: SILENT_LOG,
    now: () => new Date(clock.now()),
  };
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runWatcherTick', () => {
  it('keeps watching a job that runs longer than a watch lives', async () => {
    const running = fixture('22.05', 'squeue', 'running');
    const id = running.split('\x1f')[0]!;
    head.squeue = running;
    await watches.add(watch(id));
    const day = 24 * 3600;

    clock.advanceSeconds(10 * day);
    await runWatcherTick(deps);
    const early = (await watches.get('local', id))?.expiresAt;
    clock.advanceSeconds(10 * day);
    await runWatcherTick(deps);
    clock.advanceSeconds(25 * day);
    await runWatcherTick(deps);

    // Day 10: 20 days left, no write. Day 20: renewed to day 50. Day 45 (past the first 30 days): renewed again.
    expect(early).toBe(clock.seconds() - 45 * day + 30 * day);
    expect(await watches.get('local', id)).toMatchObject({ jobId: id, expiresAt: clock.seconds() + 30 * day });
    expect(slack.posts).toHaveLength(0);
  });

  it('sends the alert to the user directly when the bot cannot post in the channel, once', async () => {
    head.squeue = fixture('22.05', 'squeue', 'completed');
    slack.closed.add('C0OPS');
    await watches.add(watch('128', { cardTs: '1690000000.000100', threadTs: '1690000000.000100' }));

    const [report] = await runWatcherTick(deps);
    await runWatcherTick(deps);

    expect(report).toMatchObject({ alerts: 1 });
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]).toMatchObject({ channel: 'U0ALICE' });
    expect(slack.posts[0]!.threadTs).toBeUndefined();
    expect(slack.texts()[0]).toMatch(/job \*128\*/);
    expect(slack.texts()[0]).toContain('I could not post this in <#C0OPS> (Slack said `not_in_channel`)');
    expect(await watches.listByCluster('local')).toEqual([]);
  });

  it('posts one alert for an ended job in the card thread, updates the card and forgets the watch', async () => {
    head.squeue = fixture('22.05', 'squeue', 'completed') + fixture('22.05', 'squeue', 'running');
    const running = fixture('22.05', 'squeue', 'running').split('\x1f')[0]!;
    await watches.add(watch('128', { cardTs: '1690000000.000100', threadTs: '1690000000.000100' }));
    await watches.add(watch(running));

    const [report] = await runWatcherTick(deps);

    expect(report).toMatchObject({ cluster: 'local', watched: 2, alerts: 1, calls: 1 });
    expect(head.calls.filter((c) => c.argv[0] === 'squeue')).toHaveLength(1);
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]).toMatchObject({ channel: 'C0OPS', threadTs: '1690000000.000100' });
    expect(slack.texts()[0]).toMatch(/<@U0ALICE> job \*128\* `quick` on \*local\* ended: \*Completed\*/);
    expect(slack.updates).toHaveLength(1);
    expect(slack.updates[0]).toMatchObject({ channel: 'C0OPS', ts: '1690000000.000100' });
    expect(visibleText(slack.updates[0]!)).toMatch(/Completed/);
    expect((await watches.listByCluster('local')).map((w) => w.jobId)).toEqual([running]);

    await runWatcherTick(deps);
    expect(slack.posts).toHaveLength(1);
  });

  it(`one squeue call for more watched jobs than squeue is asked about by id (${MAX_LISTED_JOB_IDS})`, async () => {
    const running = fixture('22.05', 'squeue', 'running');
    const ids = Array.from({ length: MAX_LISTED_JOB_IDS + 100 }, (_, i) => String(10_000 + i));
    head.squeue = fixture('22.05', 'squeue', 'completed') + ids.map((id) => running.replace(/^132\x1f132\x1f132/, `${id}\x1f${id}\x1f${id}`)).join('');
    await watches.add(watch('128'));
    for (const id of ids) await watches.add(watch(id));

    const [report] = await runWatcherTick(deps);

    expect(report).toMatchObject({ cluster: 'local', watched: ids.length + 1, alerts: 1, calls: 1 });
    expect(head.calls.filter((c) => c.argv[0] === 'squeue')).toHaveLength(1);
    expect(slack.texts()).toEqual([expect.stringMatching(/job \*128\* `quick` on \*local\* ended: \*Completed\*/)]);
    expect(await watches.listByCluster('local')).toHaveLength(ids.length);
  });

  it('a failed job: exit code 3 and the last lines of its output, read as the watch owner', async () => {
    head.squeue = fixture('22.05', 'squeue', 'failed_exit_code_3');
    await watches.add(watch('129'));
    await runWatcherTick(deps);
    const text = slack.texts()[0]!;
    expect(text).toMatch(/\*Failed\*, exit code 3/);
    expect(text).toMatch(/Traceback: boom/);
    expect(text).toMatch(/Errors\* `\/tmp\/slurm-fixtures\/exits-3-129.err`: empty so far/);
    const read = head.calls.find((c) => c.argv.includes('slurm-chatops-output'));
    expect(read?.runAs).toBe('alice');
  });

  it('overlapping ticks post each alert once', async () => {
    head.squeue = fixture('22.05', 'squeue', 'completed') + fixture('22.05', 'squeue', 'cancelled');
    const cancelled = fixture('22.05', 'squeue', 'cancelled').split('\x1f')[0]!;
    await watches.add(watch('128'));
    await watches.add(watch(cancelled));
    await Promise.all([runWatcherTick(deps), runWatcherTick(deps), runWatcherTick(deps)]);
    expect(slack.posts).toHaveLength(2);
    expect(slack.texts().some((t) => /Cancelled/.test(t))).toBe(true);
  });

  it('a post Slack refuses is retried on the next tick, never lost', async () => {
    head.squeue = fixture('22.05', 'squeue', 'completed');
    await watches.add(watch('128'));
    slack.failPosts = 1;
    expect((await runWatcherTick(deps))[0]).toMatchObject({ alerts: 0, skipped: 1 });
    expect(await watches.get('local', '128')).toMatchObject({ failures: 1 });
    expect((await runWatcherTick(deps))[0]).toMatchObject({ alerts: 1 });
    expect(slack.posts).toHaveLength(1);
  });

  it('an alert claimed by a tick that died is posted once its lease has expired', async () => {
    head.squeue = fixture('22.05', 'squeue', 'completed');
    await watches.add(watch('128'));
    expect(await watches.markAlerted('local', '128')).toBe(true);
    await runWatcherTick(deps);
    expect(slack.posts).toHaveLength(0);
    clock.advanceSeconds(16 * 60);
    await runWatcherTick(deps);
    expect(slack.posts).toHaveLength(1);
  });

  it('a job Slurm forgot without a known end: an alert that says the state is unknown and why', async () => {
    head.squeue = '';
    await watches.add(watch('777'));
    await runWatcherTick(deps);
    expect(slack.texts()[0]).toMatch(/job \*777\* on \*local\* has ended, but its final state is unknown/);
    expect(slack.texts()[0]).toMatch(/forgets a finished job 5m 00s after it ends/);
    expect(await watches.listByCluster('local')).toEqual([]);
  });

  it('an array: one summary alert when its last task ended, not one per task', async () => {
    const records = fixture('22.05', 'squeue', 'array_running_tasks_and_pending_range');
    head.squeue = records;
    await watches.add(watch('138'));
    await runWatcherTick(deps);
    expect(slack.posts).toHaveLength(0);
    head.squeue = records.replace(/RUNNING/g, 'COMPLETED').replace('PENDING', 'CANCELLED');
    await runWatcherTick(deps);
    expect(slack.posts).toHaveLength(1);
    expect(slack.texts()[0]).toMatch(/array job \*138\* `sweep` on \*local\* has ended/);
    expect(slack.texts()[0]).toMatch(/2 tasks/);
    expect(slack.texts()[0]).toMatch(/7 tasks/);
  });

  it('an unreachable cluster: watches kept, one warning after 3 failed ticks, one "reachable again"', async () => {
    head.down = true;
    await watches.add(watch(fixture('22.05', 'squeue', 'running').split('\x1f')[0]!));
    await watches.add(watch('143', { channel: 'C0OTHER' }));
    for (let i = 0; i < 5; i += 1) {
      const [report] = await runWatcherTick(deps);
      expect(report).toMatchObject({ error: 'EXEC_UNREACHABLE', alerts: 0 });
    }
    expect(slack.posts.map((p) => p.channel).sort()).toEqual(['C0OPS', 'C0OTHER']);
    expect(slack.texts()[0]).toMatch(/cannot reach cluster \*local\*.*3 checks in a row failed/s);
    expect(await watches.listByCluster('local')).toHaveLength(2);

    head.down = false;
    head.squeue = fixture('22.05', 'squeue', 'running') + fixture('22.05', 'squeue', 'het_job');
    await runWatcherTick(deps);
    await runWatcherTick(deps);
    const again = slack.texts().filter((t) => /reachable again/.test(t));
    expect(again).toHaveLength(2);
    expect(slack.posts).toHaveLength(4);
  });

  it('a sacct outage does not turn a forgotten job into "unknown": it waits for sacct', async () => {
    const accounting: Config = { ...config, clusters: [{ ...config.clusters[0]!, accounting: true }] };
    const nonce = 'ab'.repeat(16);
    const flaky: Executor = { run: async () => ({ stdout: `\n${nonce} 0\n\n${nonce} 1\nsacct: error: Problem talking to the database`, stderr: '', exitCode: 0 }) };
    await watches.add(watch('777'));
    await runWatcherTick({ ...deps, config: accounting, executorFor: () => flaky, poll: { nonce: () => nonce } });
    expect(slack.posts).toHaveLength(0);
    expect(await watches.get('local', '777')).toBeDefined();
  });
});
