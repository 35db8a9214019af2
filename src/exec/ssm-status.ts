import type { GetCommandInvocationCommandOutput } from '@aws-sdk/client-ssm';

type Invocation = Pick<GetCommandInvocationCommandOutput, 'Status' | 'StatusDetails' | 'ResponseCode'>;

export type InvocationOutcome =
  | { readonly kind: 'running'; readonly started: boolean }
  | { readonly kind: 'finished'; readonly exitCode: number }
  | { readonly kind: 'unreachable'; readonly detail: string }
  | { readonly kind: 'timed-out' }
  | { readonly kind: 'failed'; readonly detail: string };

/**
 * Reads one GetCommandInvocation answer. `StatusDetails` is checked before `Status` because
 * `Status` folds several causes together (an undeliverable command reports `Failed`).
 * A `Failed` command with a response code ran and exited non-zero: that is a result.
 */
export function classifyInvocation(invocation: Invocation): InvocationOutcome {
  const status = invocation.Status ?? 'Pending';
  const details = invocation.StatusDetails ?? status;
  switch (details) {
    case 'Undeliverable':
      return { kind: 'unreachable', detail: 'SSM could not deliver the command (Undeliverable)' };
    case 'DeliveryTimedOut':
      return { kind: 'unreachable', detail: 'SSM could not deliver the command in time (DeliveryTimedOut)' };
    case 'ExecutionTimedOut':
      return { kind: 'timed-out' };
    case 'InvalidPlatform':
      return { kind: 'failed', detail: 'the head node is not a Linux instance that can run AWS-RunShellScript (InvalidPlatform)' };
    case 'AccessDenied':
      return { kind: 'failed', detail: 'SSM refused to run the document on the head node (AccessDenied); check the IAM policy of the bot' };
    case 'Terminated':
      return { kind: 'failed', detail: 'SSM terminated the command (Terminated)' };
  }
  switch (status) {
    case 'Pending':
    case 'Delayed':
      return { kind: 'running', started: false };
    case 'InProgress':
    case 'Cancelling':
      return { kind: 'running', started: true };
    case 'Success':
      return { kind: 'finished', exitCode: invocation.ResponseCode ?? 0 };
    case 'Failed': {
      const code = invocation.ResponseCode;
      // -1 means the script never ran on the instance.
      if (code === undefined || code < 0) return { kind: 'failed', detail: `SSM reports the command as failed before it ran (${details})` };
      return { kind: 'finished', exitCode: code };
    }
    case 'TimedOut':
      return { kind: 'timed-out' };
    case 'Cancelled':
      return { kind: 'failed', detail: 'the command was cancelled in SSM' };
    default:
      return { kind: 'failed', detail: `SSM reports an unexpected status "${status}" (${details})` };
  }
}
