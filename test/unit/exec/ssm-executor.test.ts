import { SSMClient } from '@aws-sdk/client-ssm';
import type { Executor } from '../../../src/exec/executor';
import { FixedHeadNode, TaggedHeadNode } from '../../../src/exec/head-node';
import { fixedSchedule } from '../../../src/exec/poll-schedule';
import { SsmExecutor, type SsmExecutorOptions } from '../../../src/exec/ssm-executor';
import { toShellScript } from '../../../src/slurm/shell';
import { startS3Emulator, type S3Emulator } from '../../support/s3-emulator';
import { FAKE_CLUSTER, FAKE_CREDENTIALS, startFakeSsm, type FakeSsm } from '../../support/ssm-endpoint';
import { expectExecError } from './exec-error';

describe('SsmExecutor against a fake SSM endpoint', () => {
  let s3: S3Emulator;
  let fake: FakeSsm;

  beforeAll(async () => {
    s3 = await startS3Emulator();
  });
  afterAll(async () => {
    await s3.close();
  });
  beforeEach(async () => {
    fake = await startFakeSsm({ s3: s3.client, region: s3.region });
  });
  afterEach(async () => {
    await fake.close();
  });

  function executor(options: Partial<SsmExecutorOptions> = {}): Executor {
    return new SsmExecutor({ ssm: fake.ssmClient(), headNode: new FixedHeadNode(fake.headNodeId), ...options });
  }

  it('runs the command and returns its output', async () => {
    const result = await executor().run({ argv: ['printf', '%s\\0', '$(id)', "it's", 'a b'] });

    expect(result).toEqual({ stdout: "$(id)\0it's\0a b\0", stderr: '', exitCode: 0 });
    expect(fake.calls).toEqual({ SendCommand: 1, GetCommandInvocation: 1 });
  });

  it('sends one AWS-RunShellScript command that bash runs, with the execution timeout in seconds', async () => {
    await executor().run({ argv: ['true'], timeoutMs: 2_500 });

    const body = fake.sent[0] as { DocumentName: string; InstanceIds: string[]; Parameters: Record<string, string[]> };
    expect(body.DocumentName).toBe('AWS-RunShellScript');
    expect(body.InstanceIds).toEqual([fake.headNodeId]);
    expect(body.Parameters).toEqual({ commands: ['#!/bin/bash', toShellScript({ argv: ['true'] })], executionTimeout: ['3'] });
  });

  it('passes stdin text and the Unix user through SSM', async () => {
    const result = await executor().run({ argv: ['bash', '-c', 'id -un; cat'], runAs: 'nobody', stdin: { kind: 'text', text: "#!/bin/bash\necho '$HOME'\n" } });

    expect(result.stdout).toBe("nobody\n#!/bin/bash\necho '$HOME'\n");
  });

  it('returns a non-zero exit (SSM status Failed) as a result', async () => {
    const result = await executor().run({ argv: ['bash', '-c', 'echo "scancel: error: Kill job error on job id 7: Access/permission denied" >&2; exit 1'] });

    expect(result).toEqual({ stdout: '', stderr: 'scancel: error: Kill job error on job id 7: Access/permission denied\n', exitCode: 1 });
  });

  it('keeps polling while SSM does not know the invocation yet', async () => {
    fake.behaviour.hiddenPolls = 3;

    const result = await executor({ pollSchedule: fixedSchedule(20) }).run({ argv: ['echo', 'eventually'] });

    expect(result.stdout).toBe('eventually\n');
    expect(fake.calls.GetCommandInvocation).toBeGreaterThanOrEqual(4);
  });

  it('keeps polling while the command is Pending and InProgress, on the injected schedule', async () => {
    fake.behaviour.pendingMs = 150;
    const waits: number[] = [];
    const sleep = (ms: number): Promise<void> => {
      waits.push(ms);
      return new Promise((resolve) => setTimeout(resolve, ms));
    };

    const result = await executor({ pollSchedule: fixedSchedule(40), sleep }).run({ argv: ['bash', '-c', 'sleep 0.3; echo done'] });

    expect(result.stdout).toBe('done\n');
    expect(waits.length).toBeGreaterThanOrEqual(8);
    expect(new Set(waits)).toEqual(new Set([40]));
  });

  it('reads stdout past SSM’s 24,000-character cut from the S3 output bucket', async () => {
    const ex = executor({ output: { client: s3.client, bucket: s3.bucket, keyPrefix: 'ssm-output/' } });

    const result = await ex.run({ argv: ['bash', '-c', 'for i in $(seq 1 5000); do echo "line $i"; done; head -c 9000 /dev/zero | tr "\\0" e >&2'] });

    const lines = result.stdout.trim().split('\n');
    expect(lines.length).toBe(5000);
    expect(lines[4999]).toBe('line 5000');
    expect(result.stderr).toBe('e'.repeat(9000));
  });

  it('returns output under the cut inline, without reading S3', async () => {
    const ex = executor({ output: { client: s3.client, bucket: 'no-such-bucket' } });

    const result = await ex.run({ argv: ['bash', '-c', 'head -c 23000 /dev/zero | tr "\\0" o'] });

    expect(result.stdout).toBe('o'.repeat(23_000));
    expect(result.stderr).toContain('failed to upload output to S3');
  });

  it('fails with EXEC_TRUNCATED when output is cut and no S3 bucket is configured', async () => {
    const error = await expectExecError(executor().run({ argv: ['seq', '1', '20000'] }), 'EXEC_TRUNCATED');

    expect(error.message).toBe(
      "The command's stdout is longer than the 24,000 characters SSM returns inline, and no S3 output bucket is configured for this cluster to read the rest from.",
    );
  });

  it('fails with EXEC_TRUNCATED when the S3 copy cannot be read', async () => {
    const ex = executor({ output: { client: s3.client, bucket: 'bucket-nobody-created', keyPrefix: 'out' } });

    const error = await expectExecError(ex.run({ argv: ['seq', '1', '20000'] }), 'EXEC_TRUNCATED');

    expect(error.message).toMatch(/could not be read from s3:\/\/bucket-nobody-created\/out\/[0-9a-f-]+\/i-\w+\/awsrunShellScript\/0\.awsrunShellScript\/stdout;/);
  });

  it('says the head node is not reachable through SSM when the command is undeliverable', async () => {
    fake.setInstance(fake.headNodeId, 'undeliverable');

    const error = await expectExecError(executor().run({ argv: ['squeue'] }), 'EXEC_UNREACHABLE');

    expect(error.message).toContain(`The head node (${fake.headNodeId}) is not reachable through SSM`);
    expect(error.message).toContain('SSM agent');
  });

  it('says the head node is not reachable when SSM does not know the instance', async () => {
    const error = await expectExecError(executor({ headNode: new FixedHeadNode('i-0000000000000dead') }).run({ argv: ['squeue'] }), 'EXEC_UNREACHABLE');

    expect(error.message).toContain('The head node (i-0000000000000dead) is not reachable through SSM');
    expect(error.message).toContain('InvalidInstanceId');
  });

  it('times out with EXEC_TIMEOUT when SSM stops the command at its execution timeout', async () => {
    const started = Date.now();

    const error = await expectExecError(executor().run({ argv: ['sleep', '30'], timeoutMs: 1_000 }), 'EXEC_TIMEOUT');

    expect(error.message).toBe('The command did not finish on the head node within 1 s; SSM stopped it.');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives up at its own deadline when the agent never picks the command up, and cancels it', async () => {
    fake.setInstance(fake.headNodeId, 'silent');

    const error = await expectExecError(executor({ deliveryGraceMs: 300 }).run({ argv: ['squeue'], timeoutMs: 500 }), 'EXEC_TIMEOUT');

    expect(error.message).toContain('SSM had not started the command on the head node');
    expect(fake.calls.CancelCommand).toBe(1);
  });

  it('says the SSM endpoint cannot be reached when nothing listens there', async () => {
    const closed = await startFakeSsm();
    await closed.close();
    const client = new SSMClient({ endpoint: closed.endpoint, region: closed.region, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });

    const error = await expectExecError(
      new SsmExecutor({ ssm: client, headNode: new FixedHeadNode('i-0123456789abcdef0') }).run({ argv: ['squeue'] }),
      'EXEC_UNREACHABLE',
    );

    expect(error.message).toMatch(/^Could not reach the AWS Systems Manager endpoint for SendCommand: /);
    expect(error.message).toContain('ECONNREFUSED');
    client.destroy();
  });

  it('follows a replaced head node: SSM no longer knows the old one, EC2 names the new one', async () => {
    const headNode = new TaggedHeadNode(fake.ec2Client(), FAKE_CLUSTER);
    const ex = executor({ headNode });
    await ex.run({ argv: ['true'] });
    fake.terminate(fake.headNodeId);
    fake.setInstance('i-0fa4e00000000new', 'online');

    const result = await ex.run({ argv: ['echo', 'on the new head node'] });

    expect(result.stdout).toBe('on the new head node\n');
    expect(fake.sent.map((body) => body.InstanceIds)).toEqual([[fake.headNodeId], [fake.headNodeId], ['i-0fa4e00000000new']]);
    expect(fake.calls.DescribeInstances).toBe(2);
  });
});
