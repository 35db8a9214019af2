import type { Executor } from '../../src/exec/executor';
import { FixedHeadNode } from '../../src/exec/head-node';
import { LocalExecutor } from '../../src/exec/local-executor';
import { SsmExecutor } from '../../src/exec/ssm-executor';
import { buildSbatch, buildScancel, buildShowJob } from '../../src/slurm/builders';
import { startS3Emulator } from '../support/s3-emulator';
import { describeWithSlurm, sbatchAs, scancelAll, waitForJobState } from '../support/slurm';
import { startFakeSsm } from '../support/ssm-endpoint';

/**
 * The same Slurm round trips through both executors: bash on this machine, and SSM (the fake
 * endpoint runs the commands as root, as SSM Agent would on the head node, and keeps full output in
 * the S3 emulator). What a user sees must not depend on the executor.
 */
interface Harness {
  readonly executor: Executor;
  close(): Promise<void>;
}

const HARNESSES: ReadonlyArray<[string, () => Promise<Harness>]> = [
  ['LocalExecutor', async () => ({ executor: new LocalExecutor({ defaultTimeoutMs: 30_000 }), close: async () => {} })],
  [
    'SsmExecutor',
    async () => {
      const s3 = await startS3Emulator();
      const fake = await startFakeSsm({ s3: s3.client, region: s3.region });
      const executor = new SsmExecutor({
        ssm: fake.ssmClient(),
        headNode: new FixedHeadNode(fake.headNodeId),
        output: { client: s3.client, bucket: s3.bucket, keyPrefix: 'chatops' },
        defaultTimeoutMs: 30_000,
      });
      return {
        executor,
        async close() {
          await fake.close();
          await s3.close();
        },
      };
    },
  ],
];

const SLEEPER = '#!/bin/bash\n# submitted by test/integration/executors.test.ts\nsleep 300\n';

for (const [name, start] of HARNESSES) {
  describeWithSlurm(`${name} on the real Slurm`, () => {
    let harness: Harness;
    const jobs: string[] = [];

    beforeAll(async () => {
      harness = await start();
    });
    afterAll(async () => {
      scancelAll(jobs);
      await harness?.close();
    });

    async function submitAsAlice(): Promise<string> {
      const result = await harness.executor.run({
        argv: buildSbatch([`--job-name=exec-it ${name}`, '--chdir=/tmp', '--output=/dev/null']),
        runAs: 'alice',
        stdin: { kind: 'text', text: SLEEPER },
      });
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      const id = /^(\d+)(;\S+)?\n$/.exec(result.stdout)?.[1];
      expect(id).toBeDefined();
      jobs.push(id!);
      return id!;
    }

    it('submits a script from stdin as alice, and squeue shows her job', async () => {
      const id = await submitAsAlice();

      const queue = await harness.executor.run({ argv: ['squeue', '--noheader', '--states=all', `--jobs=${id}`, '--format=%i|%u|%j'] });

      expect(queue).toEqual({ stdout: `${id}|alice|exec-it ${name}\n`, stderr: '', exitCode: 0 });
    });

    it('reads the job with scontrol show job -o', async () => {
      const id = await submitAsAlice();

      const shown = await harness.executor.run({ argv: buildShowJob(id) });

      expect(shown.exitCode).toBe(0);
      expect(shown.stdout.split('\n').filter(Boolean)).toHaveLength(1);
      expect(shown.stdout).toContain(`JobId=${id} JobName=exec-it ${name} UserId=alice(`);
    });

    it('lets alice cancel her own job', async () => {
      const id = await submitAsAlice();

      const cancelled = await harness.executor.run({ argv: buildScancel(id), runAs: 'alice' });

      // buildScancel asks for --verbose: without it scancel is silent and exits 0 even when it did nothing.
      expect(cancelled).toEqual({ stdout: '', stderr: `scancel: Terminating job ${id}\n`, exitCode: 0 });
      await waitForJobState(id, ['CANCELLED']);
    });

    it("refuses alice's cancel of bob's job with scancel's own error, as a result", async () => {
      const bobs = sbatchAs('bob', SLEEPER, ['--output=/dev/null']);
      jobs.push(bobs);

      const refused = await harness.executor.run({ argv: buildScancel(bobs), runAs: 'alice' });

      // 22.05 exits 210 here; the text is what the bot interprets.
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toContain(`scancel: error: Kill job error on job id ${bobs}: Access/permission denied\n`);
      expect(await waitForJobState(bobs, ['PENDING', 'RUNNING'])).toMatch(/PENDING|RUNNING/);
    });

    it("returns Slurm's refusal of an unknown job id as a result", async () => {
      const shown = await harness.executor.run({ argv: buildShowJob('999999999') });

      expect(shown.exitCode).toBe(1);
      expect(shown.stderr).toBe('slurm_load_jobs error: Invalid job id specified\n');
    });
  });
}
