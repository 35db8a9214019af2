import { ErrorCode, LogLevel, WebClient, type Logger, type WebAPIPlatformError, type WebAPIRateLimitedError, type WebAPIHTTPError } from '@slack/web-api';
import { SlackFake } from '../../support/slack-fake';
import { WORKSPACE } from '../../support/slack-ids';

// The client logs every refusal; these tests provoke them on purpose.
const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

describe('SlackFake, driven by a real @slack/web-api client', () => {
  let slack: SlackFake;
  let client: WebClient;

  beforeEach(async () => {
    slack = await SlackFake.start();
    client = new WebClient(WORKSPACE.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: quiet });
  });

  afterEach(async () => {
    await slack.close();
  });

  it('posts a message, records it with its blocks and token, and keeps it for later updates', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Job 42* is RUNNING' } }];
    const posted = await client.chat.postMessage({ channel: 'C0JOBS', text: 'Job 42 is RUNNING', blocks });

    expect(posted.ok).toBe(true);
    expect(posted.channel).toBe('C0JOBS');
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
    const call = await slack.waitFor('chat.postMessage');
    expect(call).toMatchObject({ token: WORKSPACE.botToken, args: { channel: 'C0JOBS', text: 'Job 42 is RUNNING', blocks } });

    await client.chat.update({ channel: 'C0JOBS', ts: posted.ts!, text: 'Job 42 is CANCELLED', blocks: [] });
    expect(slack.message('C0JOBS', posted.ts!)?.text).toBe('Job 42 is CANCELLED');
  });

  it('accepts a JSON body with a bearer token, as some clients send', async () => {
    const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${WORKSPACE.botToken}` },
      body: JSON.stringify({ channel: 'C0JOBS', text: 'hi', blocks: [{ type: 'divider' }] }),
    });

    expect(await res.json()).toMatchObject({ ok: true, channel: 'C0JOBS' });
    expect(slack.callsTo('chat.postMessage')[0]?.args).toEqual({ channel: 'C0JOBS', text: 'hi', blocks: [{ type: 'divider' }] });
  });

  it('refuses a wrong token with invalid_auth', async () => {
    const intruder = new WebClient('xoxb-not-the-right-one', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: quiet });

    await expect(intruder.auth.test()).rejects.toMatchObject({ code: ErrorCode.PlatformError, data: { ok: false, error: 'invalid_auth' } });
    expect(slack.callsTo('auth.test')[0]?.token).toBe('xoxb-not-the-right-one');
  });

  it('refuses blocks over Slack’s limits with invalid_blocks, naming the offending block', async () => {
    const tooLong = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];

    const error = (await client.chat.postMessage({ channel: 'C0JOBS', text: 't', blocks: tooLong }).catch((e: unknown) => e)) as WebAPIPlatformError;

    expect(error.data.error).toBe('invalid_blocks');
    expect(error.data.response_metadata?.messages).toEqual(['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]']);
  });

  it('will not update an ephemeral message through chat.update', async () => {
    const { message_ts } = await client.chat.postEphemeral({ channel: 'C0JOBS', user: 'U0ALICE', text: 'only you' });

    await expect(client.chat.update({ channel: 'C0JOBS', ts: message_ts!, text: 'changed' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
  });

  it('opens a modal and returns its view with an id and a hash; a stale hash conflicts', async () => {
    const view = {
      type: 'modal' as const,
      callback_id: 'submit_job',
      title: { type: 'plain_text' as const, text: 'Submit a job' },
      submit: { type: 'plain_text' as const, text: 'Submit' },
      blocks: [{ type: 'input', block_id: 'name', label: { type: 'plain_text', text: 'Name' }, element: { type: 'plain_text_input', action_id: 'name' } }],
    };
    const opened = await client.views.open({ trigger_id: '1.2.abc', view });

    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), hash: expect.any(String), callback_id: 'submit_job' });
    const updated = await client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view });
    expect(updated.view?.id).toBe(opened.view!.id);
    await expect(client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view })).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
  });

  it('refuses a modal whose title is over 24 characters', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'A title that is far too long' }, blocks: [] };

    await expect(client.views.open({ trigger_id: '1.2.abc', view })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
  });

  it('describes a registered file and serves its content to the bot token only', async () => {
    const script = '#!/bin/bash\n#SBATCH -p debug\nhostname\n';
    slack.registerFile({ id: 'F0SCRIPT1', name: 'job.sh', content: script });

    const { file } = await client.files.info({ file: 'F0SCRIPT1' });
    expect(file).toMatchObject({ id: 'F0SCRIPT1', name: 'job.sh', size: script.length, filetype: 'shell', mimetype: 'text/x-sh' });

    const authed = await fetch(file!.url_private_download!, { headers: { Authorization: `Bearer ${WORKSPACE.botToken}` } });
    expect(authed.status).toBe(200);
    expect(await authed.text()).toBe(script);

    // Like Slack: no 401, but a sign-in page where the file should be.
    const anonymous = await fetch(file!.url_private_download!);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await anonymous.text()).not.toContain('hostname');
    expect(slack.downloads.map((d) => d.served)).toEqual([true, false]);
  });

  it('answers files.info for an unknown file with file_not_found', async () => {
    await expect(client.files.info({ file: 'F0MISSING' })).rejects.toMatchObject({ data: { error: 'file_not_found' } });
  });

  it('returns a registered user’s email from users.info', async () => {
    slack.registerUser({ id: 'U0ALICE', name: 'alice', email: 'alice@example.org' });

    const { user } = await client.users.info({ user: 'U0ALICE' });

    expect(user?.profile?.email).toBe('alice@example.org');
    await expect(client.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
  });

  it('receives a file uploaded with files.uploadV2', async () => {
    await client.files.uploadV2({ channel_id: 'C0JOBS', filename: 'slurm-42.out', content: 'hello from job 42\n', initial_comment: 'Output of job 42' });

    const complete = await slack.waitFor('files.completeUploadExternal');
    expect(complete.args).toMatchObject({ channel_id: 'C0JOBS', initial_comment: 'Output of job 42' });
    const [uploaded] = complete.response.files as { id: string }[];
    expect(slack.fileContent(uploaded!.id)).toBe('hello from job 42\n');
  });

  it('fails a method with a Slack error code the given number of times', async () => {
    slack.failWith('chat.postMessage', { error: 'channel_not_found' }, 1);

    await expect(client.chat.postMessage({ channel: 'C0GONE', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(client.chat.postMessage({ channel: 'C0GONE', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('fails with HTTP 500, and with 429 and a Retry-After header', async () => {
    slack.failWith('chat.postMessage', { status: 500 }, 1);
    const http = (await client.chat.postMessage({ channel: 'C0JOBS', text: 'x' }).catch((e: unknown) => e)) as WebAPIHTTPError;
    expect(http.code).toBe(ErrorCode.HTTPError);
    expect(http.statusCode).toBe(500);

    slack.failWith('chat.postMessage', { status: 429, retryAfter: 7 }, 1);
    const limited = (await client.chat.postMessage({ channel: 'C0JOBS', text: 'x' }).catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(limited.code).toBe(ErrorCode.RateLimitedError);
    expect(limited.retryAfter).toBe(7);
  });

  it('waits for a call still to come, and times out with what it did see', async () => {
    const waiting = slack.waitFor('chat.postMessage', (c) => c.args.channel === 'C0LATER', 2000);
    await client.chat.postMessage({ channel: 'C0OTHER', text: 'not this one' });
    setTimeout(() => void client.chat.postMessage({ channel: 'C0LATER', text: 'this one' }), 50);

    await expect(waiting).resolves.toMatchObject({ args: { text: 'this one' } });
    await expect(slack.waitFor('views.open', undefined, 50)).rejects.toThrow(/no views.open call matched within 50 ms; calls: chat.postMessage, chat.postMessage/);
  });

  it('records response_url posts the way Bolt’s respond() sends them', async () => {
    const url = slack.responseUrl();
    const post = (body: unknown): Promise<Response> => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

    expect((await post({ response_type: 'ephemeral', text: 'Working…' })).status).toBe(200);
    setTimeout(() => void post({ replace_original: true, text: 'Done', blocks: [{ type: 'divider' }] }), 20);

    const final = await slack.waitForResponse(url, (r) => r.body.replace_original === true);
    expect(final.body).toEqual({ replace_original: true, text: 'Done', blocks: [{ type: 'divider' }] });
    expect(slack.responsesTo(url).map((r) => r.body.text)).toEqual(['Working…', 'Done']);
  });

  it('refuses a response_url after five uses, and a post with no text', async () => {
    const url = slack.responseUrl();
    const post = (body: unknown): Promise<Response> => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

    expect((await post({})).status).toBe(400);
    for (let i = 0; i < 4; i += 1) await post({ text: `${i}` });
    const sixth = await post({ text: 'one too many' });

    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe('used_url');
  });

  it('fails response_url posts on demand', async () => {
    slack.failWith('response_url', { status: 500 }, 1);
    const url = slack.responseUrl();

    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"x"}' });

    expect(res.status).toBe(500);
  });
});
