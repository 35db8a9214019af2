import { isChatopsError } from '../errors';
import type { ChatApi } from '../slack/chat';
import type { SlackMessage } from '../slack/views/blocks';
import { renderClusterReachable, renderClusterUnreachable } from '../slack/views/cluster-alert';
import type { ClusterHealthStore } from '../store/cluster-health';
import type { Watch } from '../store/watches';
import type { Log } from '../tasks/log';

export interface HealthDeps {
  readonly health: ClusterHealthStore;
  readonly chat: ChatApi;
  readonly log: Log;
}

/** What a failed check says in the warning: our own error text, which holds no secrets. */
export function describeFailure(error: unknown): string {
  if (isChatopsError(error)) return `${error.code}: ${error.message}`.slice(0, 300);
  return 'unexpected error (see the watcher log)';
}

async function tellChannels(deps: HealthDeps, cluster: string, watches: readonly Watch[], message: SlackMessage): Promise<void> {
  for (const channel of new Set(watches.map((w) => w.channel))) {
    await deps.chat.postMessage({ channel, ...message }).catch((error: unknown) =>
      deps.log.error('cluster health message not posted', { cluster, channel, error }));
  }
}

/**
 * Counts a tick that could not reach the cluster; the tick that reaches the threshold (and only that
 * one, by a conditional write) warns each channel with watches on it, once per outage. Watches stay.
 * Never throws.
 */
export async function noteClusterFailure(deps: HealthDeps, cluster: string, watches: readonly Watch[], error: unknown): Promise<void> {
  try {
    const { health, postWarning } = await deps.health.recordFailure(cluster, describeFailure(error));
    deps.log.warn('cluster unreachable', { cluster, failures: health.failures, error });
    if (!postWarning) return;
    await tellChannels(deps, cluster, watches, renderClusterUnreachable({
      cluster,
      failures: health.failures,
      ...(health.failingSince !== undefined && { failingSince: health.failingSince }),
      ...(health.lastError !== undefined && { lastError: health.lastError }),
      watchedJobs: watches.length,
    }));
  } catch (storeError) {
    deps.log.error('cluster health not recorded', { cluster, error: storeError });
  }
}

/** Records that the cluster answered; after a warning, one "reachable again" per channel. Never throws. */
export async function noteClusterSuccess(deps: HealthDeps, cluster: string, watches: readonly Watch[]): Promise<void> {
  try {
    if (await deps.health.recordSuccess(cluster)) await tellChannels(deps, cluster, watches, renderClusterReachable({ cluster }));
  } catch (error) {
    deps.log.error('cluster health not recorded', { cluster, error });
  }
}
