import { GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_FILE_CONFIG } from '../../../src/config';
import { FixedHeadNode } from '../../../src/exec/head-node';
import { SsmExecutor } from '../../../src/exec/ssm-executor';
import type { SlackMessage } from '../../../src/slack/views/blocks';
import { FileTable } from '../../../src/store/file-table';
import { IdempotencyStore } from '../../../src/store/idempotency';
import { WatchStore } from '../../../src/store/watches';
import { PartitionCache } from '../../../src/submit/partition-cache';
import { runSubmit } from '../../../src/submit/run-submit';
import { S3ScriptStore } from '../../../src/submit/s3-script-store';
import { SILENT_LOG } from '../../../src/tasks/log';
import { startS3Emulator, type S3Emulator } from '../../support/s3-emulator';
import { describeWithSlurm, scancelAll } from '../../support/slurm';
import { startFakeSsm, type FakeSsm } from '../../support/ssm-endpoint';

const OWNER = { teamId: 'T0CHATOPS', slackUserId: 'U0ALICE', requestId: 'abc123', cluster: 'prod', unixUser: 'alice' };
const SCRIPT = '#!/bin/bash\n# quotes \' " and $(no expansion) stay as they are\nsleep 300\n';

/**
 * The AWS path for scripts: stored in S3 (s3rver) under a key tied to team, user and request, with
 * the owner as metadata and the outcome as tags, and fetched on the "head node" (the fake SSM
 * endpoint runs the command as SSM Agent would) with curl from a presigned URL.
 */
describe('S3ScriptStore with a presigned URL fetched through SSM', () => {
  let s3: S3Emulator;
  let ssm: FakeSsm;
  let store: S3ScriptStore;
  let executor: SsmExecutor;

  beforeAll(async () => {
    s3 = await startS3Emulator('chatops-scripts');
    ssm = await startFakeSsm({ s3: s3.client, region: s3.region });
    store = new S3ScriptStore({ client: s3.client, bucket: s3.bucket });
    executor = new SsmExecutor({ ssm: ssm.ssmClient(), headNode: new FixedHeadNode(ssm.headNodeId), defaultTimeoutMs: 30_000 });
  });

  afterAll(async () => {
    await ssm?.close();
    await s3?.close();
  });

  async function tags(key: string): Promise<Record<string, string>> {
    const out = await s3.client.send(new GetObjectTaggingCommand({ Bucket: s3.bucket, Key: key }));
    return Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key, t.Value]));
  }

  // The `status=pending` tag set on upload is not checked: s3rver ignores PutObject's x-amz-tagging header.
  it('stores the script with its owner, and the head node reads it byte for byte through the presigned URL', async () => {
    const stored = await store.save(OWNER, SCRIPT);
    expect(stored.location).toBe('scripts/T0CHATOPS/U0ALICE/abc123.sh');
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: stored.location }));
    expect(head.Metadata).toMatchObject({ cluster: 'prod', 'unix-user': 'alice', 'slack-user': 'U0ALICE', 'request-id': 'abc123' });
    const stdin = await store.stdinFor(stored);
    expect(stdin.kind).toBe('url');
    const result = await executor.run({ argv: ['cat'], stdin });
    expect(result).toMatchObject({ exitCode: 0, stdout: SCRIPT });
    const sent = JSON.stringify(ssm.sent.at(-1));
    expect(sent).toContain('curl -fsS');
    expect(sent).not.toContain('no expansion');
  });

  it('records the outcome as tags: the job id once submitted, or not submitted', async () => {
    const submitted = await store.save({ ...OWNER, requestId: 'ok1' }, SCRIPT);
    await store.markSubmitted(submitted, '4321');
    expect(await tags(submitted.location)).toEqual({ status: 'submitted', 'job-id': '4321', cluster: 'prod' });
    const refused = await store.save({ ...OWNER, requestId: 'no1' }, SCRIPT);
    await store.markNotSubmitted(refused, 'Invalid account');
    expect(await tags(refused.location)).toEqual({ status: 'not-submitted', cluster: 'prod' });
    const body = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: refused.location }));
    expect(await body.Body?.transformToString()).toBe(SCRIPT);
  });

  it('a URL that has expired is refused by curl, so sbatch would read nothing', async () => {
    const expired = new S3ScriptStore({
      client: s3.client, bucket: s3.bucket,
      urlExpirySeconds: 1, now: () => new Date(Date.now() - 3600_000),
    });
    const stored = await expired.save({ ...OWNER, requestId: 'late1' }, SCRIPT);
    const result = await executor.run({ argv: ['cat'], stdin: await expired.stdinFor(stored) });
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toBe('');
  });

  describeWithSlurm('a submission through SSM on the real Slurm', () => {
    let dir: string;
    const jobs: string[] = [];

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'chatops-ssm-submit-'));
    });
    afterAll(async () => {
      scancelAll(jobs);
      await rm(dir, { recursive: true, force: true });
    });

    it('one SSM round trip: the head node streams the stored script into sbatch as the user', async () => {
      const table = new FileTable(dir);
      const idempotency = new IdempotencyStore(table);
      const key = 'submit:T0CHATOPS:V0SSM1';
      await idempotency.claim(key, 3600, 'slack');
      const posts: SlackMessage[] = [];
      const before = ssm.calls.SendCommand ?? 0;
      await runSubmit({
        cluster: { ...DEFAULT_FILE_CONFIG.clusters[0]!, name: 'prod', executor: 'ssm' },
        executor,
        scripts: store,
        idempotency,
        watches: new WatchStore(table),
        partitions: new PartitionCache(table),
        slack: { fileInfo: async () => ({ downloadUrl: '' }), postMessage: async (channel, message) => (posts.push(message), { channel, ts: '1.000001' }), updateView: async () => {} },
        download: async () => new Uint8Array(),
        reply: async (message) => void posts.push(message),
        log: SILENT_LOG,
        now: () => new Date(),
      }, { requestId: 'ssm1', teamId: 'T0CHATOPS', userId: 'U0ALICE', unixUser: 'alice' }, {
        kind: 'submit', key, script: { kind: 'text', text: SCRIPT }, options: ['--job-name=e2e-ssm', '--time=00:02:00'], alert: false, cardChannel: 'C0GENERAL',
      });
      expect(ssm.calls.SendCommand! - before).toBe(1);
      const record = await idempotency.get(key);
      const jobId = String(record?.result?.jobId);
      jobs.push(jobId);
      expect(record?.result).toMatchObject({ outcome: 'submitted' });
      const shown = spawnSync('scontrol', ['--oneliner', 'show', 'job', jobId], { encoding: 'utf8' }).stdout;
      expect(shown).toMatch(/JobName=e2e-ssm UserId=alice\(/);
      expect(shown).toMatch(/WorkDir=\/home\/alice /);
      expect(await tags('scripts/T0CHATOPS/U0ALICE/ssm1.sh')).toEqual({ status: 'submitted', 'job-id': jobId, cluster: 'prod' });
      expect(posts).toHaveLength(1);
    });
  });
});
