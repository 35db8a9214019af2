import type { RespondArguments } from '@slack/bolt';
import type { AuditRecord } from '../../../src/audit/audit';
import { loadConfig, type Config } from '../../../src/config';
import { jobAction } from '../../../src/slack/listeners/actions/job-action';
import { readAction } from '../../../src/slack/listeners/actions/read-action';
import { slurmCommand } from '../../../src/slack/listeners/commands/slurm';
import type { ListenerDeps } from '../../../src/slack/listeners/deps';
import { ACTION_IDS, encodeJobsPageValue, encodeJobValue } from '../../../src/slack/views/ids';
import type { Dispatcher } from '../../../src/tasks/dispatcher';
import { InProcessDispatcher } from '../../../src/tasks/in-process-dispatcher';
import { SILENT_LOG } from '../../../src/tasks/log';
import { createTaskRunner } from '../../../src/tasks/runner';
import type { Task } from '../../../src/tasks/task';
import { visibleText } from '../../support/visible-text';
import { captureFetch } from '../tasks/capture-fetch';
import { fixture, ok, RecordedExecutor } from '../tasks/fake-executor';

const RESPONSE_URL = 'https://hooks.slack.com/commands/T0CHATOPS/1/x';
const base = loadConfig({});
const config: Config = {
  ...base,
  clusters: [base.clusters[0]!, { ...base.clusters[0]!, name: 'gpu' }],
  users: { U0ALICE: 'alice', U0BOB: 'bob' },
  admins: ['U0ALICE'],
};

function harness(cfg: Config = config) {
  const executor = new RecordedExecutor({
    squeue: ok(fixture('squeue/mixed_listing.txt')),
    scontrol: ok(fixture('scontrol-job/running.txt')),
    sinfo: ok(fixture('sinfo-partitions/two_partitions_busy.txt')),
  });
  const { fetch, posted } = captureFetch();
  const dispatcher = new InProcessDispatcher(createTaskRunner({ config: cfg, executorFor: () => executor, fetch, log: SILENT_LOG }), SILENT_LOG);
  const audited: AuditRecord[] = [];
  const deps: ListenerDeps = {
    config: cfg, dispatcher, fetch, log: SILENT_LOG, newRequestId: () => 'req000000001',
    audit: async (record) => {
      audited.push(record);
    },
  };
  const acks: RespondArguments[] = [];
  const command = async (text: string, user = 'U0ALICE', channel = 'C0GENERAL') => {
    await slurmCommand(deps)({
      command: { command: '/slurm', text, team_id: 'T0CHATOPS', user_id: user, channel_id: channel, response_url: RESPONSE_URL },
      ack: async (r) => {
        acks.push(r ?? {});
      },
    });
    await dispatcher.drain();
    return { ack: acks.at(-1)!, replies: posted };
  };
  const click = async (actionId: string, value: string, user = 'U0ALICE') => {
    let acked = 0;
    await readAction(deps)({
      ack: async () => {
        acked += 1;
      },
      action: { action_id: actionId, value },
      body: { user: { id: user, team_id: 'T0CHATOPS' }, team: { id: 'T0CHATOPS' }, channel: { id: 'C0GENERAL' }, response_url: RESPONSE_URL },
    });
    await dispatcher.drain();
    return { acked, replies: posted };
  };
  const clickJob = async (actionId: string, value: string, user = 'U0ALICE') => {
    await jobAction(deps)({
      ack: async () => undefined,
      action: { action_id: actionId, value },
      body: { user: { id: user, team_id: 'T0CHATOPS' }, team: { id: 'T0CHATOPS' }, channel: { id: 'C0GENERAL' }, response_url: RESPONSE_URL },
    });
    await dispatcher.drain();
  };
  return { executor, command, click, clickJob, posted, audited };
}

const ackText = (ack: RespondArguments): string => visibleText(ack as { text: string; blocks: unknown[] });

