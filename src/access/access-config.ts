/**
 * The access-control part of the configuration file: roles, per-cluster overrides, e-mail
 * mapping, self-service links and the audit channel. config.ts calls these while it validates
 * the file, so a mistake stops the bot at start-up with the field at fault.
 */
import {
  CHANNEL_ID, describe, idList, isRecord, rejectUnknownKeys, SLACK_USER_ID, slackUserIdKey, str, userMap, type Json,
} from '../config-fields';
import { ConfigError } from '../errors';
import { isRole, ROLES, type Role } from './roles';

/** Per-cluster overrides of the top-level access settings (`clusters[].access`). */
export interface AccessOverrides {
  /** Merged over the top-level `users`: an entry here wins for this cluster. */
  readonly users?: Readonly<Record<string, string>>;
  /** Replaces the top-level `admins` for this cluster. */
  readonly admins?: readonly string[];
  /** Replaces the top-level `channels` for this cluster (empty = any). */
  readonly channels?: readonly string[];
  /** Merged over the top-level `roles`. */
  readonly roles?: Readonly<Record<string, Role>>;
  readonly defaultRole?: Role;
  readonly emailDomain?: string;
}

/** `selfLink`: `/slurm link` and the `slurm-chatops-link` proof on the cluster. */
export interface SelfLinkSettings {
  readonly enabled: boolean;
  /** Proofs owned by a uid below this (root, system accounts) are refused. */
  readonly minUid: number;
}

/** The top-level access fields; all optional, so configurations written before them still load. */
export interface AccessSettings {
  /** Slack user id -> role; `admins` are admins whatever this says. */
  readonly roles?: Readonly<Record<string, Role>>;
  /** The role of a mapped user without an entry in `roles` (default `user`). */
  readonly defaultRole?: Role;
  /** Map a Slack user to the local part of their profile e-mail in this domain (`alice@example.org` -> `alice`). */
  readonly emailDomain?: string;
  /** Channel id where every audit record is also posted. */
  readonly auditChannel?: string;
  readonly selfLink?: SelfLinkSettings;
}

/** What a cluster entry may add: `access` overrides and where link proofs are written on it. */
export interface ClusterAccessFields {
  readonly access?: AccessOverrides;
  /** Directory (root-owned, mode 1733) where `slurm-chatops-link` writes proofs; default /var/spool/slurm-chatops. */
  readonly linkDir?: string;
}

export const ACCESS_KEYS = ['roles', 'defaultRole', 'emailDomain', 'auditChannel', 'selfLink'] as const;
export const CLUSTER_ACCESS_KEYS = ['access', 'linkDir'] as const;
export const DEFAULT_SELF_LINK: SelfLinkSettings = { enabled: true, minUid: 1000 };

const DOMAIN = /^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const ABSOLUTE_DIR = /^\/[A-Za-z0-9._/-]{1,200}$/;

function role(v: Json, path: string): Role {
  const text = typeof v === 'string' ? v.trim() : v;
  if (!isRole(text)) throw new ConfigError(`expected one of ${ROLES.join(', ')}, got ${describe(v)}`, path);
  return text;
}

function roleMap(v: Json, path: string): Record<string, Role> {
  if (v === null) return {};
  if (!isRecord(v)) throw new ConfigError(`expected a mapping of Slack user id to ${ROLES.join(' | ')}, got ${describe(v)}`, path);
  const roles: Record<string, Role> = {};
  for (const [id, r] of Object.entries(v)) roles[slackUserIdKey(id, `${path}.${id}`)] = role(r, `${path}.${id}`);
  return roles;
}

function domain(v: Json, path: string): string {
  const text = typeof v === 'string' ? v.trim().toLowerCase().replace(/^@/, '') : undefined;
  if (text === undefined || !DOMAIN.test(text)) throw new ConfigError(`expected an e-mail domain like example.org, got ${describe(v)}`, path);
  return text;
}

