import type { AddressInfo } from 'node:net';
import { HTTPReceiver } from '@slack/bolt';
import type { Config, SlackCredentials } from '../config';
import { buildApp } from '../slack/app';
import { boltLevel, boltLogger } from '../slack/bolt-logger';
import { newRequestId } from '../slack/listeners/deps';
import type { FetchFn } from '../slack/respond';
import { createExecutorFactory, type ExecutorFor } from '../tasks/executors';
import { InProcessDispatcher } from '../tasks/in-process-dispatcher';
import type { Log } from '../tasks/log';
import { createTaskRunner } from '../tasks/runner';

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
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.writeHead(200).end('ok') }],
  });
  const run = createTaskRunner({ config, executorFor: options.executorFor ?? createExecutorFactory(config), fetch: fetchFn, log });
  const dispatcher = new InProcessDispatcher(run, log);
  buildApp({ receiver, credentials, deps: { config, log, dispatcher, fetch: fetchFn, newRequestId } });
  const port = options.port ?? config.env.port;
  const server = await receiver.start(options.host === undefined ? port : { port, host: options.host });
  return {
    port: (server.address() as AddressInfo).port,
    drain: () => dispatcher.drain(),
    stop: async () => {
      await receiver.stop();
      await dispatcher.drain();
    },
  };
}
