import { EC2Client } from '@aws-sdk/client-ec2';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeInstancesXml, matches, parseFilters, type FakeInstance } from './ec2-describe';

/**
 * A fake AWS endpoint on 127.0.0.1 for the real SDK clients: SSM's JSON 1.1 protocol (SendCommand,
 * GetCommandInvocation, CancelCommand) and EC2's DescribeInstances. Commands really run, as root,
 * the way SSM Agent runs AWS-RunShellScript: the `commands` lines are written to `_script.sh` and
 * started with `sh -c`. Output is cut like SSM cuts it (stdout 24,000 characters, stderr 8,000) and the
 * full text is written to S3 when SendCommand names a bucket.
 */

/** `online` runs commands; `undeliverable` fails them with StatusDetails Undeliverable; `silent` leaves them Pending (agent down). */
export type InstanceMode = 'online' | 'undeliverable' | 'silent';

export interface FakeSsmBehaviour {
  /** How long an invocation stays Pending before the "agent" starts it. */
  pendingMs: number;
  /** GetCommandInvocation answers InvocationDoesNotExist this many times for each new command. */
  hiddenPolls: number;
}

export interface FakeSsmOptions {
  /** Where outputs go when SendCommand names OutputS3BucketName (the S3 emulator's client). */
  readonly s3?: S3Client;
  readonly region?: string;
}

export interface FakeSsm {
  readonly endpoint: string;
  readonly region: string;
  /** An online head node of cluster `fake-cluster`, ready for commands. */
  readonly headNodeId: string;
  readonly behaviour: FakeSsmBehaviour;
  /** Requests answered, by operation name. */
  readonly calls: Record<string, number>;
  /** Every SendCommand body received, in order. */
  readonly sent: Array<Record<string, unknown>>;
  /** Registers (or changes) a managed instance; EC2 lists it as a head node of `clusterName`. */
  setInstance(instanceId: string, mode: InstanceMode, clusterName?: string): void;
  /** The instance is terminated: SSM no longer knows it, EC2 shows it as terminated. */
  terminate(instanceId: string): void;
  ssmClient(overrides?: { maxAttempts?: number }): SSMClient;
  ec2Client(): EC2Client;
  close(): Promise<void>;
}

export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDFAKESSM', secretAccessKey: 'fake-secret' } as const;
export const FAKE_CLUSTER = 'fake-cluster';

const STDOUT_LIMIT = 24_000;
const STDERR_LIMIT = 8_000;
const STDOUT_MARK = '\n---Output truncated---';
const STDERR_MARK = '\n---Error truncated----';
const AGENT_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };

interface Invocation {
  readonly commandId: string;
  readonly instanceId: string;
  status: string;
  statusDetails: string;
  responseCode: number;
  stdout: string;
  stderr: string;
  stdoutUrl: string;
  stderrUrl: string;
  hiddenPolls: number;
  child?: ChildProcess;
  timers: NodeJS.Timeout[];
}

class AwsError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

