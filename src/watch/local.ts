import path from 'node:path';
import type { Config } from '../config';
import { createChatApi } from '../slack/chat';
import type { FetchFn } from '../slack/respond';
import { ClusterHealthStore } from '../store/cluster-health';
import type { Table } from '../store/table';
import { WatchStore } from '../store/watches';
import type { ExecutorFor } from '../tasks/executors';
import type { Log } from '../tasks/log';
import { startWatcherLoop, type WatcherLoop } from './loop';
import { runWatcherTick } from './tick';

export interface LocalWatcherOptions {
  readonly config: Config;
  /** The runner's state table (files under STATE_DIR): watches survive a restart. */
  readonly table: Table;
  readonly executorFor: ExecutorFor;
  readonly fetch: FetchFn;
  readonly botToken: string | undefined;
  readonly log: Log;
}

/**
 * The local runner's watcher: a tick every WATCH_INTERVAL_SECONDS, with a lock file in STATE_DIR so
 * that two runners on the same directory never tick at once. Undefined without a bot token (alerts
 * cannot be posted; the runner says so at start).
 */
export function startLocalWatcher(options: LocalWatcherOptions): WatcherLoop | undefined {
  const { config, table, log } = options;
  if (options.botToken === undefined) {
    log.warn('SLACK_BOT_TOKEN is not set: the watcher is off, no job alerts will be posted');
    return undefined;
  }
  const deps = {
    config,
    log,
    watches: new WatchStore(table),
    health: new ClusterHealthStore(table),
    executorFor: options.executorFor,
    chat: createChatApi({ fetch: options.fetch, apiUrl: config.env.slackApiUrl, botToken: options.botToken }),
  };
  return startWatcherLoop({
    intervalMs: config.env.watchIntervalSeconds * 1000,
    lockPath: path.resolve(config.env.stateDir, 'watcher.lock'),
    log,
    tick: async () => {
      const clusters = await runWatcherTick(deps);
      if (clusters.length > 0) log.info('watcher tick done', { clusters });
    },
  });
}
