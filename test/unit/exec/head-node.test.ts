import { EC2Client } from '@aws-sdk/client-ec2';
import { ExecError } from '../../../src/errors';
import { FixedHeadNode, TaggedHeadNode } from '../../../src/exec/head-node';
import { FAKE_CLUSTER, FAKE_CREDENTIALS, startFakeSsm, type FakeSsm } from '../../support/ssm-endpoint';

/** The real EC2 client against the fake endpoint's DescribeInstances (query protocol, XML answer). */
describe('head node resolution', () => {
  let fake: FakeSsm;

  beforeEach(async () => {
    fake = await startFakeSsm();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('uses a configured instance id as is', async () => {
    await expect(new FixedHeadNode('i-0123456789abcdef0').resolve()).resolves.toBe('i-0123456789abcdef0');
  });

  it('finds the running head node of the cluster by its ParallelCluster tags, once', async () => {
    fake.setInstance('i-0other0000000001', 'online', 'another-cluster');
    const resolver = new TaggedHeadNode(fake.ec2Client(), FAKE_CLUSTER);

    expect(await resolver.resolve()).toBe(fake.headNodeId);
    expect(await resolver.resolve()).toBe(fake.headNodeId);
    expect(fake.calls.DescribeInstances).toBe(1);
  });

  it('asks EC2 again after invalidate, and skips terminated instances', async () => {
    const resolver = new TaggedHeadNode(fake.ec2Client(), FAKE_CLUSTER);
    await resolver.resolve();
    fake.terminate(fake.headNodeId);
    fake.setInstance('i-0new000000000002', 'online');

    resolver.invalidate();

    expect(await resolver.resolve()).toBe('i-0new000000000002');
    expect(fake.calls.DescribeInstances).toBe(2);
  });

  it('picks the newest when two head nodes run during a replacement', async () => {
    fake.setInstance('i-0new000000000002', 'online');

    expect(await new TaggedHeadNode(fake.ec2Client(), FAKE_CLUSTER).resolve()).toBe('i-0new000000000002');
  });

  it('says no head node runs, and does not cache that answer', async () => {
    const resolver = new TaggedHeadNode(fake.ec2Client(), 'stopped-cluster');

    const error = await resolver.resolve().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ExecError);
    expect(error).toMatchObject({ code: 'EXEC_UNREACHABLE', message: expect.stringContaining('No running head node found for cluster "stopped-cluster"') });
    fake.setInstance('i-0late00000000003', 'online', 'stopped-cluster');
    expect(await resolver.resolve()).toBe('i-0late00000000003');
  });

  it('reports an EC2 call that fails as EXEC_FAILED naming the permission to check', async () => {
    const closed = await startFakeSsm();
    await closed.close();
    const client = new EC2Client({ endpoint: closed.endpoint, region: closed.region, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });

    const error = await new TaggedHeadNode(client, FAKE_CLUSTER).resolve().catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'EXEC_FAILED', message: expect.stringContaining('ec2:DescribeInstances') });
    expect(String((error as Error).cause)).toContain('ECONNREFUSED');
    client.destroy();
  });
});
