import { AccessDenied } from './denied';
import { unixUserFromEmail, type ExternalIdentities, type IdentitySource } from './identities';
import {
  channelAllowed, channelAllowedAnywhere, clusterAccess, roleOf, selfLinkSettings,
  type AccessConfig, type ClusterAccess,
} from './policy';
import { currentIdentities } from './request-identities';
import { allows, type Permission, type Role } from './roles';

/** Who is asking, as far as the configuration (and the identity sources) know them, on one cluster. */
export interface Caller {
  readonly slackUserId: string;
  /** Absent for a Slack user nobody mapped: they may read help and the cluster list, nothing else. */
  readonly unixUser?: string;
  readonly isAdmin: boolean;
  readonly role: Role;
  /** Which source gave the Unix user. */
  readonly source?: IdentitySource;
}

export interface IdentifyOptions {
  /** The cluster the request is for; absent = the top-level settings. */
  readonly cluster?: string;
  /** Default: the current request's, as the identity middleware looked them up (none outside a request). */
  readonly external?: ExternalIdentities;
}

/** The Unix user and its source, asking the sources in order: config map, verified link, e-mail. */
function lookUp(access: ClusterAccess, slackUserId: string, cluster: string | undefined, external: ExternalIdentities | undefined): { unixUser: string; source: IdentitySource } | undefined {
  if (Object.hasOwn(access.users, slackUserId)) return { unixUser: access.users[slackUserId]!, source: 'config' };
  const linked = cluster !== undefined && external?.links !== undefined && Object.hasOwn(external.links, cluster) ? external.links[cluster] : undefined;
  if (linked !== undefined) return { unixUser: linked, source: 'link' };
  const fromEmail = unixUserFromEmail(external?.email, access.emailDomain);
  if (fromEmail !== undefined) return { unixUser: fromEmail, source: 'email' };
  return undefined;
}

/** Looks the Slack user up (on a cluster, with what the identity sources said); never throws. */
export function identifyCaller(config: AccessConfig, slackUserId: string, options: IdentifyOptions = {}): Caller {
  const cluster = options.cluster ?? config.clusters?.[0]?.name;
  const access = clusterAccess(config, cluster);
  const found = lookUp(access, slackUserId, cluster, options.external ?? currentIdentities());
  const role = roleOf(access, slackUserId);
  return { slackUserId, ...(found && { unixUser: found.unixUser, source: found.source }), isAdmin: role === 'admin', role };
}

/** What a request asks for, for authorizeCaller. */
export interface AccessRequest {
  readonly slackUserId: string;
  readonly channelId: string;
  readonly cluster: string;
  readonly permission: Permission;
  /** Default: the current request's (see identifyCaller). */
  readonly external?: ExternalIdentities;
}

/** A caller allowed to run a request: always mapped. */
export interface AuthorizedCaller extends Caller {
  readonly unixUser: string;
}

/**
 * The one check before anything reaches a cluster: the channel is allowed for this cluster, the
 * Slack user has a Unix user there, and their role grants the permission. Pure, no I/O.
 * @throws AccessDenied (code NOT_MAPPED or FORBIDDEN) saying which check failed.
 */
export function authorizeCaller(config: AccessConfig, request: AccessRequest): AuthorizedCaller {
  const access = clusterAccess(config, request.cluster);
  if (!channelAllowed(access, request.channelId)) {
    throw new AccessDenied({ kind: 'channel', cluster: request.cluster, channels: access.channels });
  }
  const external = request.external ?? currentIdentities();
  const caller = identifyCaller(config, request.slackUserId, { cluster: request.cluster, ...(external && { external }) });
  if (caller.unixUser === undefined) {
    throw new AccessDenied({
      kind: 'not_mapped',
      cluster: request.cluster,
      selfLink: selfLinkSettings(config).enabled,
      ...(access.emailDomain !== undefined && { emailDomain: access.emailDomain }),
      lookupFailed: external?.unavailable === true,
    });
  }
  if (!allows(caller.role, request.permission)) {
    throw new AccessDenied({ kind: 'role', cluster: request.cluster, role: caller.role, permission: request.permission });
  }
  return { ...caller, unixUser: caller.unixUser };
}

/** Whether the bot answers in this channel (for at least one cluster): any channel when no allow-list is set. */
export function isChannelAllowed(config: AccessConfig, channelId: string): boolean {
  return channelAllowedAnywhere(config, channelId);
}

/** The Unix user a Slack user id maps to in the configuration, for `--user @someone`; undefined when unmapped. */
export function unixUserOf(config: AccessConfig, slackUserId: string, cluster?: string): string | undefined {
  const users = clusterAccess(config, cluster ?? config.clusters?.[0]?.name).users;
  return Object.hasOwn(users, slackUserId) ? users[slackUserId] : undefined;
}
