import { ExecError } from '../errors';

const CREDENTIAL_ERRORS: ReadonlySet<string> = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);

export function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** The message every "head node cannot be reached" path shares, so users always get the same advice. */
export function unreachable(instanceId: string, detail: string, cause?: unknown): ExecError {
  return new ExecError(
    'EXEC_UNREACHABLE',
    `The head node (${instanceId}) is not reachable through SSM: ${detail}. Check that the instance is running, ` +
      'that the SSM agent runs on it, and that its instance profile lets it register with Systems Manager ' +
      '(AmazonSSMManagedInstanceCore).',
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Turns an error from an SSM SDK call into an ExecError: an unknown instance means the head node is
 * unreachable, a refusal of credentials is a configuration fault, no HTTP answer at all means the
 * SSM endpoint itself could not be reached.
 */
export function fromSsmError(error: unknown, instanceId: string, action: string): ExecError {
  if (error instanceof ExecError) return error;
  const name = errorName(error) ?? 'Error';
  // The SDK wraps network errors in a message that only repeats itself.
  const message = (error instanceof Error ? error.message : String(error)).replace(/^AWS SDK error wrapper for (Error: )?/, '');
  if (name === 'InvalidInstanceId' || name === 'TargetNotConnected') {
    return unreachable(instanceId, `SSM does not know it as a managed instance (${name})`, error);
  }
  if (CREDENTIAL_ERRORS.has(name)) {
    return new ExecError('EXEC_FAILED', `SSM refused ${action} (${name}); check the bot's IAM permissions for Systems Manager.`, {
      cause: error,
    });
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === undefined) {
    return new ExecError('EXEC_UNREACHABLE', `Could not reach the AWS Systems Manager endpoint for ${action}: ${message}`, { cause: error });
  }
  return new ExecError('EXEC_FAILED', `SSM ${action} failed (${name}): ${message}`, { cause: error });
}
