import type { ClusterConfig } from '../../../src/config';
import { ValidationError } from '../../../src/errors';
import type { ExecRequest, Executor } from '../../../src/exec/executor';
import { MAX_LISTED_JOB_IDS, pollCluster } from '../../../src/watch/poll';
import { buildSequence, splitSequence } from '../../../src/watch/poll-script';
import { fixture } from '../slurm/fixtures';
import { startStandInSlurm, type StandInSlurm } from '../../support/stand-in-slurm';

/*
 * Stand-in squeue and sacct programs on the PATH print recorded output, so the one-call squeue+sacct
 * script runs in real bash.
 */

const NONCE = '0123456789abcdef0123456789abcdef';
let slurm: StandInSlurm;

const cluster = (accounting: boolean, extra: Partial<ClusterConfig> = {}): ClusterConfig => ({
  name: 'local', executor: 'local', runAs: 'runuser', minJobAgeSeconds: 300, accounting, timeoutSeconds: 10, timeZone: 'UTC', ...extra,
});

beforeAll(async () => {
  slurm = await startStandInSlurm('chatops-poll-');
});

afterAll(() => slurm.close());

beforeEach(() => {
  slurm.calls.length = 0;
});

describe('pollCluster', () => {
  it('without accounting: one squeue call for all watched jobs, run with the executor identity', async () => {
    await slurm.program('squeue', fixture('22.05', 'squeue', 'completed') + fixture('22.05', 'squeue', 'het_job'));
    const result = await pollCluster(slurm.executor, cluster(false), ['128', '143', '128']);
    expect(slurm.calls).toHaveLength(1);
    expect(slurm.calls[0]!.runAs).toBeUndefined();
    expect(slurm.calls[0]!.argv).toContain('--jobs=128,143');
    expect(slurm.calls[0]!.argv).toContain('--states=all');
    expect(result.jobs.map((j) => j.id)).toEqual(['128', '143+0', '143+1']);
    expect(result.accounting).toBeUndefined();
  });

  it('with accounting: squeue and sacct in the same call', async () => {
    await slurm.program('squeue', fixture('22.05', 'squeue', 'completed'));
    await slurm.program('sacct', fixture('23.11', 'sacct', 'completed_with_steps'));
    const result = await pollCluster(slurm.executor, cluster(true), ['128', '1300'], { nonce: () => NONCE });
    expect(slurm.calls).toHaveLength(1);
    expect(result.jobs.map((j) => j.id)).toEqual(['128']);
    expect(result.accounting?.map((a) => a.id)).toEqual(['1300']);
    expect(result.accountingProblem).toBeUndefined();
  });

  it('with accounting that fails: squeue still counts, the problem is reported', async () => {
    await slurm.program('squeue', fixture('22.05', 'squeue', 'completed'));
    await slurm.program('sacct', '', 1, fixture('22.05', 'errors', 'sacct_accounting_disabled'));
    const result = await pollCluster(slurm.executor, cluster(true), ['128']);
    expect(result.jobs).toHaveLength(1);
    expect(result.accounting).toBeUndefined();
    expect(result.accountingProblem).toMatch(/accounting storage is disabled/);
  });

  it('a squeue failure (controller down) is a cluster failure', async () => {
    await slurm.program('squeue', '', 1, 'slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n');
    await expect(pollCluster(slurm.executor, cluster(false), ['1'])).rejects.toMatchObject({ code: 'SLURM_ERROR', info: { kind: 'controller_unreachable' } });
    await expect(pollCluster(slurm.executor, cluster(true), ['1'])).rejects.toMatchObject({ code: 'SLURM_ERROR', info: { kind: 'controller_unreachable' } });
  });

  describe(`more than ${MAX_LISTED_JOB_IDS} watched jobs: still one call`, () => {
    // Watched: 128 (completed), task 5 of array 138 (inside its pending range), het job 143, and
    // jobs the cluster does not list; the cluster also runs jobs nobody watches.
    const others = Array.from({ length: MAX_LISTED_JOB_IDS }, (_, i) => String(5000 + i));
    const watched = ['128', '138_5', '143', ...others];

    /** A head node that answers every squeue with its whole queue, and counts the slurm.calls. */
    function wholeQueue(): { executor: Executor; requests: ExecRequest[] } {
      const requests: ExecRequest[] = [];
      const queue = fixture('22.05', 'squeue', 'mixed_listing');
      const sacct = fixture('23.11', 'sacct', 'completed_with_steps');
      return {
        requests,
        executor: {
          run: async (request) => {
            requests.push(request);
            if (request.argv[0] === 'squeue') return { stdout: queue, stderr: '', exitCode: 0 };
            return { stdout: `${queue}\n${NONCE} 0\n${sacct}\n${NONCE} 0\n`, stderr: '', exitCode: 0 };
          },
        },
      };
    }

    it('asks squeue for the whole queue in every state and keeps the watched jobs, their tasks and components', async () => {
      const { executor: head, requests } = wholeQueue();
      const result = await pollCluster(head, cluster(false), watched);
      expect(requests).toHaveLength(1);
      expect(result.calls).toBe(1);
      expect(requests[0]!.argv[0]).toBe('squeue');
      expect(requests[0]!.argv).toContain('--states=all');
      expect(requests[0]!.argv.some((a) => a.startsWith('--jobs'))).toBe(false);
      expect(result.jobs.map((j) => j.id)).toEqual(['128', '138_[3-9%2]', '143+0', '143+1', '138_1', '138_2']);
    });

    it('with accounting: the same squeue and sacct for every watched id, in one call', async () => {
      const { executor: head, requests } = wholeQueue();
      const result = await pollCluster(head, cluster(true), watched, { nonce: () => NONCE });
      expect(requests).toHaveLength(1);
      const argv = requests[0]!.argv;
      const sacctAt = argv.indexOf('sacct');
      expect(argv.slice(0, sacctAt)).toContain('--states=all');
      expect(argv.slice(0, sacctAt).some((a) => a.startsWith('--jobs'))).toBe(false);
      expect(argv.slice(sacctAt)).toContain(`--jobs=${watched.join(',')}`);
      expect(result.jobs.map((j) => j.id)).toEqual(['128', '138_[3-9%2]', '143+0', '143+1', '138_1', '138_2']);
      expect(result.accounting?.map((a) => a.id)).toEqual(['1300']);
    });

    it(`up to ${MAX_LISTED_JOB_IDS} watched jobs, squeue is asked about them by id`, async () => {
      const { executor: head, requests } = wholeQueue();
      const ids = watched.slice(0, MAX_LISTED_JOB_IDS);
      await pollCluster(head, cluster(false), ids);
      expect(requests).toHaveLength(1);
      expect(requests[0]!.argv).toContain(`--jobs=${ids.join(',')}`);
    });

    it('refuses a malformed job id either way', async () => {
      const { executor: head, requests } = wholeQueue();
      await expect(pollCluster(head, cluster(false), [...watched, '12;rm'])).rejects.toThrow(ValidationError);
      expect(requests).toHaveLength(0);
    });
  });

  it('makes no call for no watched job', async () => {
    const result = await pollCluster(slurm.executor, cluster(true), []);
    expect(slurm.calls).toHaveLength(0);
    expect(result).toEqual({ jobs: [], accounting: [], calls: 0 });
  });

  it('calls Slurm by the cluster\'s slurmBinDir inside the script', async () => {
    await slurm.program('squeue', '');
    const fake: Executor = { run: async (request) => (slurm.calls.push(request), { stdout: `\n${NONCE} 0\n\n${NONCE} 0\n`, stderr: '', exitCode: 0 }) };
    await pollCluster(fake, cluster(true, { slurmBinDir: '/opt/slurm/bin' }), ['7'], { nonce: () => NONCE });
    expect(slurm.calls[0]!.argv).toContain('/opt/slurm/bin/squeue');
    expect(slurm.calls[0]!.argv).toContain('/opt/slurm/bin/sacct');
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
