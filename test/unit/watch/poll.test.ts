import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ClusterConfig } from '../../../src/config';
import { ValidationError } from '../../../src/errors';
import type { ExecRequest, Executor } from '../../../src/exec/executor';
import { DEFAULT_LOCAL_ENV, LocalExecutor } from '../../../src/exec/local-executor';
import { MAX_JOBS_PER_CALL, pollCluster } from '../../../src/watch/poll';
import { buildSequence, splitSequence } from '../../../src/watch/poll-script';
import { fixture } from '../slurm/fixtures';

/*
 * Stand-in squeue and sacct programs on the PATH print recorded output, so the one-call squeue+sacct
 * script runs in real bash.
 */

const NONCE = '0123456789abcdef0123456789abcdef';
let dir: string;
let executor: Executor;
const calls: ExecRequest[] = [];

const cluster = (accounting: boolean, extra: Partial<ClusterConfig> = {}): ClusterConfig => ({
  name: 'local', executor: 'local', runAs: 'runuser', minJobAgeSeconds: 300, accounting, timeoutSeconds: 10, timeZone: 'UTC', ...extra,
});

async function program(name: string, stdoutFile: string, exitCode = 0, stderr = ''): Promise<void> {
  const file = path.join(dir, 'bin', name);
  await writeFile(path.join(dir, `${name}.stderr`), stderr);
  await writeFile(file, `#!/bin/bash\ncat '${stdoutFile}'\ncat '${dir}/${name}.stderr' >&2\nexit ${exitCode}\n`);
  await chmod(file, 0o755);
}

async function output(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'chatops-poll-'));
  await mkdir(path.join(dir, 'bin'));
  const local = new LocalExecutor({ env: { ...DEFAULT_LOCAL_ENV, PATH: `${dir}/bin:${DEFAULT_LOCAL_ENV.PATH}` } });
  executor = { run: (request) => (calls.push(request), local.run(request)) };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  calls.length = 0;
});

describe('pollCluster', () => {
  it('without accounting: one squeue call for all watched jobs, run with the executor identity', async () => {
    await program('squeue', await output('sq1', fixture('22.05', 'squeue', 'completed') + fixture('22.05', 'squeue', 'het_job')));
    const result = await pollCluster(executor, cluster(false), ['128', '143', '128']);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.runAs).toBeUndefined();
    expect(calls[0]!.argv).toContain('--jobs=128,143');
    expect(calls[0]!.argv).toContain('--states=all');
    expect(result.jobs.map((j) => j.id)).toEqual(['128', '143+0', '143+1']);
    expect(result.accounting).toBeUndefined();
  });

  it('with accounting: squeue and sacct in the same call', async () => {
    await program('squeue', await output('sq2', fixture('22.05', 'squeue', 'completed')));
    await program('sacct', await output('sa2', fixture('23.11', 'sacct', 'completed_with_steps')));
    const result = await pollCluster(executor, cluster(true), ['128', '1300'], { nonce: () => NONCE });
    expect(calls).toHaveLength(1);
    expect(result.jobs.map((j) => j.id)).toEqual(['128']);
    expect(result.accounting?.map((a) => a.id)).toEqual(['1300']);
    expect(result.accountingProblem).toBeUndefined();
  });

  it('with accounting that fails: squeue still counts, the problem is reported', async () => {
    await program('squeue', await output('sq3', fixture('22.05', 'squeue', 'completed')));
    await program('sacct', await output('sa3', ''), 1, fixture('22.05', 'errors', 'sacct_accounting_disabled'));
    const result = await pollCluster(executor, cluster(true), ['128']);
    expect(result.jobs).toHaveLength(1);
    expect(result.accounting).toBeUndefined();
    expect(result.accountingProblem).toMatch(/accounting storage is disabled/);
  });

  it('a squeue failure (controller down) is a cluster failure', async () => {
    await program('squeue', await output('sq4', ''), 1, 'slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n');
    await expect(pollCluster(executor, cluster(false), ['1'])).rejects.toMatchObject({ code: 'SLURM_ERROR', info: { kind: 'controller_unreachable' } });
    await expect(pollCluster(executor, cluster(true), ['1'])).rejects.toMatchObject({ code: 'SLURM_ERROR', info: { kind: 'controller_unreachable' } });
  });

  it(`splits more than ${MAX_JOBS_PER_CALL} watched jobs into calls of ${MAX_JOBS_PER_CALL}`, async () => {
    await program('squeue', await output('sq5', ''));
    const ids = Array.from({ length: MAX_JOBS_PER_CALL + 1 }, (_, i) => String(i + 1));
    const result = await pollCluster(executor, cluster(false), ids);
    expect(result.calls).toBe(2);
    expect(calls).toHaveLength(2);
  });

  it('calls Slurm by the cluster\'s slurmBinDir inside the script', async () => {
    await program('squeue', await output('sq6', ''));
    const fake: Executor = { run: async (request) => (calls.push(request), { stdout: `\n${NONCE} 0\n\n${NONCE} 0\n`, stderr: '', exitCode: 0 }) };
    await pollCluster(fake, cluster(true, { slurmBinDir: '/opt/slurm/bin' }), ['7'], { nonce: () => NONCE });
    expect(calls[0]!.argv).toContain('/opt/slurm/bin/squeue');
    expect(calls[0]!.argv).toContain('/opt/slurm/bin/sacct');
  });
});

describe('the squeue+sacct script', () => {
  it('keeps the two outputs apart by a nonce no job name can know', () => {
    const forged = `name 0000000000000000 0\nmore`;
    const parts = splitSequence(`a${forged}\n${NONCE} 0\nsecond\n\n${NONCE} 1\noops`, NONCE);
    expect(parts).toEqual({ first: `a${forged}`, firstExit: 0, second: 'second\n', secondExit: 1, secondStderr: 'oops' });
  });

  it('reports a cut answer as missing exit codes', () => {
    expect(splitSequence('partial', NONCE)).toEqual({ first: 'partial', second: '', secondStderr: '' });
  });

  it('refuses a weak nonce or an empty command', () => {
    expect(() => buildSequence(['squeue'], ['sacct'], 'short')).toThrow(ValidationError);
    expect(() => buildSequence([], ['sacct'], NONCE)).toThrow(ValidationError);
  });
});
