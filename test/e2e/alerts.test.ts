import { rmSync } from 'node:fs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { createChatApi } from '../../src/slack/chat';
import type { ClusterConfig } from '../../src/config';
import type { Executor } from '../../src/exec/executor';
import { FixedHeadNode } from '../../src/exec/head-node';
import { LocalExecutor } from '../../src/exec/local-executor';
import { SsmExecutor } from '../../src/exec/ssm-executor';
import { renderJobCard } from '../../src/slack/views/job-card';
import { ClusterHealthStore } from '../../src/store/cluster-health';
import { openStateTable } from '../../src/store/state-table';
import { WatchStore, type Watch } from '../../src/store/watches';
import { SILENT_LOG } from '../../src/tasks/log';
import { runWatcherTick } from '../../src/watch/tick';
import { WORKSPACE } from '../support/slack-ids';
import { describeWithSlurm, sbatchAs, scancelAll, waitForJobState } from '../support/slurm';
import { Harness } from './job-harness';

/**
 * Completion alerts end to end: real jobs on the real Slurm, watches in the runner's state directory,
 * watcher ticks run on demand, alerts and card updates seen through the Slack fake.
 */

const CONFIG = `clusters:
  - name: local
    executor: local
  - name: acct
    executor: local
    accounting: true
  - name: remote
    executor: ssm
    ssm: { instanceId: i-0123456789abcdef0, region: us-east-1 }
    slurmBinDir: /usr/bin
    timeoutSeconds: 5
users:
  U0ALICE: alice
  U0BOB: bob
`;

/** SSM at a closed port: every call fails as an unreachable head node does. */
const unreachable: Executor = new SsmExecutor({
  ssm: new SSMClient({ endpoint: 'http://127.0.0.1:1', region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 }),
  headNode: new FixedHeadNode('i-0123456789abcdef0'),
  defaultTimeoutMs: 5000,
});

