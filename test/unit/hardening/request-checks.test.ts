import { AwsLambdaReceiver } from '@slack/bolt';
import type { AwsHandler } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { createSlackHandler } from '../../../src/slack/lambda';
import { eventBodyBytes, isBodyTooLarge, MAX_REQUEST_BODY_BYTES } from '../../../src/slack/request-limits';
import { renderJobCard } from '../../../src/slack/views/job-card';
import { ACTION_IDS, CALLBACK_IDS, encodeJobValue, SUBMIT_FIELDS } from '../../../src/slack/views/ids';
import { MAX_PASTED_SCRIPT_CHARS, renderSubmitModal } from '../../../src/slack/views/submit-modal';
import { apiGatewayEvent, lambdaContext } from '../../support/apigw-event';
import { startAppUnderTest, type AppUnderTest } from '../../support/app-under-test';
import { TEST_SIGNING_SECRET } from '../../support/slack-ids';
import { blockActionsRequest, plainTextValue, signRequest, slashCommandRequest, viewSubmissionRequest } from '../../support/slack-requests';
import { fixture, ok, RecordedExecutor } from '../tasks/fake-executor';

const FORM = 'application/x-www-form-urlencoded';
/** Text that costs the most once URL-encoded: 9 bytes a character. */
const WIDE = '€';

describe('request checks on the local runner (real HTTP, real Bolt)', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startAppUnderTest({
      config: 'clusters:\n  - name: local\n    executor: local\nusers:\n  U0ALICE: alice\n',
      executor: new RecordedExecutor({ squeue: ok(fixture('squeue/running.txt')) }),
    });
  });
  afterAll(() => app.close());

  it('refuses a forged signature and a timestamp over 5 minutes old with 401, running nothing', async () => {
    const forged = await app.slash('jobs', { signing: { forged: true } });
    const stale = await app.slash('jobs', { signing: { stale: true } });
    const otherSecret = await app.slash('jobs', { signing: { signingSecret: `${TEST_SIGNING_SECRET}x` } });
    expect([forged.status, stale.status, otherSecret.status]).toEqual([401, 401, 401]);
    await app.drain();
    expect(app.runs).toHaveLength(0);
    expect(app.slack.responses).toHaveLength(0);
  });

  it('refuses a body over the limit with 413 before reading it, even when signed', async () => {
    const body = new URLSearchParams({ command: '/slurm', text: 'jobs', user_id: 'U0ALICE', padding: 'x'.repeat(MAX_REQUEST_BODY_BYTES) }).toString();
    const res = await app.send(signRequest(body, FORM));
    expect(res.status).toBe(413);
    await app.drain();
    expect(app.runs).toHaveLength(0);
  });

  it('answers a signed request inside the limit', async () => {
    const { status, responseUrl } = await app.slash('jobs');
    expect(status).toBe(200);
    await app.reply(responseUrl);
    expect(app.runs).toHaveLength(1);
  });
});

describe('request checks on the Lambda handler', () => {
  it('answers 413 to an oversized body without even building the app', async () => {
    let builds = 0;
    const handler = createSlackHandler(async () => {
      builds += 1;
      throw new Error('must not be built');
    });
    const big = signRequest(`payload=${'x'.repeat(MAX_REQUEST_BODY_BYTES)}`, FORM);
    for (const base64 of [false, true]) {
      const response = await handler(apiGatewayEvent(big, { base64 }), lambdaContext());
      expect(response).toEqual({ statusCode: 413, body: '' });
    }
    expect(builds).toBe(0);
  });

  it('passes a body inside the limit on to Bolt, which checks the signature', async () => {
    const receiver = new AwsLambdaReceiver({ signingSecret: TEST_SIGNING_SECRET });
    const handler = createSlackHandler(async (): Promise<AwsHandler> => receiver.toHandler());
    const forged = slashCommandRequest({ text: 'jobs', responseUrl: 'https://hooks.slack.com/x' }, { forged: true });
    expect((await handler(apiGatewayEvent(forged), lambdaContext())).statusCode).toBe(401);
  });

  it('measures base64 bodies decoded, without decoding them', () => {
    const text = 'ab€'.repeat(1000);
    const b64 = Buffer.from(text).toString('base64');
    expect(eventBodyBytes({ body: b64, isBase64Encoded: true })).toBe(Buffer.byteLength(text));
    expect(eventBodyBytes({ body: text })).toBe(Buffer.byteLength(text));
    expect(isBodyTooLarge({ body: 'x'.repeat(MAX_REQUEST_BODY_BYTES) })).toBe(false);
    expect(isBodyTooLarge({ body: 'x'.repeat(MAX_REQUEST_BODY_BYTES + 1) })).toBe(true);
  });
});

describe('the limit leaves room for everything Slack sends the bot', () => {
  it('fits the submit form sent back with a full pasted script in a wide script and every field filled', () => {
    const partitions = Array.from({ length: 100 }, (_, i) => ({ name: `p${i}-${'x'.repeat(60)}`, isDefault: i === 0, timeLimitSeconds: 86400, availability: 'DRAIN' }));
    const view = renderSubmitModal({
      cluster: 'c'.repeat(40), unixUser: 'u'.repeat(32), partitions: { kind: 'known', partitions }, channelId: 'C0123456789',
      privateMetadata: JSON.stringify({ v: 1, c: 'c'.repeat(40), ch: 'C0123456789', r: `https://hooks.slack.com/${'a'.repeat(1400)}` }),
    });
    const values: Record<string, Record<string, unknown>> = {};
    for (const [key, field] of Object.entries(SUBMIT_FIELDS)) {
      values[field.blockId] = { [field.actionId]: plainTextValue(WIDE.repeat(key === 'scriptText' ? MAX_PASTED_SCRIPT_CHARS : 200)) };
    }
    const request = viewSubmissionRequest({ callbackId: CALLBACK_IDS.submitModal, values, blocks: view.blocks as unknown[], privateMetadata: view.private_metadata ?? '' });
    expect(Buffer.byteLength(request.body)).toBeLessThan(MAX_REQUEST_BODY_BYTES * 0.75);
  });

  it('fits a click on the largest job card, which Slack sends back with the card', () => {
    const card = renderJobCard({
      cluster: 'c'.repeat(40),
      job: { id: '1234567890_[1-1000]', name: '<&>'.repeat(70), partition: 'p'.repeat(60), state: 'PENDING', reason: WIDE.repeat(2000), nodes: 'n'.repeat(2000) },
      submittedBy: 'U0123456789', unixUser: 'u'.repeat(32), alertOnEnd: true, submittedAt: new Date(),
    });
    const request = blockActionsRequest({
      actionId: ACTION_IDS.jobCancel, value: encodeJobValue({ cluster: 'c'.repeat(40), jobId: '1234567890_[1-1000]' }),
      responseUrl: 'https://hooks.slack.com/actions/T0/1/x', messageBlocks: card.blocks, messageText: card.text,
    });
    expect(Buffer.byteLength(request.body)).toBeLessThan(MAX_REQUEST_BODY_BYTES * 0.75);
  });
});
