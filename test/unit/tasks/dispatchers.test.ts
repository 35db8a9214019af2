import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ChatopsError } from '../../../src/errors';
import { InProcessDispatcher } from '../../../src/tasks/in-process-dispatcher';
import { LambdaDispatcher } from '../../../src/tasks/lambda-dispatcher';
import { SILENT_LOG } from '../../../src/tasks/log';
import type { Task } from '../../../src/tasks/task';

const TASK: Task = {
  v: 1, requestId: 'abc123', teamId: 'T0CHATOPS', userId: 'U0ALICE', channelId: 'C0GENERAL',
  responseUrl: 'https://hooks.slack.com/commands/T/1/x', reply: 'replace', cluster: 'local', unixUser: 'alice',
  command: { kind: 'partitions' },
};

describe('InProcessDispatcher', () => {
  it('returns before the task starts, then runs it', async () => {
    const events: string[] = [];
    const dispatcher = new InProcessDispatcher(async (task) => {
      events.push(`run ${task.requestId}`);
    }, SILENT_LOG);
    await dispatcher.dispatch(TASK);
    events.push('dispatched');
    await dispatcher.drain();
    expect(events).toEqual(['dispatched', 'run abc123']);
  });

  it('logs what escapes a task instead of crashing the process', async () => {
    const errors: unknown[] = [];
    const dispatcher = new InProcessDispatcher(() => Promise.reject(new Error('boom')), { ...SILENT_LOG, error: (_m, f) => errors.push(f) });
    await dispatcher.dispatch(TASK);
    await dispatcher.drain();
    expect(errors).toEqual([expect.objectContaining({ requestId: 'abc123' })]);
  });
});

describe('LambdaDispatcher', () => {
  let server: Server;
  let invokes: { path: string; invocationType: string | undefined; payload: unknown }[];
  let status: number;
  let client: LambdaClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        invokes.push({ path: req.url ?? '', invocationType: req.headers['x-amz-invocation-type'] as string | undefined, payload: JSON.parse(body) });
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(status >= 400 ? JSON.stringify({ Type: 'User', message: 'Function not found' }) : '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new LambdaClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    invokes = [];
    status = 202;
  });

  it('invokes the worker asynchronously with the task as the payload', async () => {
    await new LambdaDispatcher(client, 'chatops-dev-worker').dispatch(TASK);
    expect(invokes).toEqual([{ path: '/2015-03-31/functions/chatops-dev-worker/invocations', invocationType: 'Event', payload: TASK }]);
  });

  it('fails with a ChatopsError when Lambda refuses', async () => {
    status = 404;
    const error = await new LambdaDispatcher(client, 'missing').dispatch(TASK).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatopsError);
    expect((error as ChatopsError).message).toMatch(/worker function missing could not be invoked/);
  });
});
