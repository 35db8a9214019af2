import type { AccessOverrides, AccessSettings, SelfLinkSettings } from './access-config';
import { DEFAULT_SELF_LINK } from './access-config';
import type { Role } from './roles';

/** The parts of the configuration access control reads (a whole Config will do). */
export interface AccessConfig extends AccessSettings {
  readonly users: Readonly<Record<string, string>>;
  readonly admins: readonly string[];
  readonly channels: readonly string[];
  readonly clusters?: readonly { readonly name: string; readonly access?: AccessOverrides }[];
}

/** Who may use one cluster, with its overrides applied. */
export interface ClusterAccess {
  readonly users: Readonly<Record<string, string>>;
  readonly admins: readonly string[];
  /** Empty = any channel. */
  readonly channels: readonly string[];
  readonly roles: Readonly<Record<string, Role>>;
  readonly defaultRole: Role;
  readonly emailDomain?: string;
}

/**
 * The access rules of one cluster: the top-level settings with the cluster's `access` overrides
 * (users and roles merged, the cluster winning; admins and channels replaced). An unknown or
 * absent cluster name gets the top-level settings. Never throws.
 */
export function clusterAccess(config: AccessConfig, clusterName?: string): ClusterAccess {
  const overrides = clusterName === undefined ? undefined : config.clusters?.find((c) => c.name === clusterName)?.access;
  const emailDomain = overrides?.emailDomain ?? config.emailDomain;
  return {
    users: { ...config.users, ...overrides?.users },
    admins: overrides?.admins ?? config.admins,
    channels: overrides?.channels ?? config.channels,
    roles: { ...config.roles, ...overrides?.roles },
    defaultRole: overrides?.defaultRole ?? config.defaultRole ?? 'user',
    ...(emailDomain !== undefined && { emailDomain }),
  };
}

/** A mapped Slack user's role on a cluster: admin when listed in `admins`, else `roles`, else the default. */
export function roleOf(access: ClusterAccess, slackUserId: string): Role {
  if (access.admins.includes(slackUserId)) return 'admin';
  return Object.hasOwn(access.roles, slackUserId) ? access.roles[slackUserId]! : access.defaultRole;
}

/** Whether the channel is on the cluster's allow-list (any channel when the list is empty). */
export function channelAllowed(access: ClusterAccess, channelId: string): boolean {
  return access.channels.length === 0 || access.channels.includes(channelId);
}

/** Whether the bot answers in this channel for at least one cluster (help, whoami and the like need no more). */
export function channelAllowedAnywhere(config: AccessConfig, channelId: string): boolean {
  const names = config.clusters?.map((c) => c.name) ?? [];
  if (names.length === 0) return channelAllowed(clusterAccess(config), channelId);
  return names.some((name) => channelAllowed(clusterAccess(config, name), channelId));
}

/** Every channel id some cluster answers in, for the "where does the bot answer" message. */
export function allowedChannels(config: AccessConfig): string[] {
  const names = config.clusters?.map((c) => c.name) ?? [];
  const lists = names.length === 0 ? [config.channels] : names.map((n) => clusterAccess(config, n).channels);
  return [...new Set(lists.flat())];
}

/** `selfLink` with its defaults: on, uids from 1000. */
export function selfLinkSettings(config: AccessSettings): SelfLinkSettings {
  return config.selfLink ?? DEFAULT_SELF_LINK;
}

/** Whether any cluster maps users by e-mail, so a profile lookup may be worth a Web API call. */
export function usesEmailMapping(config: AccessConfig): boolean {
  return config.emailDomain !== undefined || (config.clusters ?? []).some((c) => c.access?.emailDomain !== undefined);
}
