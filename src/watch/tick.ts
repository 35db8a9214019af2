import { readJobOutput } from '../actions/job-output';
import { findCluster, type ClusterConfig, type Config } from '../config';
import { isChatopsError, ValidationError } from '../errors';
import { parseJobIdArg } from '../slurm/jobid';
import type { ChatApi } from '../slack/chat';
import type { AlertOutput } from '../slack/views/alert';
import type { ClusterHealthStore } from '../store/cluster-health';
import type { Watch, WatchStore } from '../store/watches';
import type { ExecutorFor } from '../tasks/executors';
import type { Log } from '../tasks/log';
import { deliverAlert, type DeliveryDeps } from './deliver';
import { noteClusterFailure, noteClusterSuccess } from './health';
import { judgeWatch } from './judge';
import { pollCluster, type PollOptions } from './poll';

export interface WatcherDeps {
  readonly config: Config;
  readonly watches: WatchStore;
  readonly health: ClusterHealthStore;
  readonly executorFor: ExecutorFor;
  readonly chat: ChatApi;
  readonly log: Log;
  readonly now?: () => Date;
  readonly poll?: PollOptions;
}

/** What one tick did on one cluster, for logs and tests. */
export interface ClusterTick {
  readonly cluster: string;
  readonly watched: number;
  readonly alerts: number;
  /** Alerts another tick had claimed, or that failed to post (retried next tick). */
  readonly skipped: number;
  /** Executor calls made (polls; output tails of failed jobs come on top). */
  readonly calls: number;
  /** Set when the cluster could not be polled. */
  readonly error?: string;
}

/** Lines of output an alert shows for a failed job. */
const ALERT_OUTPUT_LINES = 20;

function outputReader(deps: WatcherDeps): DeliveryDeps['readOutput'] {
  return async (cluster: ClusterConfig, watch: Watch, jobId: string): Promise<AlertOutput> => {
    try {
      const out = await readJobOutput({
        executor: deps.executorFor(cluster),
        runAs: watch.unixUser,
        clusterName: cluster.name,
        jobId,
        lines: ALERT_OUTPUT_LINES,
        timeoutMs: cluster.timeoutSeconds * 1000,
        parse: { timeZone: cluster.timeZone },
        ...(cluster.slurmBinDir !== undefined && { slurmBinDir: cluster.slurmBinDir }),
      });
      return { streams: out.streams, lines: ALERT_OUTPUT_LINES, readAs: watch.unixUser };
    } catch (error) {
      deps.log.warn('alert output not read', { cluster: cluster.name, jobId, error });
      if (isChatopsError(error) && error.code === 'JOB_NOT_FOUND') return { unavailable: 'Slurm no longer knows the job, so its output file cannot be located.' };
      return { unavailable: `could not be read (${isChatopsError(error) ? error.code : 'unexpected error'}); try /slurm output ${jobId}.` };
    }
  };
}

/** Watches whose job id cannot reach a builder (a stored value gone bad) are dropped, loudly. */
async function validWatches(deps: WatcherDeps, cluster: string, watches: readonly Watch[]): Promise<Watch[]> {
  const valid: Watch[] = [];
  for (const watch of watches) {
    try {
      parseJobIdArg(watch.jobId);
      valid.push(watch);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      deps.log.error('malformed watch removed', { cluster, jobId: watch.jobId });
      await deps.watches.remove(cluster, watch.jobId);
    }
  }
  return valid;
}

async function tickCluster(deps: WatcherDeps, name: string, delivery: DeliveryDeps): Promise<ClusterTick | undefined> {
  const watches = await validWatches(deps, name, await deps.watches.listByCluster(name));
  if (watches.length === 0) return undefined;
  let cluster: ClusterConfig;
  try {
    cluster = findCluster(deps.config, name);
  } catch {
    deps.log.warn('watches for a cluster that is no longer configured are kept, unchecked', { cluster: name, watched: watches.length });
    return { cluster: name, watched: watches.length, alerts: 0, skipped: 0, calls: 0, error: 'not configured' };
  }
  let poll;
  try {
    poll = await pollCluster(deps.executorFor(cluster), cluster, watches.map((w) => w.jobId), deps.poll);
  } catch (error) {
    await noteClusterFailure(deps, name, watches, error);
    return { cluster: name, watched: watches.length, alerts: 0, skipped: 0, calls: 1, error: isChatopsError(error) ? error.code : 'UNEXPECTED' };
  }
  await noteClusterSuccess(deps, name, watches);
  if (poll.accountingProblem) deps.log.warn('sacct gave no answer; vanished jobs wait for the next tick', { cluster: name, problem: poll.accountingProblem });
  let alerts = 0;
  let skipped = 0;
  for (const watch of watches) {
    const verdict = judgeWatch(watch.jobId, poll);
    if (verdict.kind === 'waiting') {
      // A job may run longer than a watch lives; one still running keeps its watch.
      await deps.watches.renewIfDue(watch).catch((error: unknown) => deps.log.warn('watch not renewed', { cluster: name, jobId: watch.jobId, error }));
      continue;
    }
    if (verdict.kind === 'vanished' && poll.accountingProblem !== undefined) continue;
    const result = await deliverAlert(delivery, cluster, watch, verdict);
    if (result === 'sent') alerts += 1;
    else skipped += 1;
  }
  return { cluster: name, watched: watches.length, alerts, skipped, calls: poll.calls };
}

/**
 * One watcher tick: for every cluster with watches, ONE poll (see pollCluster), a verdict per watch,
 * and the alerts of the jobs that ended (see deliverAlert). Clusters are checked side by side; one
 * that cannot be reached keeps its watches and counts towards its "unreachable" warning.
 * @throws ChatopsError STORE when the list of clusters cannot be read; failures inside a cluster are
 *   logged and reported in its ClusterTick instead.
 */
export async function runWatcherTick(deps: WatcherDeps): Promise<ClusterTick[]> {
  const now = deps.now ?? (() => new Date());
  const delivery: DeliveryDeps = { watches: deps.watches, chat: deps.chat, log: deps.log, now, readOutput: outputReader(deps) };
  const names = await deps.watches.listClusters();
  const results = await Promise.all(names.map(async (name) => {
    try {
      return await tickCluster(deps, name, delivery);
    } catch (error) {
      deps.log.error('watcher tick failed for a cluster', { cluster: name, error });
      return { cluster: name, watched: 0, alerts: 0, skipped: 0, calls: 0, error: isChatopsError(error) ? error.code : 'UNEXPECTED' };
    }
  }));
  return results.filter((r): r is ClusterTick => r !== undefined);
}
