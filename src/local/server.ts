import { accessServices } from '../access/services';
import { actionServices } from '../actions/services';
import type { Config, SlackCredentials, SocketModeCredentials } from '../config';
import { buildApp } from '../slack/app';
import { boltLevel, boltLogger } from '../slack/bolt-logger';
import { newRequestId } from '../slack/listeners/deps';
import type { FetchFn } from '../slack/respond';
import { openStateTable } from '../store/state-table';
import { submitListenerServices, submitWorkerServices } from '../submit/services';
import { createExecutorFactory, type ExecutorFor } from '../tasks/executors';
import { InProcessDispatcher } from '../tasks/in-process-dispatcher';
import type { Log } from '../tasks/log';
import { createTaskRunner } from '../tasks/runner';
import { startLocalWatcher } from '../watch/local';
import { createLocalReceiver } from './receiver';

export interface LocalServerOptions {
  readonly config: Config;
  /** A signing secret: serve HTTP. An app token (SLACK_APP_TOKEN): Socket Mode, no port opened. */
  readonly credentials: SlackCredentials | SocketModeCredentials;
  readonly log: Log;
  /** Default: the configured PORT; 0 picks a free one. Unused in Socket Mode. */
  readonly port?: number;
  /** Default: every interface. */
  readonly host?: string;
  readonly fetch?: FetchFn;
  readonly executorFor?: ExecutorFor;
}

export interface LocalServer {
  /** The HTTP port; undefined in Socket Mode, which opens none. */
  readonly port: number | undefined;
  /** Resolves when every task dispatched so far has answered. */
  drain(): Promise<void>;
  /** Stops accepting requests, then lets running tasks finish. */
  stop(): Promise<void>;
  /** Runs a watcher tick now (after any running one); resolves at once when the watcher is off (no bot token). */
  tickWatcher(): Promise<void>;
}

/**
 * Local mode: the same App as on Lambda, on Bolt's HTTPReceiver at `POST /slack/events` or, with an
 * app token, on a Socket Mode WebSocket, with Tasks run in this process right after the ack (the ack
 * goes out first: Bolt answers when the listener acks, and the dispatcher starts the task on the next turn).
 * @throws Error from the HTTP server (e.g. EADDRINUSE) when the port cannot be bound; ConfigError when
 *   Slack refuses the app token; ChatopsError SLACK_API when Slack cannot be reached for Socket Mode.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { config, credentials, log } = options;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const level = boltLevel(config.env.logLevel);
  const receiver = createLocalReceiver({
    credentials,
    port: options.port ?? config.env.port,
    ...(options.host !== undefined && { host: options.host }),
    slackApiUrl: config.env.slackApiUrl,
    logger: boltLogger(log, level),
    logLevel: level,
  });
  const table = openStateTable(config.env);
  const submit = credentials.botToken === undefined ? undefined : submitWorkerServices({ config, table, botToken: credentials.botToken, fetch: fetchFn });
  const access = accessServices({ config, table, fetch: fetchFn, botToken: async () => credentials.botToken, log });
  const actions = actionServices({ config, table, fetch: fetchFn, botToken: async () => credentials.botToken, log });
  // One factory for the tasks and the watcher: one set of AWS clients and one head node lookup per cluster.
  const executorFor = options.executorFor ?? createExecutorFactory(config);
  const run = createTaskRunner({ config, executorFor, fetch: fetchFn, log, ...(submit && { submit }), actions, links: access.links });
  const dispatcher = new InProcessDispatcher(run, log);
  buildApp({ receiver: receiver.receiver, credentials, deps: { config, log, dispatcher, fetch: fetchFn, newRequestId, submit: submitListenerServices(table), identity: access.identity } });
  const port = await receiver.start();
  const watcher = startLocalWatcher({ config, table, executorFor, fetch: fetchFn, botToken: credentials.botToken, log });
  return {
    port,
    drain: () => dispatcher.drain(),
    stop: async () => {
      await receiver.stop();
      await dispatcher.drain();
      await watcher?.stop();
    },
    tickWatcher: async () => watcher?.tickNow(),
  };
}
