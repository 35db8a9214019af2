import { classifyInvocation } from '../../../src/exec/ssm-status';

describe('classifyInvocation', () => {
  it.each([
    [{ Status: 'Pending', StatusDetails: 'Pending' }, { kind: 'running', started: false }],
    [{ Status: 'Delayed', StatusDetails: 'Delayed' }, { kind: 'running', started: false }],
    [{ Status: 'InProgress', StatusDetails: 'InProgress' }, { kind: 'running', started: true }],
    [{ Status: 'Success', StatusDetails: 'Success', ResponseCode: 0 }, { kind: 'finished', exitCode: 0 }],
    [{ Status: 'Failed', StatusDetails: 'Failed', ResponseCode: 1 }, { kind: 'finished', exitCode: 1 }],
    [{ Status: 'Failed', StatusDetails: 'Failed', ResponseCode: 127 }, { kind: 'finished', exitCode: 127 }],
    [{ Status: 'TimedOut', StatusDetails: 'ExecutionTimedOut', ResponseCode: -1 }, { kind: 'timed-out' }],
    [{ Status: 'Failed', StatusDetails: 'ExecutionTimedOut' }, { kind: 'timed-out' }],
  ] as const)('%j is %j', (invocation, outcome) => {
    expect(classifyInvocation(invocation)).toEqual(outcome);
  });

  it('treats a command SSM could not deliver as an unreachable head node, whatever Status says', () => {
    expect(classifyInvocation({ Status: 'Failed', StatusDetails: 'Undeliverable', ResponseCode: -1 }).kind).toBe('unreachable');
    expect(classifyInvocation({ Status: 'TimedOut', StatusDetails: 'DeliveryTimedOut', ResponseCode: -1 }).kind).toBe('unreachable');
  });

  it('treats Failed with response code -1 as a command that never ran, not as exit code -1', () => {
    expect(classifyInvocation({ Status: 'Failed', StatusDetails: 'Failed', ResponseCode: -1 })).toEqual({
      kind: 'failed',
      detail: 'SSM reports the command as failed before it ran (Failed)',
    });
  });

  it('reports cancellation, access denial and unknown statuses as failures with their reason', () => {
    expect(classifyInvocation({ Status: 'Cancelled', StatusDetails: 'Cancelled' })).toEqual({ kind: 'failed', detail: 'the command was cancelled in SSM' });
    expect(classifyInvocation({ Status: 'Failed', StatusDetails: 'AccessDenied' })).toMatchObject({ kind: 'failed', detail: expect.stringContaining('IAM') });
    expect(classifyInvocation({ Status: 'Exploded' as 'Failed', StatusDetails: 'Exploded' })).toEqual({
      kind: 'failed',
      detail: 'SSM reports an unexpected status "Exploded" (Exploded)',
    });
  });
});
