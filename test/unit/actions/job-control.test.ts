import { afterCancel, buildControl, interpretControl } from '../../../src/actions/job-control';
import { fixture } from '../slurm/fixtures';

const stderr = (name: string): string => fixture('22.05', 'errors', name);

describe('interpretControl: what Slurm answered to cancel / hold / release / requeue', () => {
  it('scancel --verbose that only announces the kill: done', () => {
    expect(interpretControl({ stdout: '', stderr: stderr('scancel_success_verbose'), exitCode: 0 })).toEqual({ kind: 'done' });
  });

  it("someone else's job: refused as permission denied, whatever the exit code (22.05 scancel exits 210)", () => {
    for (const [name, exitCode] of [['scancel_permission_denied', 210], ['hold_permission_denied', 1], ['release_permission_denied', 1], ['requeue_permission_denied', 1]] as const) {
      const outcome = interpretControl({ stdout: '', stderr: stderr(name), exitCode });
      expect(outcome.kind).toBe('refused');
      expect(outcome.kind === 'refused' && outcome.info.kind).toBe('permission_denied');
    }
  });

  it('a job that already ended: nothing to do (scancel says so with exit 0)', () => {
    expect(interpretControl({ stdout: '', stderr: stderr('scancel_already_completed'), exitCode: 0 }).kind).toBe('already_done');
    expect(interpretControl({ stdout: '', stderr: stderr('hold_finished'), exitCode: 1 }).kind).toBe('already_done');
  });

  it('an unknown job id: not found', () => {
    expect(interpretControl({ stdout: '', stderr: stderr('scancel_invalid_job_id'), exitCode: 0 }).kind).toBe('not_found');
    expect(interpretControl({ stdout: '', stderr: stderr('hold_invalid_job_id'), exitCode: 1 }).kind).toBe('not_found');
  });

  it('a state that does not allow it: refused with the reason', () => {
    const outcome = interpretControl({ stdout: '', stderr: stderr('requeue_pending'), exitCode: 1 });
    expect(outcome).toMatchObject({ kind: 'refused', info: { kind: 'job_pending' } });
  });

  it('a silent failure is still a failure', () => {
    const outcome = interpretControl({ stdout: '', stderr: '', exitCode: 1 });
    expect(outcome).toMatchObject({ kind: 'refused', info: { kind: 'unknown', message: 'exit code 1' } });
  });
});

describe('buildControl', () => {
  it('maps each action to its Slurm command', () => {
    expect(buildControl('cancel', '12')).toEqual(['scancel', '--verbose', '12']);
    expect(buildControl('hold', '12_3')).toEqual(['scontrol', 'hold', '12_3']);
    expect(buildControl('release', '12')).toEqual(['scontrol', 'release', '12']);
    expect(buildControl('requeue', '12+1')).toEqual(['scontrol', 'requeue', '12+1']);
    expect(() => buildControl('cancel', '12 13')).toThrow(/not a job id/);
  });
});

describe('afterCancel', () => {
  // Regression: right after scancel squeue says COMPLETING (for up to KillWait), and the card kept its Cancel button.
  it('shows a job whose cancel was accepted as cancelled, not as still completing', () => {
    const base = { id: '5', baseId: '5', name: 'x', user: 'alice', partition: 'compute' };
    expect(afterCancel({ ...base, state: 'COMPLETING', stateText: 'COMPLETING' }).state).toBe('CANCELLED');
    expect(afterCancel({ ...base, state: 'PENDING', stateText: 'PENDING' }).state).toBe('PENDING');
  });
});
