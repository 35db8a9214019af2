/**
 * One error hierarchy for the whole bot. Each error carries a stable `code`
 * that listeners turn into a Slack message, and keeps what caused it.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'VALIDATION'
  | 'NOT_MAPPED'
  | 'FORBIDDEN'
  | 'UNKNOWN_CLUSTER'
  | 'JOB_NOT_FOUND'
  | 'EXEC_UNREACHABLE'
  | 'EXEC_TIMEOUT'
  | 'EXEC_FAILED'
  | 'EXEC_TRUNCATED'
  | 'SLURM_ERROR'
  | 'SLACK_API'
  | 'STORE';

export class ChatopsError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChatopsError';
    this.code = code;
  }
}

/** User input that Slurm would not accept; the message is safe to show as is. */
export class ValidationError extends ChatopsError {
  constructor(message: string, readonly field?: string, options?: { cause?: unknown }) {
    super('VALIDATION', message, options);
    this.name = 'ValidationError';
  }
}

export class ConfigError extends ChatopsError {
  constructor(message: string, readonly path?: string, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', path ? `${path}: ${message}` : message, options);
    this.name = 'ConfigError';
  }
}

/** The head node (or local bash) could not run the command, or did not answer in time. */
export class ExecError extends ChatopsError {
  constructor(
    code: 'EXEC_UNREACHABLE' | 'EXEC_TIMEOUT' | 'EXEC_FAILED' | 'EXEC_TRUNCATED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'ExecError';
  }
}

/** Slurm ran and refused; `slurmMessage` is Slurm's own text (untrusted, escape before showing). */
export class SlurmError extends ChatopsError {
  constructor(
    message: string,
    readonly slurmMessage: string,
    readonly exitCode: number,
    options?: { cause?: unknown },
  ) {
    super('SLURM_ERROR', message, options);
    this.name = 'SlurmError';
  }
}

export function isChatopsError(e: unknown): e is ChatopsError {
  return e instanceof ChatopsError;
}
