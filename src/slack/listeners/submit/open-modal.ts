import type { ClusterConfig } from '../../../config';
import { encodeSubmitMeta } from '../../../submit/metadata';
import type { CachedPartitions } from '../../../submit/partition-cache';
import { TASK_VERSION } from '../../../tasks/task';
import type { RequestContext } from '../../router';
import { renderError } from '../../views/errors';
import { renderSubmitModal, type PartitionsState } from '../../views/submit-modal';
import { reply } from '../hand-over';
import type { SubmitDeps, ViewsClient } from './deps';

/** Where the modal was asked for, and as whom it will submit. */
export type OpenModalRequest = Omit<RequestContext, 'slashCommand'> & {
  readonly triggerId: string;
  readonly cluster: ClusterConfig;
  readonly unixUser: string;
};

async function cachedPartitions(deps: SubmitDeps, cluster: string, requestId: string): Promise<CachedPartitions | undefined> {
  try {
    return await deps.submit.partitions.get(cluster);
  } catch (error) {
    deps.log.warn('partition cache unreadable; the modal opens without it', { requestId, cluster, error });
    return undefined;
  }
}

/**
 * Opens the submit modal inside the trigger's 3 seconds: with the partitions cached from the last
 * time, or a loading state, never waiting on the cluster. When the cache is missing or stale, a
 * Task asks the worker to list the partitions and update the open modal (views.update with its
 * hash). If Slack refuses to open it (an expired trigger), the user is told through the response_url.
 * Never throws.
 */
export async function openSubmitModal(deps: SubmitDeps, client: ViewsClient, request: OpenModalRequest): Promise<void> {
  const { requestId, cluster } = request;
  const cached = await cachedPartitions(deps, cluster.name, requestId);
  const partitions: PartitionsState = cached !== undefined && cached.partitions.length > 0 ? { kind: 'known', partitions: cached.partitions } : { kind: 'loading' };
  const view = renderSubmitModal({
    cluster: cluster.name,
    unixUser: request.unixUser,
    partitions,
    channelId: request.channelId,
    privateMetadata: encodeSubmitMeta({ cluster: cluster.name, channelId: request.channelId, responseUrl: request.responseUrl }),
  });
  let opened: { id?: string; hash?: string } | undefined;
  try {
    opened = (await client.views.open({ trigger_id: request.triggerId, view })).view;
  } catch (error) {
    deps.log.error('submit modal not opened', { requestId, userId: request.userId, error });
    await reply(deps, requestId, request.responseUrl, renderError({ code: 'SLACK_API', requestId, cluster: cluster.name }), false);
    return;
  }
  deps.log.info('submit modal opened', { requestId, userId: request.userId, cluster: cluster.name, cachedPartitions: cached !== undefined });
  if (cached !== undefined && deps.submit.partitions.isFresh(cached)) return;
  if (opened?.id === undefined) return;
  try {
    await deps.dispatcher.dispatch({
      v: TASK_VERSION,
      requestId,
      teamId: request.teamId,
      userId: request.userId,
      channelId: request.channelId,
      responseUrl: request.responseUrl,
      reply: 'new',
      cluster: cluster.name,
      unixUser: request.unixUser,
      command: { kind: 'submit-form', viewId: opened.id, ...(opened.hash !== undefined && { hash: opened.hash }) },
    });
  } catch (error) {
    // The modal stays usable with "Cluster default"; only the list is missing.
    deps.log.error('partition refresh not dispatched', { requestId, error });
  }
}
