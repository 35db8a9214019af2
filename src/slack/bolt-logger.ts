import { LogLevel, type Logger } from '@slack/bolt';
import type { Log } from '../tasks/log';

const ORDER: readonly LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

function text(parts: readonly unknown[]): string {
  return parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
}

/** Bolt's own messages through our structured Log, so one process writes one log format. */
export function boltLogger(log: Log, initial: LogLevel): Logger {
  let level = initial;
  let name = 'bolt';
  const enabled = (l: LogLevel): boolean => ORDER.indexOf(l) >= ORDER.indexOf(level);
  return {
    debug: (...msg) => enabled(LogLevel.DEBUG) && log.debug(text(msg), { logger: name }),
    info: (...msg) => enabled(LogLevel.INFO) && log.info(text(msg), { logger: name }),
    warn: (...msg) => enabled(LogLevel.WARN) && log.warn(text(msg), { logger: name }),
    error: (...msg) => enabled(LogLevel.ERROR) && log.error(text(msg), { logger: name }),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n) => {
      name = n;
    },
  };
}

/**
 * Our level names to Bolt's, never below INFO: at DEBUG Bolt's receivers log whole requests, with
 * Slack's legacy verification token and the signature headers in them.
 */
export function boltLevel(level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'): LogLevel {
  return { DEBUG: LogLevel.INFO, INFO: LogLevel.INFO, WARN: LogLevel.WARN, ERROR: LogLevel.ERROR }[level];
}