function selfLink(v: Json, path: string): SelfLinkSettings {
  if (typeof v === 'boolean') return { ...DEFAULT_SELF_LINK, enabled: v };
  if (!isRecord(v)) throw new ConfigError(`expected true, false or a mapping with enabled and minUid, got ${describe(v)}`, path);
  rejectUnknownKeys(v, ['enabled', 'minUid'], path);
  if (v.enabled !== undefined && typeof v.enabled !== 'boolean') throw new ConfigError(`expected true or false, got ${describe(v.enabled)}`, `${path}.enabled`);
  const minUid = v.minUid ?? DEFAULT_SELF_LINK.minUid;
  if (typeof minUid !== 'number' || !Number.isInteger(minUid) || minUid < 1 || minUid > 2 ** 31) {
    throw new ConfigError(`expected a whole number from 1 (root, uid 0, can never be linked), got ${describe(v.minUid)}`, `${path}.minUid`);
  }
  return { enabled: v.enabled ?? true, minUid };
}

/**
 * The top-level access fields of the configuration file, validated.
 * @throws ConfigError naming the field at fault.
 */
export function parseAccessSettings(raw: Readonly<Record<string, Json>>): AccessSettings {
  return {
    ...(raw.roles !== undefined && { roles: roleMap(raw.roles, 'roles') }),
    ...(raw.defaultRole !== undefined && { defaultRole: role(raw.defaultRole, 'defaultRole') }),
    ...(raw.emailDomain !== undefined && { emailDomain: domain(raw.emailDomain, 'emailDomain') }),
    ...(raw.auditChannel !== undefined && { auditChannel: str(raw.auditChannel, 'auditChannel', CHANNEL_ID, 'a channel id like C0123ABCD') }),
    ...(raw.selfLink !== undefined && { selfLink: selfLink(raw.selfLink, 'selfLink') }),
  };
}

const OVERRIDE_KEYS = ['users', 'admins', 'channels', 'roles', 'defaultRole', 'emailDomain'];

/**
 * A cluster entry's `access` and `linkDir`, validated (`path` is the entry's, e.g. `clusters[1]`).
 * @throws ConfigError naming the field at fault.
 */
export function parseClusterAccess(raw: Readonly<Record<string, Json>>, path: string): ClusterAccessFields {
  let access: AccessOverrides | undefined;
  if (raw.access !== undefined) {
    const v = raw.access;
    const at = `${path}.access`;
    if (!isRecord(v)) throw new ConfigError(`expected a mapping with any of ${OVERRIDE_KEYS.join(', ')}, got ${describe(v)}`, at);
    rejectUnknownKeys(v, OVERRIDE_KEYS, at);
    access = {
      ...(v.users !== undefined && { users: userMap(v.users, `${at}.users`) }),
      ...(v.admins !== undefined && { admins: idList(v.admins, `${at}.admins`, SLACK_USER_ID, 'a Slack user id like U0123ABCD') }),
      ...(v.channels !== undefined && { channels: idList(v.channels, `${at}.channels`, CHANNEL_ID, 'a channel id like C0123ABCD') }),
      ...(v.roles !== undefined && { roles: roleMap(v.roles, `${at}.roles`) }),
      ...(v.defaultRole !== undefined && { defaultRole: role(v.defaultRole, `${at}.defaultRole`) }),
      ...(v.emailDomain !== undefined && { emailDomain: domain(v.emailDomain, `${at}.emailDomain`) }),
    };
  }
  let linkDir: string | undefined;
  if (raw.linkDir !== undefined) {
    const v = raw.linkDir;
    if (typeof v !== 'string' || !ABSOLUTE_DIR.test(v.trim()) || v.split('/').includes('..')) {
      throw new ConfigError(`expected an absolute directory like /var/spool/slurm-chatops, got ${describe(v)}`, `${path}.linkDir`);
    }
    linkDir = v.trim().replace(/\/+$/, '');
  }
  return { ...(access && { access }), ...(linkDir !== undefined && { linkDir }) };
}
