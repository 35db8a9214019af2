import type { AddressInfo } from 'node:net';
import { HTTPReceiver, SocketModeReceiver, webApi, type Logger, type LogLevel, type Receiver } from '@slack/bolt';
import type { SlackCredentials, SocketModeCredentials } from '../config';
import { ChatopsError, ConfigError } from '../errors';
import { MAX_REQUEST_BODY_BYTES } from '../slack/request-limits';

export interface LocalReceiverOptions {
  /** A signing secret: HTTP on `port`. An app token: Socket Mode, no port at all. */
  readonly credentials: SlackCredentials | SocketModeCredentials;
  readonly port: number;
  /** Default: every interface (HTTP only). */
  readonly host?: string;
  /** Where Socket Mode calls `apps.connections.open`: SLACK_API_URL, like every other Web API call. */
  readonly slackApiUrl: string;
  readonly logger: Logger;
  readonly logLevel: LogLevel;
}

export interface LocalReceiver {
  readonly receiver: Receiver;
  /**
   * Starts receiving; resolves with the HTTP port, or undefined in Socket Mode once Slack said hello.
   * @throws Error from the HTTP server (e.g. EADDRINUSE) when the port cannot be bound; ConfigError
   *   when Slack refuses the app token; ChatopsError SLACK_API when Slack cannot be reached.
   */
  start(): Promise<number | undefined>;
  /** Stops receiving; in Socket Mode resolves once the WebSocket is closed. */
  stop(): Promise<void>;
}

/** Whether these credentials make the runner use Socket Mode (an app token) rather than HTTP (a signing secret). */
export function isSocketMode(credentials: SlackCredentials | SocketModeCredentials): credentials is SocketModeCredentials {
  return 'appToken' in credentials;
}

/** How Slack reaches the local runner: Bolt's HTTPReceiver, or its SocketModeReceiver when there is an app token. */
export function createLocalReceiver(options: LocalReceiverOptions): LocalReceiver {
  return isSocketMode(options.credentials) ? socketModeReceiver(options, options.credentials) : httpReceiver(options, options.credentials);
}

function httpReceiver(options: LocalReceiverOptions, credentials: SlackCredentials): LocalReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: credentials.signingSecret,
    endpoints: '/slack/events',
    logger: options.logger,
    logLevel: options.logLevel,
    // Bolt answers 413 to anything bigger, before checking the signature or parsing it.
    bodyLimit: MAX_REQUEST_BODY_BYTES,
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.writeHead(200).end('ok') }],
  });
  const { port, host } = options;
  return {
    receiver,
    start: async () => {
      const server = await receiver.start(host === undefined ? port : { port, host });
      return (server.address() as AddressInfo).port;
    },
    stop: () => receiver.stop(),
  };
}

function socketModeReceiver(options: LocalReceiverOptions, credentials: SocketModeCredentials): LocalReceiver {
  const receiver = new SocketModeReceiver({
    appToken: credentials.appToken,
    logger: options.logger,
    logLevel: options.logLevel,
    // Without clientId/clientSecret this starts no OAuth server: it only configures the client that calls apps.connections.open.
    installerOptions: { clientOptions: { slackApiUrl: options.slackApiUrl } },
  });
  return {
    receiver,
    start: async () => {
      try {
        await receiver.start();
      } catch (error) {
        throw startProblem(error, options.slackApiUrl);
      }
      return undefined;
    },
    // Bolt's receiver.stop() resolves before the close handshake; waiting for it leaves no socket open.
    stop: () => receiver.client.disconnect(),
  };
}

/** Slack's refusals of apps.connections.open in terms of what to change. */
function startProblem(error: unknown, slackApiUrl: string): unknown {
  const e = error as { code?: string; data?: { error?: string }; message?: string };
  if (e.code === webApi.ErrorCode.PlatformError) {
    return new ConfigError(
      `Slack refused it (${e.data?.error ?? 'error'}): copy the app-level token again from Basic Information → App-Level Tokens (scope connections:write)`,
      'SLACK_APP_TOKEN',
      { cause: error },
    );
  }
  if (e.code === webApi.ErrorCode.RequestError || e.code === webApi.ErrorCode.HTTPError) {
    return new ChatopsError('SLACK_API', `cannot open a Socket Mode connection through ${slackApiUrl}: ${e.message ?? 'no answer'}`, { cause: error });
  }
  return error;
}
