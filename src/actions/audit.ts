import { audit, type AuditAction, type AuditResult } from '../audit';
import { isChatopsError } from '../errors';
import { actingAs, type ActionContext } from './context';

/** Where an action came from, for its audit record. */
export interface AuditOrigin {
  readonly teamId: string;
  readonly channelId: string;
}

/**
 * The one audit record of an action that changes something (a job, or a watch): who in Slack, as which
 * Unix user (`root` for an admin), on which cluster, what, on which job, and how it went.
 */
export function auditAction(ctx: ActionContext, origin: AuditOrigin, action: AuditAction, jobId: string, result: AuditResult, detail?: string): Promise<void> {
  return audit({
    action,
    result,
    requestId: ctx.requestId,
    teamId: origin.teamId,
    userId: ctx.actor.slackUserId,
    channelId: origin.channelId,
    cluster: ctx.cluster.name,
    unixUser: actingAs(ctx.actor),
    jobId,
    ...(detail !== undefined && { detail: ctx.actor.isAdmin ? `${detail} (bot admin)` : detail }),
    ...(detail === undefined && ctx.actor.isAdmin && { detail: 'bot admin' }),
  });
}

/** Runs an action and audits it as `error` when it throws (the cluster unreachable: the outcome is unknown). */
export async function auditingErrors<T>(ctx: ActionContext, origin: AuditOrigin, action: AuditAction, jobId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await auditAction(ctx, origin, action, jobId, 'error', isChatopsError(error) ? error.code : 'unexpected error');
    throw error;
  }
}
