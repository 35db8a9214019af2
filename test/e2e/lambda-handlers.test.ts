import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { handler as slackHandler } from '../../src/handlers/slack';
import { handler as workerHandler } from '../../src/handlers/worker';
import type { Task } from '../../src/tasks/task';
import { apiGatewayEvent, lambdaContext } from '../support/apigw-event';
import { SlackFake } from '../support/slack-fake';
import { TEST_SIGNING_SECRET, WORKSPACE } from '../support/slack-ids';
import { slashCommandRequest, type SigningOptions } from '../support/slack-requests';
import { FAKE_CLUSTER, FAKE_CREDENTIALS, startFakeSsm, type FakeSsm } from '../support/ssm-endpoint';
import { requireSlurm } from '../support/slurm';
import { visibleText } from '../support/visible-text';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:slurm-chatops-slack-AbCdEf';
const WORKER = 'slurm-chatops-dev-worker';

/**
 * AWS as the two Lambda functions see it, on loopback: Lambda's Invoke API (plain REST) captures
 * what the slack function dispatches; Secrets Manager answers GetSecretValue (JSON 1.1) and counts.
 */
class FakeAws {
  readonly invokes: { functionName: string; invocationType: string | undefined; payload: unknown }[] = [];
  secretReads = 0;
  private constructor(private readonly server: Server, readonly endpoint: string) {}

