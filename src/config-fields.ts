/**
 * Checks for single fields of the configuration file, shared by config.ts and
 * access/access-config.ts so that both say the same thing about the same mistake.
 * Each throws ConfigError with the path of the field at fault.
 */
import { ConfigError } from './errors';

export type Json = unknown;

export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
export const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
export const UNIX_USER = /^[a-z_][a-z0-9_.-]{0,31}$/;

export function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What a wrong value was, for "expected …, got …". */
export function describe(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}

/** @throws ConfigError for the first key not in `allowed`. */
export function rejectUnknownKeys(obj: Record<string, Json>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const at = path ? `${path}.${key}` : key;
      throw new ConfigError(`unknown field; expected one of ${allowed.join(', ')}`, at);
    }
  }
}

/** The trimmed string. @throws ConfigError unless it is a string matching `pattern`. */
export function str(v: Json, path: string, pattern: RegExp, what: string): string {
  if (typeof v !== 'string' || !pattern.test(v.trim())) throw new ConfigError(`expected ${what}, got ${describe(v)}`, path);
  return v.trim();
}

/** Absent or null is an empty list. @throws ConfigError for anything else but a list. */
export function list(v: Json, path: string): readonly Json[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ConfigError(`expected a list, got ${describe(v)}`, path);
  return v;
}

/** A list of ids, each trimmed. @throws ConfigError naming the first item that does not match. */
export function idList(v: Json, path: string, pattern: RegExp, what: string): string[] {
  return list(v, path).map((item, i) => str(item, `${path}[${i}]`, pattern, what));
}

/** @throws ConfigError unless `id` is a Slack user id. */
export function slackUserIdKey(id: string, path: string): string {
  const key = id.trim();
  if (!SLACK_USER_ID.test(key)) throw new ConfigError('expected a Slack user id like U0123ABCD (Profile → ⋮ → Copy member ID)', path);
  return key;
}

/** Slack user id -> Unix user; absent or null is none. @throws ConfigError naming the entry at fault. */
export function userMap(v: Json, path: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw new ConfigError(`expected a mapping of Slack user id to Unix user, got ${describe(v)}`, path);
  const users: Record<string, string> = {};
  for (const [id, unix] of Object.entries(v)) {
    const key = slackUserIdKey(id, `${path}.${id}`);
    users[key] = str(unix, `${path}.${id}`, UNIX_USER, 'a Unix user name');
  }
  return users;
}
