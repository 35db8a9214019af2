import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, loadSlackCredentials } from '../../src/config';
import type { ExecRequest, Executor } from '../../src/exec/executor';
import { LocalExecutor } from '../../src/exec/local-executor';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { ACTION_IDS } from '../../src/slack/views/ids';
import { SILENT_LOG } from '../../src/tasks/log';
import { SlackFake, type ResponseUrlMessage } from '../support/slack-fake';
import { TEST_SIGNING_SECRET } from '../support/slack-ids';
import { blockActionsRequest, send, slashCommandRequest, type SigningOptions } from '../support/slack-requests';
import { describeWithSlurm, sbatchAs, scancelAll, waitForJobState } from '../support/slurm';
import { visibleText } from '../support/visible-text';
import { buttonValue } from './visible';

/**
 * The local runner end to end: signed requests over HTTP, the real Slurm on this machine with
 * real jobs of alice and bob, answers through a response_url served by the Slack fake.
 */
describeWithSlurm('read commands against the real Slurm', () => {
  let slack: SlackFake;
  let server: LocalServer;
  let url: string;
  const runs: ExecRequest[] = [];
  const jobs: Record<'aliceRun' | 'aliceHeld' | 'bobDebug' | 'bobHeld', string> = { aliceRun: '', aliceHeld: '', bobDebug: '', bobHeld: '' };

  beforeAll(async () => {
    slack = await SlackFake.start();
    const dir = mkdtempSync(path.join(tmpdir(), 'chatops-e2e-'));
    const configFile = path.join(dir, 'chatops.yml');
    writeFileSync(configFile, 'clusters:\n  - name: local\n    executor: local\nusers:\n  U0ALICE: alice\n  U0BOB: bob\n');
    const config = loadConfig({ CHATOPS_CONFIG: configFile, SLACK_API_URL: slack.apiUrl, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET });
    const local = new LocalExecutor();
    // The real executor, counted: a refused request must not reach the cluster.
    const counted: Executor = { run: (request) => (runs.push(request), local.run(request)) };
    server = await startLocalServer({ config, credentials: await loadSlackCredentials(config.env), log: SILENT_LOG, port: 0, executorFor: () => counted });
    url = `http://127.0.0.1:${server.port}/slack/events`;
    const sleeper = '#!/bin/bash\nsleep 600\n';
    jobs.aliceRun = sbatchAs('alice', sleeper, ['--job-name=alice-run', '--partition=compute']);
    jobs.aliceHeld = sbatchAs('alice', sleeper, ['--job-name=alice <!channel> & held', '--hold']);
    jobs.bobDebug = sbatchAs('bob', sleeper, ['--job-name=bob-debug', '--partition=debug']);
    jobs.bobHeld = sbatchAs('bob', sleeper, ['--job-name=bob-held', '--hold']);
    await Promise.all([waitForJobState(jobs.aliceRun, ['RUNNING']), waitForJobState(jobs.bobDebug, ['RUNNING'])]);
  });

  afterAll(async () => {
    scancelAll(Object.values(jobs).filter((id) => id !== ''));
    await server?.stop();
    await slack?.close();
  });

  /** Types `/slurm <text>` as `userId`; returns the ack and, when the worker answers, its reply. */
  async function slash(text: string, userId = 'U0ALICE', signing?: SigningOptions) {
    const responseUrl = slack.responseUrl();
    const res = await send(url, slashCommandRequest({ text, userId, responseUrl }, signing));
    const ack = res.body === '' ? {} : (JSON.parse(res.body) as ResponseUrlMessage);
    return { status: res.status, ack, ackText: visibleText(ack), responseUrl };
  }

  async function reply(responseUrl: string): Promise<{ body: ResponseUrlMessage; text: string }> {
    const { body } = await slack.waitForResponse(responseUrl, () => true, 15000);
    return { body, text: visibleText(body) };
  }

  it('help: the commands, the cluster and who you act as', async () => {
    const { ackText } = await slash('help');
    expect(ackText).toMatch(/\/slurm jobs/);
    expect(ackText).toMatch(/\/slurm job ID/);
    expect(ackText).toMatch(/`local` _\(default\)_/);
    expect(ackText).toMatch(/You act as Unix user `alice`/);
  });

  it('jobs: the caller\'s own jobs, the ack replaced', async () => {
    const { ackText, responseUrl, ack } = await slash('jobs');
    expect(ack.response_type).toBe('ephemeral');
    expect(ackText).toMatch(/Running `squeue` on \*local\*/);
    const { body, text } = await reply(responseUrl);
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(text).toContain(`*${jobs.aliceRun}*`);
    expect(text).toContain(`*${jobs.aliceHeld}*`);
    expect(text).not.toContain(`*${jobs.bobDebug}*`);
    expect(text).toMatch(/alice &lt;!channel&gt; &amp; held/);
    expect(text).not.toMatch(/<!channel>/);
  });

  it('jobs --all, --user bob, --state, --partition', async () => {
    const all = await reply((await slash('jobs --all')).responseUrl);
    for (const id of Object.values(jobs)) expect(all.text).toContain(`*${id}*`);
    const bob = await reply((await slash('jobs --user bob')).responseUrl);
    expect(bob.text).toContain(`*${jobs.bobDebug}*`);
    expect(bob.text).not.toContain(`*${jobs.aliceRun}*`);
    const pending = await reply((await slash('jobs --all --state pending')).responseUrl);
    expect(pending.text).toContain(`*${jobs.bobHeld}*`);
    expect(pending.text).not.toContain(`*${jobs.bobDebug}*`);
    const debug = await reply((await slash('jobs --all --partition debug')).responseUrl);
    expect(debug.text).toContain(`*${jobs.bobDebug}*`);
    expect(debug.text).not.toContain(`*${jobs.aliceRun}*`);
  });

  it('job ID: the details, why a job waits, and a Details button that shows the same', async () => {
    const held = await reply((await slash(`job ${jobs.aliceHeld}`)).responseUrl);
    expect(held.text).toMatch(new RegExp(`Job ${jobs.aliceHeld} on local`));
    expect(held.text).toMatch(/Why it is waiting/);
    expect(held.text).toMatch(/hold/i);
    const running = await reply((await slash(`job ${jobs.aliceRun}`)).responseUrl);
    expect(running.text).toMatch(/Running/);
    expect(running.text).toMatch(/`compute`/);

    const list = await reply((await slash('jobs')).responseUrl);
    const value = buttonValue(list.body.blocks, ACTION_IDS.jobDetails, `*${jobs.aliceRun}*`);
    expect(value).toBeDefined();
    const clickUrl = slack.responseUrl();
    const click = await send(url, blockActionsRequest({ actionId: ACTION_IDS.jobDetails, value: value!, responseUrl: clickUrl, userId: 'U0ALICE', isEphemeral: true }));
    expect(click.status).toBe(200);
    const card = await reply(clickUrl);
    expect(card.body.replace_original).toBe(false);
    expect(card.text).toMatch(new RegExp(`Job ${jobs.aliceRun} on local`));
  });

  it('job ID of an unknown job: the friendly not-found message', async () => {
    const { text } = await reply((await slash('job 4000000000')).responseUrl);
    expect(text).toMatch(/Job \*4000000000\* was not found on \*local\*/);
    expect(text).toMatch(/Finished jobs stay visible for 5m 00s/);
    expect(text).toMatch(/Request id `[0-9a-f]{12}`/);
  });

  it('nodes and partitions', async () => {
    const nodes = await reply((await slash('nodes')).responseUrl);
    expect(nodes.text).toMatch(/Nodes on local/);
    expect(nodes.text).toMatch(/CPUs \d+\/16/);
    const partitions = await reply((await slash('partitions')).responseUrl);
    expect(partitions.text).toMatch(/`compute`\* _\(default\)_/);
    expect(partitions.text).toMatch(/`debug`/);
    expect(partitions.text).toMatch(/time limit 30m 00s/);
  });

  it('clusters, and an unknown subcommand with a did-you-mean', async () => {
    expect((await slash('clusters')).ackText).toMatch(/`local`\* _\(default\)_/);
    const unknown = (await slash('jbos')).ackText;
    expect(unknown).toMatch(/Unknown subcommand `jbos`\. Did you mean `\/slurm jobs`\?/);
    expect(unknown).toMatch(/`\/slurm partitions`/);
  });

  it('an unmapped user is told how to get mapped, and nothing runs', async () => {
    const before = runs.length;
    const { ackText, responseUrl } = await slash('jobs --all', 'U0CAROL');
    expect(ackText).toMatch(/not mapped to a Unix user yet/);
    expect(ackText).toMatch(/U0CAROL: &lt;your Unix user name&gt;/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.responsesTo(responseUrl)).toHaveLength(0);
    expect(runs.length).toBe(before);
  });

  it('forged and stale requests get 401 and run nothing', async () => {
    const before = runs.length;
    const forged = await slash('jobs', 'U0ALICE', { forged: true });
    const stale = await slash('jobs', 'U0ALICE', { stale: true });
    expect([forged.status, stale.status]).toEqual([401, 401]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.responsesTo(forged.responseUrl)).toHaveLength(0);
    expect(slack.responsesTo(stale.responseUrl)).toHaveLength(0);
    expect(runs.length).toBe(before);
  });
});
