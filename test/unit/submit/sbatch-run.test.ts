import { ChatopsError, ExecError, ValidationError } from '../../../src/errors';
import { toShellScript } from '../../../src/slurm/shell';
import { interpretSbatch, sbatchRequest } from '../../../src/submit/sbatch-run';
import { fails, fixture, ok } from '../tasks/fake-executor';

describe('sbatchRequest', () => {
  it('is sbatch --parsable with the options as argv, as the user, in their home, the script on stdin', () => {
    const request = sbatchRequest(['--job-name=a b;c', '--time=00:05:00'], 'alice', { kind: 'url', url: 'https://b.s3.amazonaws.com/k?X-Amz-Signature=1&a=b' });
    expect(request).toEqual({
      argv: ['sbatch', '--parsable', '--job-name=a b;c', '--time=00:05:00'],
      runAs: 'alice',
      cwd: 'home',
      stdin: { kind: 'url', url: 'https://b.s3.amazonaws.com/k?X-Amz-Signature=1&a=b' },
    });
    expect(toShellScript(request)).toBe(
      "set -o pipefail; curl -fsS --max-time 60 'https://b.s3.amazonaws.com/k?X-Amz-Signature=1&a=b' | "
      + "(cd ~alice && exec runuser -u alice -- sbatch --parsable '--job-name=a b;c' '--time=00:05:00')",
    );
    expect(toShellScript({ ...request, stdin: { kind: 'file', path: '/state/scripts/x.sh' } }, 'sudo'))
      .toBe("(cd ~alice && exec sudo -n -u alice -- sbatch --parsable '--job-name=a b;c' '--time=00:05:00') < /state/scripts/x.sh");
  });

  it('refuses an option off the allow-list and a home directory without a user', () => {
    expect(() => sbatchRequest(['--uid=0'], 'alice', { kind: 'text', text: '' })).toThrow(ValidationError);
    expect(() => toShellScript({ argv: ['pwd'], cwd: 'home' })).toThrow(ValidationError);
  });
});

describe('interpretSbatch', () => {
  it('reads the job id', () => {
    expect(interpretSbatch(ok(fixture('sbatch/parsable.txt')), 'local', 'alice')).toEqual({ kind: 'submitted', jobId: expect.stringMatching(/^\d+$/) });
    expect(interpretSbatch(ok('1234;cluster2\n'), 'local', 'alice')).toEqual({ kind: 'submitted', jobId: '1234' });
  });

  it.each([
    ['sbatch_invalid_partition.txt', 'invalid_partition', /Invalid partition name specified/],
    ['sbatch_memory_unavailable.txt', 'memory_unavailable', /Memory specification can not be satisfied/],
    ['sbatch_invalid_gres.txt', 'invalid_gres', /Invalid generic resource/],
    ['sbatch_not_a_batch_script.txt', 'not_batch_script', /does not look like a batch script/],
  ])('keeps Slurm\'s reason for a refusal (%s)', (file, kind, message) => {
    const outcome = interpretSbatch(fails(fixture(`errors/${file}`)), 'local', 'alice');
    expect(outcome).toMatchObject({ kind: 'rejected', info: { kind, message: expect.stringMatching(message) } });
  });

  it('a missing home directory is a refusal that says so', () => {
    expect(interpretSbatch(fails('/bin/bash: line 1: cd: /home/alice: No such file or directory\n'), 'local', 'alice'))
      .toMatchObject({ kind: 'rejected', info: { summary: expect.stringMatching(/home directory of alice could not be entered/) } });
  });

  it('sbatch missing or the user unknown on the cluster: nothing ran, and it is not Slurm\'s refusal', () => {
    expect(() => interpretSbatch(fails('bash: sbatch: command not found', 127), 'local', 'alice')).toThrow(ExecError);
    const unknown = (() => {
      try {
        interpretSbatch(fails('runuser: user zed does not exist'), 'local', 'zed');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(unknown).toBeInstanceOf(ChatopsError);
    expect((unknown as ChatopsError).code).toBe('FORBIDDEN');
  });

  it('success without a job id is an unknown outcome, never "nothing queued"', () => {
    expect(interpretSbatch(ok('sbatch: warning: something\n'), 'local', 'alice')).toMatchObject({ kind: 'unknown' });
  });
});
