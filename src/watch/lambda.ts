import { loadConfig, loadSlackCredentials } from '../config';
import { ConfigError } from '../errors';
import { keepOnSuccess } from '../keep-on-success';
import { createChatApi } from '../slack/chat';
import { ClusterHealthStore } from '../store/cluster-health';
import { openStateTable } from '../store/state-table';
import { WatchStore } from '../store/watches';
import { createExecutorFactory } from '../tasks/executors';
import { createLog } from '../tasks/log';
import { runWatcherTick, type WatcherDeps } from './tick';

/**
 * Everything a tick needs in AWS, built on the first event and kept for the container: DynamoDB for
 * watches and cluster health, the bot token from Secrets Manager, one executor per cluster.
 * @throws ConfigError when STATE_TABLE_NAME or the bot token is missing, or a setting is invalid.
 */
async function buildWatcher(): Promise<WatcherDeps> {
  const config = loadConfig();
  const log = createLog(config.env.logLevel);
  const tableName = config.env.stateTableName;
  if (tableName === undefined) throw new ConfigError('not set: the DynamoDB table for watches (serverless.yml sets it)', 'STATE_TABLE_NAME');
  const credentials = await loadSlackCredentials(config.env);
  if (credentials.botToken === undefined) throw new ConfigError('the Slack secret has no SLACK_BOT_TOKEN: alerts cannot be posted', 'SLACK_SECRET_ARN');
  const table = openStateTable(config.env);
  return {
    config,
    log,
    watches: new WatchStore(table),
    health: new ClusterHealthStore(table),
    executorFor: createExecutorFactory(config),
    chat: createChatApi({ fetch: globalThis.fetch, apiUrl: config.env.slackApiUrl, botToken: credentials.botToken }),
  };
}

/**
 * The watcher Lambda's handler (EventBridge schedule). Lambda's reserved concurrency of 1
 * (serverless.yml) keeps ticks from overlapping; exactly-once alerts do not depend on it (see
 * deliverAlert). A failed cold start is retried on the next event.
 * @throws ConfigError on a cold start with missing settings; ChatopsError STORE when DynamoDB fails.
 */
export function createWatcherHandler(build: () => Promise<WatcherDeps> = buildWatcher): () => Promise<void> {
  const watcherDeps = keepOnSuccess(build);
  return async () => {
    const deps = await watcherDeps();
    const clusters = await runWatcherTick(deps);
    deps.log.info('watcher tick done', { clusters });
  };
}
