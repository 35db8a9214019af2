import { verifySlackRequest, type SlashCommand, type BlockAction, type ButtonAction, type ViewSubmitAction } from '@slack/bolt';
import { SlackFake } from '../../support/slack-fake';
import { TEST_SIGNING_SECRET, WORKSPACE } from '../../support/slack-ids';
import {
  blockActionsRequest,
  plainTextValue,
  send,
  slashCommandRequest,
  staticSelectValue,
  viewSubmissionRequest,
  type SlackHttpRequest,
} from '../../support/slack-requests';
import { startBoltApp, type RunningBoltApp } from './bolt-app';

function verify(req: SlackHttpRequest, signingSecret = TEST_SIGNING_SECRET): void {
  verifySlackRequest({
    signingSecret,
    body: req.body,
    headers: {
      'x-slack-signature': req.headers['X-Slack-Signature']!,
      'x-slack-request-timestamp': Number(req.headers['X-Slack-Request-Timestamp']),
    },
  });
}

describe('request signing, checked by Bolt’s own verifier', () => {
  const command = { text: 'jobs', responseUrl: 'http://127.0.0.1:1/commands/T/1/x' };

  it('signs a slash command so that Bolt accepts it', () => {
    expect(() => verify(slashCommandRequest(command))).not.toThrow();
  });

  it('signs with the secret it is given', () => {
    const req = slashCommandRequest(command, { signingSecret: 'another-secret' });
    expect(() => verify(req, 'another-secret')).not.toThrow();
    expect(() => verify(req)).toThrow(/signature mismatch/);
  });

  it('produces a forged signature that Bolt refuses', () => {
    expect(() => verify(slashCommandRequest(command, { forged: true }))).toThrow(/signature mismatch/);
  });

  it('produces a stale timestamp that Bolt refuses as a replay', () => {
    expect(() => verify(slashCommandRequest(command, { stale: true }))).toThrow(/stale/);
  });

  it('adds Slack’s retry headers when asked', () => {
    const req = blockActionsRequest({ actionId: 'a', responseUrl: command.responseUrl }, { retry: { num: 1, reason: 'http_timeout' } });
    expect(req.headers['X-Slack-Retry-Num']).toBe('1');
    expect(req.headers['X-Slack-Retry-Reason']).toBe('http_timeout');
    expect(() => verify(req)).not.toThrow();
  });
});

describe('payloads, as a Bolt app parses them', () => {
  let slack: SlackFake;
  let bolt: RunningBoltApp;
  const seen: { command?: SlashCommand; action?: BlockAction<ButtonAction>; view?: ViewSubmitAction } = {};

  beforeAll(async () => {
    slack = await SlackFake.start();
    bolt = await startBoltApp(slack.apiUrl, (app) => {
      app.command('/slurm', async ({ command, ack, respond }) => {
        seen.command = command;
        await ack();
        await respond({ response_type: 'ephemeral', text: `you asked: ${command.text}` });
      });
      app.action<BlockAction<ButtonAction>>('job_cancel', async ({ body, ack }) => {
        seen.action = body;
        await ack();
      });
      app.view<ViewSubmitAction>('submit_job', async ({ body, ack }) => {
        seen.view = body;
        await ack({ response_action: 'errors', errors: { script: 'The script is empty.' } });
      });
    });
  });

  afterAll(async () => {
    await bolt.stop();
    await slack.close();
  });

  it('delivers a slash command with every field Slack sends, and respond() reaches the response_url', async () => {
    const responseUrl = slack.responseUrl();
    const res = await send(bolt.url, slashCommandRequest({ text: 'jobs --all', userId: 'U0BOB', userName: 'bob', responseUrl }));

    expect(res.status).toBe(200);
    expect(seen.command).toMatchObject({
      command: '/slurm',
      text: 'jobs --all',
      user_id: 'U0BOB',
      user_name: 'bob',
      team_id: WORKSPACE.teamId,
      channel_id: WORKSPACE.channelId,
      api_app_id: WORKSPACE.appId,
      response_url: responseUrl,
    });
    expect(seen.command?.trigger_id).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
    const reply = await slack.waitForResponse(responseUrl);
    expect(reply.body).toEqual({ response_type: 'ephemeral', text: 'you asked: jobs --all' });
  });

  it('delivers a button click with the action, its container and its message', async () => {
    const res = await send(
      bolt.url,
      blockActionsRequest({ actionId: 'job_cancel', value: '42', blockId: 'job_actions', buttonText: 'Cancel', messageTs: '1700000000.000100', responseUrl: slack.responseUrl() }),
    );

    expect(res.status).toBe(200);
    expect(seen.action?.actions[0]).toMatchObject({ action_id: 'job_cancel', block_id: 'job_actions', value: '42', type: 'button', text: { text: 'Cancel' } });
    expect(seen.action?.container).toEqual({ type: 'message', message_ts: '1700000000.000100', channel_id: WORKSPACE.channelId, is_ephemeral: false });
    expect(seen.action?.message?.ts).toBe('1700000000.000100');
    expect(seen.action?.user).toMatchObject({ id: 'U0ALICE', username: 'alice' });
  });

  it('leaves out the message of an ephemeral container, as Slack does', async () => {
    await send(bolt.url, blockActionsRequest({ actionId: 'job_cancel', value: '7', isEphemeral: true, responseUrl: slack.responseUrl() }));

    expect(seen.action?.container.is_ephemeral).toBe(true);
    expect(seen.action?.message).toBeUndefined();
  });

  it('delivers a modal submission with its state, and returns the ack’s response_action to Slack', async () => {
    const res = await send(
      bolt.url,
      viewSubmissionRequest({
        callbackId: 'submit_job',
        privateMetadata: '{"channel":"C0GENERAL"}',
        values: { partition: { partition: staticSelectValue('debug') }, name: { name: plainTextValue('my job') } },
      }),
    );

    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ response_action: 'errors', errors: { script: 'The script is empty.' } });
    expect(seen.view?.view.private_metadata).toBe('{"channel":"C0GENERAL"}');
    expect(seen.view?.view.state.values.partition?.partition?.selected_option?.value).toBe('debug');
    expect(seen.view?.view.state.values.name?.name?.value).toBe('my job');
  });

  it('is refused by the app when the signature is forged or the timestamp stale', async () => {
    const forged = await send(bolt.url, slashCommandRequest({ text: 'jobs', responseUrl: slack.responseUrl() }, { forged: true }));
    const stale = await send(bolt.url, slashCommandRequest({ text: 'jobs', responseUrl: slack.responseUrl() }, { stale: true }));

    expect(forged.status).toBe(401);
    expect(stale.status).toBe(401);
  });
});