describeWithSlurm('completion alerts against the real Slurm', () => {
  let h: Harness;
  let remoteDown = true;
  const jobs: string[] = [];
  const local = new LocalExecutor();

  const submit = (script: string, args: string[] = [], user = 'alice'): string => {
    const id = sbatchAs(user, script, args);
    jobs.push(id);
    return id;
  };

  /** What the submit runner does for "alert me": a job card in the channel and a watch in its thread. */
  async function cardAndWatch(id: string, name: string, cluster = 'local'): Promise<string> {
    const card = renderJobCard({ cluster, job: { id, name, partition: 'compute' }, submittedBy: 'U0ALICE', unixUser: 'alice', alertOnEnd: true });
    const { ts } = await h.chat().postMessage({ channel: WORKSPACE.channelId, ...card });
    const watch: Watch = {
      cluster, jobId: id, slackUserId: 'U0ALICE', unixUser: 'alice', channel: WORKSPACE.channelId, threadTs: ts, cardTs: ts,
      createdAt: Math.floor(Date.now() / 1000), options: {},
    };
    await new WatchStore(openStateTable(h.config.env)).add(watch);
    return ts;
  }

  /** The alerts posted about one job. */
  const alertsFor = (id: string, cluster = 'local') =>
    h.posts().filter((p) => p.text.includes(`job *${id}*`) && p.text.includes(`on *${cluster}*`) && /ended|final state/.test(p.text));

  beforeAll(async () => {
    h = await Harness.start({
      configYaml: CONFIG,
      executorFor: (cluster: ClusterConfig) => (cluster.name === 'remote' && remoteDown ? unreachable : local),
    });
  });

  afterAll(async () => {
    scancelAll(jobs);
    for (const id of jobs) rmSync(`/tmp/slurm-${id}.out`, { force: true });
    await h?.close();
  });

  it('a job that exits 0: one COMPLETED alert in its card thread, and the card updated', async () => {
    const id = submit('#!/bin/bash\necho all good\n', ['--job-name=fine']);
    const ts = await cardAndWatch(id, 'fine');
    await waitForJobState(id, ['COMPLETED']);
    await h.server.tickWatcher();
    await h.server.tickWatcher();
    const alerts = alertsFor(id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ channel: WORKSPACE.channelId, threadTs: ts });
    expect(alerts[0]!.text).toMatch(new RegExp(`<@U0ALICE> job \\*${id}\\* \`fine\` on \\*local\\* ended: \\*Completed\\*\\.`));
    expect(alerts[0]!.text).toMatch(/\*Exit code\*\n0/);
    expect(alerts[0]!.text).toMatch(/\*Nodes\*\n`vm`/);
    expect(JSON.stringify(h.slack.message(WORKSPACE.channelId, ts))).toMatch(/:white_check_mark: Completed/);
  });

  it('`exit 3`: one FAILED alert with exit code 3 and the last lines of output (watched with /slurm watch)', async () => {
    const id = submit('#!/bin/bash\necho step one done\necho "oops: no input file" >&2\nsleep 2\nexit 3\n', ['--job-name=breaks']);
    await waitForJobState(id, ['RUNNING', 'COMPLETING', 'FAILED']);
    expect((await h.reply((await h.slash(`watch ${id}`)).responseUrl)).text).toMatch(/Watching job/);
    await waitForJobState(id, ['FAILED']);
    await h.server.tickWatcher();
    const alerts = alertsFor(id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.threadTs).toBeUndefined();
    expect(alerts[0]!.text).toMatch(/ended: \*Failed\*, exit code 3\./);
    expect(alerts[0]!.text).toMatch(/oops: no input file/);
    expect(alerts[0]!.text).toMatch(/step one done/);
  });

  it('a cancelled job: one CANCELLED alert', async () => {
    const id = submit('#!/bin/bash\nsleep 600\n', ['--job-name=stopped']);
    await cardAndWatch(id, 'stopped');
    await waitForJobState(id, ['RUNNING']);
    await h.reply((await h.slash(`cancel ${id}`)).responseUrl);
    await waitForJobState(id, ['CANCELLED']);
    await h.server.tickWatcher();
    const alerts = alertsFor(id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toMatch(/ended: \*Cancelled\*/);
  });

  it('a restart of the runner between submit and end still alerts (watches live in STATE_DIR)', async () => {
    const id = submit('#!/bin/bash\nsleep 3\n', ['--job-name=survivor']);
    await cardAndWatch(id, 'survivor');
    await h.restart();
    await waitForJobState(id, ['COMPLETED']);
    await h.server.tickWatcher();
    expect(alertsFor(id)).toHaveLength(1);
  });

  it('overlapping ticks from two runners on the same state directory: one alert per job', async () => {
    const ids = [submit('#!/bin/bash\ntrue\n', ['--job-name=dup-a']), submit('#!/bin/bash\nfalse\n', ['--job-name=dup-b'])];
    for (const id of ids) await cardAndWatch(id, 'dup');
    await Promise.all(ids.map((id) => waitForJobState(id, ['COMPLETED', 'FAILED'])));
    const other = () => {
      const table = openStateTable(h.config.env);
      return runWatcherTick({
        config: h.config, watches: new WatchStore(table), health: new ClusterHealthStore(table), executorFor: () => local, log: SILENT_LOG,
        chat: createChatApi({ fetch: globalThis.fetch, apiUrl: h.slack.apiUrl, botToken: WORKSPACE.botToken }),
      });
    };
    await Promise.all([h.server.tickWatcher(), other(), other()]);
    for (const id of ids) expect(alertsFor(id)).toHaveLength(1);
  });

  it('on a cluster with accounting, squeue and sacct in one call: the alert still comes when sacct is off', async () => {
    const id = submit('#!/bin/bash\necho accounted\n', ['--job-name=acct-job']);
    await cardAndWatch(id, 'acct-job', 'acct');
    await waitForJobState(id, ['COMPLETED']);
    await h.server.tickWatcher();
    expect(alertsFor(id, 'acct')).toHaveLength(1);
    expect(h.logs.some((l) => l.message.startsWith('sacct gave no answer') && /accounting storage is disabled/.test(String(l.fields.problem)))).toBe(true);
  });

  it('an unreachable cluster: watches kept, one warning after 3 failed ticks, then one "reachable again"', async () => {
    const id = submit('#!/bin/bash\nsleep 600\n', ['--job-name=far-away']);
    await cardAndWatch(id, 'far-away', 'remote');
    await waitForJobState(id, ['RUNNING']);
    const warnings = () => h.posts().filter((p) => /cannot reach cluster \*remote\*/.test(p.text));
    const allClear = () => h.posts().filter((p) => /\*remote\* is reachable again/.test(p.text));
    for (let tick = 1; tick <= 5; tick += 1) {
      await h.server.tickWatcher();
      expect(warnings()).toHaveLength(tick >= 3 ? 1 : 0);
    }
    expect(warnings()[0]!.text).toMatch(/EXEC_UNREACHABLE/);
    expect(await new WatchStore(openStateTable(h.config.env)).get('remote', id)).toBeDefined();
    remoteDown = false;
    await h.server.tickWatcher();
    await h.server.tickWatcher();
    expect(allClear()).toHaveLength(1);
    expect(alertsFor(id, 'remote')).toHaveLength(0);
    scancelAll([id]);
    await waitForJobState(id, ['CANCELLED']);
    await h.server.tickWatcher();
    expect(alertsFor(id, 'remote')).toHaveLength(1);
  });
});