describe('/slurm listener', () => {
  it('acks with "Running squeue on local" and then replaces it with the caller\'s jobs', async () => {
    const h = harness();
    const { ack, replies } = await h.command('jobs');
    expect(ack.response_type).toBe('ephemeral');
    expect(ackText(ack)).toMatch(/Running `squeue` on \*local\*/);
    expect(h.executor.calls).toHaveLength(1);
    expect(h.executor.calls[0]).toMatchObject({ runAs: 'alice' });
    expect(h.executor.calls[0]!.argv).toContain('--users=alice');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body.replace_original).toBe(true);
  });

  it('runs -c CLUSTER on that cluster, --all without a user filter, --user @mention as the mapped user', async () => {
    const h = harness();
    expect(ackText((await h.command('-c gpu jobs --all')).ack)).toMatch(/on \*gpu\*/);
    expect(h.executor.calls[0]!.argv.some((a) => a.startsWith('--users'))).toBe(false);
    await h.command('jobs --user <@U0BOB|bob>');
    expect(h.executor.calls[1]!.argv).toContain('--users=bob');
  });

  it('tells an unmapped user how to get mapped, and runs nothing', async () => {
    const h = harness();
    for (const text of ['jobs', 'job 12', 'nodes', 'partitions']) {
      const { ack } = await h.command(text, 'U0STRANGER');
      expect(ackText(ack)).toMatch(/not mapped to a Unix user yet/);
      expect(ackText(ack)).toMatch(/U0STRANGER: &lt;your Unix user name&gt;/);
    }
    expect(h.executor.calls).toHaveLength(0);
    expect(h.posted).toHaveLength(0);
  });

  it('records a refused change of a job (and a refused submit) as a denied audit record, running nothing', async () => {
    const h = harness();
    await h.command('cancel 12', 'U0STRANGER');
    await h.command('requeue 12 -c gpu', 'U0STRANGER');
    await h.command('output 12', 'U0STRANGER');
    await h.command('submit', 'U0STRANGER');
    await h.clickJob(ACTION_IDS.jobHold, encodeJobValue({ cluster: 'gpu', jobId: '13' }), 'U0STRANGER');
    expect(h.executor.calls).toHaveLength(0);
    expect(h.audited).toEqual([
      expect.objectContaining({ action: 'cancel', result: 'denied', jobId: '12', userId: 'U0STRANGER', cluster: 'local', detail: 'not_mapped', requestId: 'req000000001' }),
      expect.objectContaining({ action: 'requeue', result: 'denied', jobId: '12', cluster: 'gpu' }),
      expect.objectContaining({ action: 'submit', result: 'denied', cluster: 'local', userId: 'U0STRANGER' }),
      expect.objectContaining({ action: 'hold', result: 'denied', jobId: '13', cluster: 'gpu', userId: 'U0STRANGER' }),
    ]);
  });

  it('still shows help and the clusters to an unmapped user, without the cluster', async () => {
    const h = harness();
    expect(ackText((await h.command('help', 'U0STRANGER')).ack)).toMatch(/You are not mapped to a Unix user yet/);
    expect(ackText((await h.command('clusters', 'U0STRANGER')).ack)).toMatch(/`gpu`/);
    expect(h.executor.calls).toHaveLength(0);
  });

  it('refuses a channel off the allow-list, saying where it answers', async () => {
    const h = harness({ ...config, channels: ['C0OPS'] });
    const { ack } = await h.command('jobs', 'U0ALICE', 'C0RANDOM');
    expect(ackText(ack)).toMatch(/don't answer in this channel/);
    expect(ackText(ack)).toMatch(/<#C0OPS>/);
    expect(h.executor.calls).toHaveLength(0);
  });

  it('answers bad input at once with what is wrong, and runs nothing', async () => {
    const h = harness();
    expect(ackText((await h.command('job 12;reboot')).ack)).toMatch(/not a job id/);
    expect(ackText((await h.command('jobs -c nope')).ack)).toMatch(/no cluster named `nope`[\s\S]*`local`, `gpu`/);
    expect(ackText((await h.command('nodse')).ack)).toMatch(/Did you mean `\/slurm nodes`\?/);
    expect(ackText((await h.command('jobs --user <@U0STRANGER>')).ack)).toMatch(/That Slack user is not mapped/);
    expect(h.executor.calls).toHaveLength(0);
  });

  it('tells the user when the task cannot be handed to the worker', async () => {
    const { fetch, posted } = captureFetch();
    const broken: Dispatcher = { dispatch: () => Promise.reject(new Error('Lambda is down')) };
    await slurmCommand({ config, dispatcher: broken, fetch, log: SILENT_LOG, newRequestId: () => 'req000000002' })({
      command: { command: '/slurm', text: 'jobs', team_id: 'T0CHATOPS', user_id: 'U0ALICE', channel_id: 'C0GENERAL', response_url: RESPONSE_URL },
      ack: async () => {},
    });
    expect(posted).toHaveLength(1);
    expect(visibleText(posted[0]!.body)).toMatch(/Something went wrong in the bot[\s\S]*req000000002/);
  });
});

describe('button listener', () => {
  it('re-runs the query for the next page and replaces the list', async () => {
    const h = harness();
    const value = encodeJobsPageValue({ cluster: 'local', filter: { users: ['alice'], states: ['PENDING'] }, page: 1 });
    const { acked, replies } = await h.click(ACTION_IDS.jobsPageNext, value);
    expect(acked).toBe(1);
    expect(h.executor.calls[0]!.argv).toEqual(expect.arrayContaining(['--users=alice', '--states=PENDING']));
    expect(replies[0]!.body.replace_original).toBe(true);
  });

  it('shows details as a new message, leaving the list', async () => {
    const h = harness();
    const { replies } = await h.click(ACTION_IDS.jobDetails, encodeJobValue({ cluster: 'gpu', jobId: '80' }));
    expect(h.executor.calls[0]!.argv.slice(-1)).toEqual(['80']);
    expect(replies[0]!.body.replace_original).toBe(false);
  });

  it('refuses an unmapped user and a stale button, running nothing', async () => {
    const h = harness();
    const stranger = await h.click(ACTION_IDS.jobDetails, encodeJobValue({ cluster: 'local', jobId: '80' }), 'U0STRANGER');
    expect(visibleText(stranger.replies[0]!.body)).toMatch(/not mapped/);
    const stale = await h.click(ACTION_IDS.jobsPageNext, '{"v":0}');
    expect(visibleText(stale.replies[1]!.body)).toMatch(/out of date/);
    expect(h.executor.calls).toHaveLength(0);
    expect(stale.replies.every((r) => r.body.replace_original === false)).toBe(true);
  });
});

describe('dispatched task', () => {
  it('is plain JSON with a version', async () => {
    const tasks: Task[] = [];
    await slurmCommand({ config, dispatcher: { dispatch: async (t) => void tasks.push(t) }, fetch: captureFetch().fetch, log: SILENT_LOG, newRequestId: () => 'r1' })({
      command: { command: '/slurm', text: 'jobs --state PD -p debug --page 2', team_id: 'T0CHATOPS', user_id: 'U0BOB', channel_id: 'C0GENERAL', response_url: RESPONSE_URL },
      ack: async () => {},
    });
    expect(JSON.parse(JSON.stringify(tasks))).toEqual([{
      v: 1, requestId: 'r1', teamId: 'T0CHATOPS', userId: 'U0BOB', channelId: 'C0GENERAL', responseUrl: RESPONSE_URL,
      reply: 'replace', cluster: 'local', unixUser: 'bob',
      command: { kind: 'jobs', filter: { users: ['bob'], states: ['PENDING'], partition: 'debug' }, page: 1 },
    }]);
  });
});
