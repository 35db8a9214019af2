import { App, AwsLambdaReceiver, LogLevel, type SlashCommand } from '@slack/bolt';
import { apiGatewayEvent, lambdaContext } from '../../support/apigw-event';
import { SlackFake } from '../../support/slack-fake';
import { TEST_SIGNING_SECRET, WORKSPACE } from '../../support/slack-ids';
import { slashCommandRequest } from '../../support/slack-requests';

describe('apiGatewayEvent', () => {
  const req = slashCommandRequest({ text: 'jobs', responseUrl: 'http://127.0.0.1:1/commands/T/1/x' });

  it('has API Gateway’s v2 shape, with lower-case headers', () => {
    const event = apiGatewayEvent(req);

    expect(event).toMatchObject({ version: '2.0', routeKey: 'POST /slack/events', rawPath: '/slack/events', isBase64Encoded: false, body: req.body });
    expect(event.requestContext.http).toMatchObject({ method: 'POST', path: '/slack/events' });
    expect(event.headers['x-slack-signature']).toBe(req.headers['X-Slack-Signature']);
    expect(event.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.keys(event.headers).every((h) => h === h.toLowerCase())).toBe(true);
  });

  it('base64-encodes the body when asked', () => {
    const event = apiGatewayEvent(req, { base64: true });

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64').toString('utf8')).toBe(req.body);
  });
});

describe('apiGatewayEvent through Bolt’s AwsLambdaReceiver', () => {
  let slack: SlackFake;
  let handler: Awaited<ReturnType<AwsLambdaReceiver['start']>>;
  const commands: SlashCommand[] = [];

  beforeAll(async () => {
    slack = await SlackFake.start();
    const receiver = new AwsLambdaReceiver({ signingSecret: TEST_SIGNING_SECRET, logLevel: LogLevel.ERROR });
    const app = new App({
      receiver,
      token: WORKSPACE.botToken,
      botId: WORKSPACE.botId,
      botUserId: WORKSPACE.botUserId,
      tokenVerificationEnabled: false,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/slurm', async ({ command, ack }) => {
      commands.push(command);
      await ack({ response_type: 'ephemeral', text: `ok: ${command.text}` });
    });
    handler = await receiver.start();
  });

  afterAll(async () => {
    await slack.close();
  });

  it.each([false, true])('runs the listener and returns its ack (base64 body: %s)', async (base64) => {
    const event = apiGatewayEvent(slashCommandRequest({ text: `partitions ${base64}`, responseUrl: slack.responseUrl() }), { base64 });

    const res = await handler(event, lambdaContext());

    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ response_type: 'ephemeral', text: `ok: partitions ${base64}` });
    expect(commands.at(-1)?.text).toBe(`partitions ${base64}`);
  });

  it('is refused with 401 when the signature is forged', async () => {
    const before = commands.length;
    const event = apiGatewayEvent(slashCommandRequest({ text: 'jobs', responseUrl: slack.responseUrl() }, { forged: true }));

    const res = await handler(event, lambdaContext());

    expect(res.statusCode).toBe(401);
    expect(commands.length).toBe(before);
  });
});
