import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChatopsError } from '../../src/errors';
import { loadConfig, socketModeCredentials, type Config } from '../../src/config';
import { LocalExecutor } from '../../src/exec/local-executor';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, SUBMIT_FIELDS as F, decodeJobValue } from '../../src/slack/views/ids';
import { encodeSubmitMeta } from '../../src/submit/metadata';
import { SILENT_LOG } from '../../src/tasks/log';
import { SlackFake, type ResponseUrlMessage } from '../support/slack-fake';
import { WORKSPACE } from '../support/slack-ids';
import { blockActionsPayload, plainTextValue, slashCommandFields, viewSubmissionPayload } from '../support/slack-requests';
import { describeWithSlurm, sbatchAs, scancelAll, waitForJobState } from '../support/slurm';
import { SocketModeFake, TEST_APP_TOKEN } from '../support/socket-mode-fake';
import { visibleText } from '../support/visible-text';
import { buttonValue } from './visible';

/** The Unix user a job belongs to, as squeue shows it to root. */
const jobOwner = (id: string): string => spawnSync('squeue', ['--noheader', '--states=all', '--jobs', id, '--format=%u'], { encoding: 'utf8' }).stdout.trim();

/** Listening TCP servers of this process: Socket Mode must add none. */
const listeningServers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

/** The runner's configuration as `npm start` reads it on a head node in Socket Mode: no signing secret. */
function socketModeConfig(slack: SlackFake, dir: string): Config {
  const configFile = path.join(dir, 'chatops.yml');
  writeFileSync(configFile, 'clusters:\n  - name: local\n    executor: local\nusers:\n  U0ALICE: alice\n  U0BOB: bob\n');
  return loadConfig({
    CHATOPS_CONFIG: configFile,
    SLACK_API_URL: slack.apiUrl,
    SLACK_APP_TOKEN: TEST_APP_TOKEN,
    SLACK_BOT_TOKEN: WORKSPACE.botToken,
    STATE_DIR: path.join(dir, 'state'),
  });
}

/**
 * The local runner in Socket Mode end to end: Slack's envelopes over a real WebSocket, the real
 * Slurm on this machine, answers through a response_url served by the Slack fake.
 */