function cut(text: string, limit: number, mark: string): string {
  return text.length <= limit ? text : text.slice(0, limit - mark.length) + mark;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Starts the fake endpoint on a free port. */
export async function startFakeSsm(options: FakeSsmOptions = {}): Promise<FakeSsm> {
  const region = options.region ?? 'us-east-1';
  const workDir = await mkdtemp(join(tmpdir(), 'fake-ssm-'));
  const behaviour: FakeSsmBehaviour = { pendingMs: 0, hiddenPolls: 0 };
  const calls: Record<string, number> = {};
  const sent: Array<Record<string, unknown>> = [];
  const modes = new Map<string, InstanceMode>();
  const ec2Instances: FakeInstance[] = [];
  const invocations = new Map<string, Invocation>();
  const clients: Array<{ destroy(): void }> = [];
  const key = (commandId: string, instanceId: string): string => `${commandId}/${instanceId}`;

  const setInstance = (instanceId: string, mode: InstanceMode, clusterName = FAKE_CLUSTER): void => {
    modes.set(instanceId, mode);
    if (!ec2Instances.some((i) => i.instanceId === instanceId)) {
      ec2Instances.push({ instanceId, clusterName, launchTime: new Date(Date.now() + ec2Instances.length), state: 'running' });
    }
  };
  const headNodeId = 'i-0fa4e0000000000a1';
  setInstance(headNodeId, 'online');

  /**
   * The agent uploads the full output before it reports the final status. A failed upload does not
   * change the command's status; it is only noted in stderr (our model of the agent's behaviour).
   */
  async function finish(invocation: Invocation, code: number, stdout: string, stderr: string, output?: { bucket: string; prefix: string }) {
    let note = '';
    if (output && options.s3) {
      const base = [output.prefix.replace(/^\/+|\/+$/g, ''), invocation.commandId, invocation.instanceId, 'awsrunShellScript', '0.awsrunShellScript']
        .filter((p) => p !== '')
        .join('/');
      try {
        for (const [stream, text] of [['stdout', stdout], ['stderr', stderr]] as const) {
          await options.s3.send(new PutObjectCommand({ Bucket: output.bucket, Key: `${base}/${stream}`, Body: text }));
        }
        invocation.stdoutUrl = `https://s3.${region}.amazonaws.com/${output.bucket}/${base}/stdout`;
        invocation.stderrUrl = `https://s3.${region}.amazonaws.com/${output.bucket}/${base}/stderr`;
      } catch (error) {
        note = `\nfailed to upload output to S3: ${error instanceof Error ? error.name : String(error)}`;
      }
    }
    invocation.stdout = cut(stdout, STDOUT_LIMIT, STDOUT_MARK);
    invocation.stderr = cut(stderr + note, STDERR_LIMIT, STDERR_MARK);
    invocation.responseCode = code;
    invocation.status = invocation.statusDetails = code === 0 ? 'Success' : 'Failed';
  }

  async function execute(invocation: Invocation, commands: string[], timeoutS: number, output?: { bucket: string; prefix: string }) {
    invocation.status = invocation.statusDetails = 'InProgress';
    const dir = await mkdtemp(join(workDir, `${invocation.commandId}-`));
    const script = join(dir, '_script.sh');
    await writeFile(script, commands.join('\n') + '\n', { mode: 0o755 });
    const child = spawn('sh', ['-c', script], { cwd: dir, detached: true, env: AGENT_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    invocation.child = child;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (error) => err.push(Buffer.from(`sh could not start: ${error.message}`)));
    let timedOut = false;
    invocation.timers.push(
      setTimeout(() => {
        timedOut = true;
        killGroup(child);
      }, timeoutS * 1000),
    );
    child.on('close', (code) => {
      invocation.child = undefined;
      if (invocation.status === 'Cancelled') return;
      if (timedOut) {
        invocation.status = 'TimedOut';
        invocation.statusDetails = 'ExecutionTimedOut';
        invocation.stdout = cut(Buffer.concat(out).toString('utf8'), STDOUT_LIMIT, STDOUT_MARK);
        return;
      }
      void finish(invocation, code ?? 137, Buffer.concat(out).toString('utf8'), Buffer.concat(err).toString('utf8'), output);
    });
  }

  function sendCommand(body: Record<string, unknown>): unknown {
    sent.push(body);
    if (body.DocumentName !== 'AWS-RunShellScript') throw new AwsError('InvalidDocument', 'Document not found.');
    const params = (body.Parameters ?? {}) as Record<string, string[] | undefined>;
    const commands = params.commands;
    if (!Array.isArray(commands) || commands.length === 0) throw new AwsError('InvalidParameters', 'commands is required.');
    const timeoutS = Number(params.executionTimeout?.[0] ?? '3600');
    const instanceIds = (body.InstanceIds ?? []) as string[];
    for (const id of instanceIds) {
      if (!modes.has(id)) throw new AwsError('InvalidInstanceId', 'Instances not in a valid state for account');
    }
    const commandId = randomUUID();
    const bucket = typeof body.OutputS3BucketName === 'string' ? body.OutputS3BucketName : undefined;
    const output = bucket ? { bucket, prefix: typeof body.OutputS3KeyPrefix === 'string' ? body.OutputS3KeyPrefix : '' } : undefined;
    for (const instanceId of instanceIds) {
      const invocation: Invocation = {
        commandId, instanceId, status: 'Pending', statusDetails: 'Pending', responseCode: -1,
        stdout: '', stderr: '', stdoutUrl: '', stderrUrl: '', hiddenPolls: behaviour.hiddenPolls, timers: [],
      };
      invocations.set(key(commandId, instanceId), invocation);
      const mode = modes.get(instanceId);
      if (mode === 'silent') continue;
      invocation.timers.push(
        setTimeout(() => {
          if (invocation.status !== 'Pending') return;
          if (mode === 'undeliverable') {
            invocation.status = 'Failed';
            invocation.statusDetails = 'Undeliverable';
            return;
          }
          void execute(invocation, commands, timeoutS, output);
        }, behaviour.pendingMs),
      );
    }
    const now = Date.now() / 1000;
    return {
      Command: {
        CommandId: commandId, DocumentName: 'AWS-RunShellScript', InstanceIds: instanceIds, Parameters: params,
        Status: 'Pending', RequestedDateTime: now, ExpiresAfter: now + Number(body.TimeoutSeconds ?? 3600),
        OutputS3BucketName: bucket ?? '', OutputS3KeyPrefix: output?.prefix ?? '', TargetCount: instanceIds.length,
      },
    };
  }

  function getCommandInvocation(body: Record<string, unknown>): unknown {
    const invocation = invocations.get(key(String(body.CommandId), String(body.InstanceId)));
    if (!invocation || invocation.hiddenPolls > 0) {
      if (invocation) invocation.hiddenPolls--;
      throw new AwsError('InvocationDoesNotExist', 'The command or instance does not exist.');
    }
    const final = !['Pending', 'InProgress', 'Delayed'].includes(invocation.status);
    return {
      CommandId: invocation.commandId, InstanceId: invocation.instanceId, DocumentName: 'AWS-RunShellScript',
      PluginName: 'aws:runShellScript', ResponseCode: invocation.responseCode, Status: invocation.status,
      StatusDetails: invocation.statusDetails,
      StandardOutputContent: final ? invocation.stdout : '', StandardErrorContent: final ? invocation.stderr : '',
      StandardOutputUrl: final ? invocation.stdoutUrl : '', StandardErrorUrl: final ? invocation.stderrUrl : '',
    };
  }

  function cancelCommand(body: Record<string, unknown>): unknown {
    const commandId = String(body.CommandId);
    for (const invocation of invocations.values()) {
      if (invocation.commandId !== commandId || !['Pending', 'InProgress', 'Delayed'].includes(invocation.status)) continue;
      invocation.status = invocation.statusDetails = 'Cancelled';
      if (invocation.child) killGroup(invocation.child);
    }
    return {};
  }

  const ssmOperations: Record<string, (body: Record<string, unknown>) => unknown> = {
    SendCommand: sendCommand,
    GetCommandInvocation: getCommandInvocation,
    CancelCommand: cancelCommand,
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const text = await readBody(request);
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith('AmazonSSM.')) {
      const operation = target.slice('AmazonSSM.'.length);
      calls[operation] = (calls[operation] ?? 0) + 1;
      try {
        const run = ssmOperations[operation];
        if (!run) throw new AwsError('UnknownOperationException', `${operation} is not faked`);
        const answer = run(JSON.parse(text || '{}') as Record<string, unknown>);
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(answer));
      } catch (error) {
        const type = error instanceof AwsError ? error.type : 'InternalServerError';
        response
          .writeHead(error instanceof AwsError ? 400 : 500, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type })
          .end(JSON.stringify({ __type: type, message: error instanceof Error ? error.message : String(error) }));
      }
      return;
    }
    const form = new URLSearchParams(text);
    if (form.get('Action') === 'DescribeInstances') {
      calls.DescribeInstances = (calls.DescribeInstances ?? 0) + 1;
      const filters = parseFilters(form);
      response.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' }).end(describeInstancesXml(ec2Instances.filter((i) => matches(i, filters))));
      return;
    }
    response.writeHead(400, { 'content-type': 'text/plain' }).end('unsupported request');
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint, region, headNodeId, behaviour, calls, sent, setInstance,
    terminate(instanceId) {
      modes.delete(instanceId);
      for (const instance of ec2Instances) if (instance.instanceId === instanceId) instance.state = 'terminated';
    },
    ssmClient(overrides = {}) {
      const client = new SSMClient({ endpoint, region, credentials: FAKE_CREDENTIALS, ...overrides });
      clients.push(client);
      return client;
    },
    ec2Client() {
      const client = new EC2Client({ endpoint, region, credentials: FAKE_CREDENTIALS });
      clients.push(client);
      return client;
    },
    async close() {
      for (const invocation of invocations.values()) {
        invocation.timers.forEach(clearTimeout);
        if (invocation.child) killGroup(invocation.child);
      }
      clients.forEach((client) => client.destroy());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
