import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '../config';

/** Structured logging: one JSON line per record. Callers pass ids and errors as fields, never secrets or tokens. */
export interface Log {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** Powertools' JSON logger (adds the Lambda request id and cold-start flag in AWS). */
export function createLog(level: LogLevel): Log {
  const logger = new Logger({ serviceName: 'slurm-chatops', logLevel: level });
  const emit =
    (write: (message: string, extra: Record<string, never>) => void) =>
    (message: string, fields?: Readonly<Record<string, unknown>>): void =>
      write(message, { ...(fields as Record<string, never>) });
  return {
    debug: emit(logger.debug.bind(logger)),
    info: emit(logger.info.bind(logger)),
    warn: emit(logger.warn.bind(logger)),
    error: emit(logger.error.bind(logger)),
  };
}

/** A Log that drops everything, for callers that have nothing to say (and tests that don't look). */
export const SILENT_LOG: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
