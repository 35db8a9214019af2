import type { AddressInfo } from 'node:net';
import { HTTPReceiver } from '@slack/bolt';
import { accessServices } from '../access/services';
import { actionServices } from '../actions/services';
import type { Config, SlackCredentials } from '../config';
import { buildApp } from '../slack/app';
import { boltLevel, boltLogger } from '../slack/bolt-logger';
import { newRequestId } from '../slack/listeners/deps';
import { MAX_REQUEST_BODY_BYTES } from '../slack/request-limits';
import type { FetchFn } from '../slack/respond';
import { openStateTable } from '../store/state-table';
import { submitListenerServices, submitWorkerServices } from '../submit/services';
import { createExecutorFactory, type ExecutorFor } from '../tasks/executors';
import { InProcessDispatcher } from '../tasks/in-process-dispatcher';
import type { Log } from '../tasks/log';
import { createTaskRunner } from '../tasks/runner';
import { startLocalWatcher } from '../watch/local';

export interface LocalServerOptions {
  readonly config: Config;
  readonly credentials: SlackCredentials;
  readonly log: Log;
  /** Default: the configured PORT; 0 picks a free one. */
  readonly port?: number;
  /** Default: every interface. */
  readonly host?: string;
  readonly fetch?: FetchFn;
  readonly executorFor?: ExecutorFor;
}

export interface LocalServer {
  readonly port: number;
  /** Resolves when every task dispatched so far has answered. */
  drain(): Promise<void>;
  /** Stops accepting requests, then lets running tasks finish. */
  stop(): Promise<void>;
  /** Runs a watcher tick now (after any running one); resolves at once when the watcher is off (no bot token). */
  tickWatcher(): Promise<void>;
}

/**
 * Local mode: the same App as on Lambda, on Bolt's HTTPReceiver at `POST /slack/events`, with
 * Tasks run in this process right after the ack (the ack goes out first: Bolt answers the HTTP
 * request when the listener acks, and the dispatcher starts the task on the next turn).
 * @throws Error from the HTTP server (e.g. EADDRINUSE) when the port cannot be bound.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { config, credentials, log } = options;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const level = boltLevel(config.env.logLevel);
  const receiver = new HTTPReceiver({
    signingSecret: credentials.signingSecret,
    endpoints: '/slack/events',
    logger: boltLogger(log, level),
    logLevel: level,
    // Bolt answers 413 to anything bigger, before checking the signature or parsing it.
    bodyLimit: MAX_REQUEST_BODY_BYTES,
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.writeHead(200).end('ok') }],
  });
  const table = openStateTable(config.env);
  const submit = credentials.botToken === undefined ? undefined : submitWorkerServices({ config, table, botToken: credentials.botToken, fetch: fetchFn });
  const access = accessServices({ config, table, fetch: fetchFn, botToken: async () => credentials.botToken, log });
  const actions = actionServices({ config, table, fetch: fetchFn, botToken: async () => credentials.botToken, log });
  const run = createTaskRunner({ config, executorFor: options.executorFor ?? createExecutorFactory(config), fetch: fetchFn, log, ...(submit && { submit }), actions, links: access.links });
  const dispatcher = new InProcessDispatcher(run, log);
  buildApp({ receiver, credentials, deps: { config, log, dispatcher, fetch: fetchFn, newRequestId, submit: submitListenerServices(table), identity: access.identity } });
  const port = options.port ?? config.env.port;
  const server = await receiver.start(options.host === undefined ? port : { port, host: options.host });
  const watcher = startLocalWatcher({
    config, table, executorFor: options.executorFor ?? createExecutorFactory(config), fetch: fetchFn, botToken: credentials.botToken, log,
  });
  return {
    port: (server.address() as AddressInfo).port,
    drain: () => dispatcher.drain(),
    stop: async () => {
      await receiver.stop();
      await dispatcher.drain();
      await watcher?.stop();
    },
    tickWatcher: async () => watcher?.tickNow(),
  };
}