  static async start(): Promise<FakeAws> {
    let fake: FakeAws | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => fake!.handle(req.url ?? '', req.headers, body, (status, json) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(json === undefined ? '' : JSON.stringify(json));
      }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeAws(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return fake;
  }

  private handle(url: string, headers: NodeJS.Dict<string | string[]>, body: string, reply: (status: number, json?: unknown) => void): void {
    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url);
    if (invoke) {
      this.invokes.push({ functionName: decodeURIComponent(invoke[1]!), invocationType: headers['x-amz-invocation-type'] as string | undefined, payload: JSON.parse(body) });
      return reply(202);
    }
    if (headers['x-amz-target'] === 'secretsmanager.GetSecretValue') {
      this.secretReads += 1;
      const secretId = (JSON.parse(body) as { SecretId: string }).SecretId;
      if (secretId !== SECRET_ARN) return reply(400, { __type: 'ResourceNotFoundException', message: 'Secrets Manager can\'t find the specified secret.' });
      return reply(200, { ARN: SECRET_ARN, Name: 'slurm-chatops-slack', SecretString: JSON.stringify({ SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: WORKSPACE.botToken }) });
    }
    reply(404, { message: `no fake for ${url}` });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('Lambda handlers (API Gateway v2 -> slack function -> async invoke -> worker)', () => {
  let slack: SlackFake;
  let aws: FakeAws;
  let ssm: FakeSsm;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    slack = await SlackFake.start();
    aws = await FakeAws.start();
    ssm = await startFakeSsm({ region: 'eu-west-1' });
    const dir = mkdtempSync(path.join(tmpdir(), 'chatops-lambda-'));
    const configFile = path.join(dir, 'chatops.config.yml');
    writeFileSync(configFile, [
      'clusters:',
      '  - name: prod',
      '    executor: ssm',
      `    ssm: { clusterName: ${FAKE_CLUSTER}, region: eu-west-1 }`,
      // The fake head node is this machine, with Debian's Slurm on the PATH, not ParallelCluster's /opt/slurm/bin.
      '    slurmBinDir: /usr/bin',
      'users:',
      '  U0ALICE: alice',
    ].join('\n'));
    // What serverless.yml gives the functions, plus endpoints the AWS SDK reads for itself.
    Object.assign(process.env, {
      CHATOPS_CONFIG: configFile,
      SLACK_SECRET_ARN: SECRET_ARN,
      SLACK_API_URL: slack.apiUrl,
      WORKER_FUNCTION_NAME: WORKER,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_LAMBDA: aws.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
      AWS_ENDPOINT_URL_EC2: ssm.endpoint,
      LOG_LEVEL: 'ERROR',
    });
    delete process.env.SLACK_SIGNING_SECRET;
    delete process.env.SLACK_BOT_TOKEN;
  });

  afterAll(async () => {
    process.env = savedEnv;
    await Promise.all([slack?.close(), aws?.close(), ssm?.close()]);
  });

  async function invokeSlack(text: string, options: { base64?: boolean; signing?: SigningOptions; userId?: string } = {}) {
    const responseUrl = slack.responseUrl();
    const request = slashCommandRequest({ text, responseUrl, userId: options.userId ?? 'U0ALICE' }, options.signing);
    const response = await slackHandler(apiGatewayEvent(request, { base64: options.base64 ?? false }), lambdaContext());
    return { response, responseUrl };
  }

  it('acks within the slack function and dispatches a Task to the worker by async invoke', async () => {
    const invokesBefore = aws.invokes.length;
    const { response, responseUrl } = await invokeSlack('jobs --all');
    expect(response.statusCode).toBe(200);
    const ack = JSON.parse(response.body) as { response_type: string; text: string; blocks: unknown[] };
    expect(ack.response_type).toBe('ephemeral');
    expect(visibleText(ack)).toMatch(/Running `squeue` on \*prod\*/);
    expect(aws.invokes.slice(invokesBefore)).toEqual([{
      functionName: WORKER,
      invocationType: 'Event',
      payload: expect.objectContaining({ v: 1, responseUrl, cluster: 'prod', unixUser: 'alice', command: { kind: 'jobs', filter: {}, page: 0 } }),
    }]);
  });

  it('reads a base64 body, and reads the secret once per container', async () => {
    const { response } = await invokeSlack('partitions', { base64: true });
    expect(response.statusCode).toBe(200);
    expect(visibleText(JSON.parse(response.body) as { text: string })).toMatch(/Running `sinfo` on \*prod\*/);
    expect(aws.secretReads).toBe(1);
  });

  it('answers help in the ack itself, without dispatching', async () => {
    const before = aws.invokes.length;
    const { response } = await invokeSlack('help', { base64: true });
    expect(visibleText(JSON.parse(response.body) as { text: string })).toMatch(/You act as Unix user `alice`/);
    expect(aws.invokes.length).toBe(before);
  });

  it('refuses forged and stale requests with 401, dispatching nothing', async () => {
    const before = aws.invokes.length;
    const forged = await invokeSlack('jobs', { signing: { forged: true } });
    const stale = await invokeSlack('jobs', { signing: { stale: true }, base64: true });
    expect([forged.response.statusCode, stale.response.statusCode]).toEqual([401, 401]);
    expect(aws.invokes.length).toBe(before);
  });

  it('tells an unmapped user how to get mapped, dispatching nothing', async () => {
    const before = aws.invokes.length;
    const { response } = await invokeSlack('jobs', { userId: 'U0MALLORY' });
    expect(visibleText(JSON.parse(response.body) as { text: string })).toMatch(/U0MALLORY: &lt;your Unix user name&gt;/);
    expect(aws.invokes.length).toBe(before);
  });

  (requireSlurm() ? it : it.skip)('the worker runs the dispatched Task on the head node through SSM and replaces the ack', async () => {
    const { responseUrl } = await invokeSlack('partitions');
    const task = aws.invokes.at(-1)!.payload as Task;
    const sentBefore = ssm.sent.length;
    await workerHandler(JSON.parse(JSON.stringify(task)));
    const { body } = await slack.waitForResponse(responseUrl, () => true, 15000);
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(visibleText(body)).toMatch(/Partitions on prod/);
    expect(visibleText(body)).toMatch(/`debug`/);
    expect(ssm.sent.length).toBe(sentBefore + 1);
    expect(JSON.stringify(ssm.sent.at(-1))).toMatch(/runuser -u alice -- \/usr\/bin\/sinfo /);
  });

  it('the worker drops a malformed Task without posting anywhere', async () => {
    const before = slack.responses.length;
    await expect(workerHandler({ v: 1, responseUrl: 'https://evil.example/x' })).resolves.toBeUndefined();
    expect(slack.responses.length).toBe(before);
  });
});
