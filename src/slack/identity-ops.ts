import { audit as defaultAudit, auditFromTask, type AuditRecord } from '../audit/audit';
import { identifyCaller } from '../access/caller';
import type { IdentityDirectory } from '../access/directory';
import { RESERVED_UNIX_USERS, type ExternalIdentities } from '../access/identities';
import { currentIdentities } from '../access/request-identities';
import { LINK_CODE_TTL_SECONDS, newLinkCode } from '../access/link-code';
import { channelAllowed, clusterAccess, selfLinkSettings } from '../access/policy';
import type { Config } from '../config';
import { ChatopsError, isChatopsError, ValidationError } from '../errors';
import type { Log } from '../tasks/log';
import type { RequestContext } from './router';
import { renderLinkCode, renderLinkOutcome, renderUnlinked, renderWhoami } from './views/access';
import type { SlackMessage } from './views/blocks';
import { renderCaughtError } from './views/errors';

/** The identity commands that write to the link store; the listener runs them (fast, no cluster call). */
export type IdentityOp =
  | { readonly kind: 'link'; readonly cluster: string; readonly unixUser: string }
  | { readonly kind: 'unlink'; readonly clusters?: readonly string[] };

/** The Slack request an identity command came with (no answer goes to its response URL: the ack is the answer). */
export type IdentityRequest = Omit<RequestContext, 'responseUrl'> & { readonly identities?: ExternalIdentities };

export interface IdentityOpDeps {
  readonly config: Config;
  readonly log: Log;
  readonly identity?: IdentityDirectory;
  readonly audit?: (record: AuditRecord) => Promise<void>;
}

const CODE_ATTEMPTS = 3;

/** `/slurm whoami`: from the configuration and what the identity sources said (default: the current request's). */
export function whoamiMessage(config: Config, request: IdentityRequest): SlackMessage {
  const identities = request.identities ?? currentIdentities();
  return renderWhoami({
    slackUserId: request.userId,
    slashCommand: request.slashCommand,
    selfLink: selfLinkSettings(config).enabled,
    lookupFailed: identities?.unavailable === true,
    clusters: config.clusters.map((c) => {
      const caller = identifyCaller(config, request.userId, { cluster: c.name, ...(identities && { external: identities }) });
      return {
        cluster: c.name,
        role: caller.role,
        channelAllowed: channelAllowed(clusterAccess(config, c.name), request.channelId),
        ...(caller.unixUser !== undefined && { unixUser: caller.unixUser }),
        ...(caller.source !== undefined && { source: caller.source }),
      };
    }),
  });
}

/**
 * `/slurm link NAME`: a one-time code for the cluster, kept 10 minutes. A user the configuration
 * (or their e-mail) already maps there is told so instead: a link never overrides an admin.
 * @throws ValidationError for a reserved Unix user; ChatopsError STORE when the store fails.
 */
async function issueCode(deps: IdentityOpDeps, op: Extract<IdentityOp, { kind: 'link' }>, request: IdentityRequest): Promise<SlackMessage> {
  const links = deps.identity?.links;
  if (links === undefined || !selfLinkSettings(deps.config).enabled) return renderLinkOutcome({ kind: 'disabled' }, request.slashCommand);
  const caller = identifyCaller(deps.config, request.userId, { cluster: op.cluster, ...(request.identities && { external: request.identities }) });
  if (caller.unixUser !== undefined && caller.source !== 'link') {
    return renderLinkOutcome({ kind: 'already', cluster: op.cluster, unixUser: caller.unixUser, source: caller.source ?? 'config' }, request.slashCommand);
  }
  if (RESERVED_UNIX_USERS.has(op.unixUser)) {
    throw new ValidationError(`\`${op.unixUser}\` is a system account, which cannot be linked. Give your own Unix user name.`, 'user');
  }
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const code = newLinkCode();
    const pending = await links.addCode({ code, slackUserId: request.userId, teamId: request.teamId, cluster: op.cluster, unixUser: op.unixUser });
    if (pending !== undefined) {
      deps.log.info('link code issued', { requestId: request.requestId, userId: request.userId, cluster: op.cluster, unixUser: op.unixUser });
      return renderLinkCode({ cluster: op.cluster, unixUser: op.unixUser, code, minutes: LINK_CODE_TTL_SECONDS / 60 });
    }
  }
  throw new ChatopsError('STORE', 'Could not store a new link code.');
}

async function unlink(deps: IdentityOpDeps, op: Extract<IdentityOp, { kind: 'unlink' }>, request: IdentityRequest): Promise<SlackMessage> {
  const links = deps.identity?.links;
  const removed = links === undefined ? [] : await links.removeLinks(request.userId, op.clusters);
  const record = deps.audit ?? defaultAudit;
  for (const cluster of removed) {
    await record(auditFromTask({ ...request, cluster }, { action: 'unlink', result: 'success' }));
  }
  const names = op.clusters ?? deps.config.clusters.map((c) => c.name);
  const configured = names.filter((name) => {
    const caller = identifyCaller(deps.config, request.userId, { cluster: name, ...(request.identities && { external: request.identities }) });
    return caller.unixUser !== undefined && caller.source !== 'link';
  });
  return renderUnlinked({ removed, configured });
}

/**
 * Runs an identity command that writes to the link store, and answers it.
 * @throws ValidationError, ChatopsError STORE: the caller turns them into the reply.
 */
export function performIdentityOp(deps: IdentityOpDeps, op: IdentityOp, request: IdentityRequest): Promise<SlackMessage> {
  return op.kind === 'link' ? issueCode(deps, op, request) : unlink(deps, op, request);
}

/**
 * performIdentityOp for a listener: the answer, or the error as a message with the request id
 * (a bad name, the store down). Never throws.
 */
export async function identityReply(deps: IdentityOpDeps, op: IdentityOp, request: IdentityRequest): Promise<SlackMessage> {
  try {
    return await performIdentityOp(deps, op, request);
  } catch (error) {
    deps.log[isChatopsError(error) ? 'warn' : 'error']('identity command failed', { requestId: request.requestId, userId: request.userId, op: op.kind, error });
    return renderCaughtError(error, { requestId: request.requestId, slashCommand: request.slashCommand, ...(op.kind === 'link' && { cluster: op.cluster }) });
  }
}