describeWithSlurm('Socket Mode against the real Slurm', () => {
  let slack: SlackFake;
  let socket: SocketModeFake;
  let server: LocalServer | undefined;
  let dir: string;
  let serversBefore: number;
  const jobs: Record<'aliceRun' | 'bobRun' | 'submitted', string> = { aliceRun: '', bobRun: '', submitted: '' };

  beforeAll(async () => {
    slack = await SlackFake.start();
    socket = await SocketModeFake.start(slack);
    dir = mkdtempSync(path.join(tmpdir(), 'chatops-socket-'));
    const config = socketModeConfig(slack, dir);
    serversBefore = listeningServers();
    server = await startLocalServer({ config, credentials: socketModeCredentials(config.env)!, log: SILENT_LOG, executorFor: () => new LocalExecutor() });
    const sleeper = '#!/bin/bash\nsleep 600\n';
    jobs.aliceRun = sbatchAs('alice', sleeper, ['--job-name=alice-socket', '--partition=compute']);
    jobs.bobRun = sbatchAs('bob', sleeper, ['--job-name=bob-socket', '--partition=debug']);
    await Promise.all([waitForJobState(jobs.aliceRun, ['RUNNING']), waitForJobState(jobs.bobRun, ['RUNNING'])]);
  });

  afterAll(async () => {
    scancelAll(Object.values(jobs).filter((id) => id !== ''));
    await server?.stop();
    await socket?.close();
    await slack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Types `/slurm <text>` as `userId`; returns what the ack showed and where the answer will go. */
  async function slash(text: string, userId = 'U0ALICE') {
    const responseUrl = slack.responseUrl();
    const ack = await socket.slashCommand(slashCommandFields({ text, userId, responseUrl }));
    const shown = (ack.payload ?? {}) as ResponseUrlMessage;
    return { ack: shown, ackText: visibleText(shown), responseUrl };
  }

  async function reply(responseUrl: string): Promise<{ body: ResponseUrlMessage; text: string }> {
    const { body } = await slack.waitForResponse(responseUrl, () => true, 15000);
    return { body, text: visibleText(body) };
  }

  it('connects with the app-level token through SLACK_API_URL and opens no HTTP port', () => {
    expect(server!.port).toBeUndefined();
    expect(listeningServers()).toBe(serversBefore);
    expect(socket.openConnections).toBe(1);
    const opens = slack.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]!.token).toBe(TEST_APP_TOKEN);
  });

  it('/slurm help: the answer is the envelope ack itself', async () => {
    const { ackText } = await slash('help');
    expect(ackText).toMatch(/\/slurm jobs/);
    expect(ackText).toMatch(/You act as Unix user `alice`/);
  });

  it('/slurm jobs --all: acked at once, then every job at the response_url', async () => {
    const { ack, ackText, responseUrl } = await slash('jobs --all');
    expect(ack.response_type).toBe('ephemeral');
    expect(ackText).toMatch(/Running `squeue` on \*local\*/);
    const { body, text } = await reply(responseUrl);
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(text).toContain(`*${jobs.aliceRun}*`);
    expect(text).toContain(`*${jobs.bobRun}*`);
  });

  it('a Details button (block_actions envelope) is acked and answered with the job card', async () => {
    const list = await reply((await slash('jobs')).responseUrl);
    const value = buttonValue(list.body.blocks, ACTION_IDS.jobDetails, `*${jobs.aliceRun}*`);
    expect(value).toBeDefined();
    const clickUrl = slack.responseUrl();
    const ack = await socket.interactive(blockActionsPayload({ actionId: ACTION_IDS.jobDetails, value: value!, responseUrl: clickUrl, userId: 'U0ALICE', isEphemeral: true }));
    expect(visibleText((ack.payload ?? {}) as ResponseUrlMessage).trim()).toBe('');
    const card = await reply(clickUrl);
    expect(card.body.replace_original).toBe(false);
    expect(card.text).toMatch(new RegExp(`Job ${jobs.aliceRun} on local`));
  });

  it('the submit modal (view_submission envelope): field errors in the ack, then a job submitted as alice', async () => {
    const submission = (fields: Record<string, unknown>) =>
      viewSubmissionPayload({
        callbackId: CALLBACK_IDS.submitModal,
        userId: 'U0ALICE',
        privateMetadata: encodeSubmitMeta({ cluster: 'local', channelId: WORKSPACE.channelId, responseUrl: slack.responseUrl() }),
        values: {
          [F.scriptText.blockId]: { [F.scriptText.actionId]: plainTextValue('#!/bin/bash\nsleep 300\n') },
          [F.jobName.blockId]: { [F.jobName.actionId]: plainTextValue(`socket-${process.pid}`) },
          ...fields,
        },
      });
    const refused = await socket.interactive(submission({ [F.timeLimit.blockId]: { [F.timeLimit.actionId]: plainTextValue('soon') } }));
    expect(refused.payload).toMatchObject({ response_action: 'errors' });
    expect(Object.keys((refused.payload as { errors: object }).errors)).toEqual([F.timeLimit.blockId]);

    const accepted = await socket.interactive(submission({}));
    expect(accepted.payload ?? {}).not.toHaveProperty('response_action', 'errors');
    const post = await slack.waitFor('chat.postMessage', (c) => String(c.args.text).includes(`socket-${process.pid}`), 20000);
    expect(post.token).toBe(WORKSPACE.botToken);
    const blocks = post.args.blocks as { block_id?: string; elements?: { value?: string }[] }[];
    jobs.submitted = decodeJobValue(blocks.find((b) => b.block_id === BLOCK_IDS.jobCardActions)?.elements?.[0]?.value ?? '').jobId;
    expect(await waitForJobState(jobs.submitted, ['PENDING', 'RUNNING'])).toBeDefined();
    expect(jobOwner(jobs.submitted)).toBe('alice');
  });

  it('reconnects when Slack refreshes the connection, and keeps answering', async () => {
    socket.requestRefresh();
    // The Socket Mode client waits its ping timeout (5 s) before reconnecting.
    await socket.waitForConnection(2, 15000);
    expect(slack.callsTo('apps.connections.open')).toHaveLength(2);
    expect(socket.openConnections).toBe(1);
    const { ackText } = await slash('help', 'U0BOB');
    expect(ackText).toMatch(/You act as Unix user `bob`/);
  });

  it('stops cleanly: the WebSocket closed normally, no connection left', async () => {
    await server!.stop();
    server = undefined;
    await socket.waitForClose(1000);
    expect(socket.openConnections).toBe(0);
    expect(listeningServers()).toBe(serversBefore);
  });
});

describe('Socket Mode start-up', () => {
  let slack: SlackFake;
  let socket: SocketModeFake;
  let dir: string;

  beforeAll(async () => {
    slack = await SlackFake.start();
    // Slack knows another app token than the one the runner is given.
    socket = await SocketModeFake.start(slack, 'xapp-1-A0SLURMBOT-0000000009-anotherappstoken');
    dir = mkdtempSync(path.join(tmpdir(), 'chatops-socket-'));
  });

  afterAll(async () => {
    await socket.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a token Slack refuses stops the start with what to change', async () => {
    const config = socketModeConfig(slack, dir);
    const start = startLocalServer({ config, credentials: socketModeCredentials(config.env)!, log: SILENT_LOG, executorFor: () => new LocalExecutor() });
    await expect(start).rejects.toThrow(/^SLACK_APP_TOKEN: Slack refused it \(invalid_auth\): copy the app-level token again/);
    await expect(start).rejects.toBeInstanceOf(ChatopsError);
    expect(socket.connectionCount).toBe(0);
  });
});
