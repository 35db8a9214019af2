import { App, type Receiver } from '@slack/bolt';
import type { SlackCredentials } from '../config';
import { boltLevel, boltLogger } from './bolt-logger';
import type { ListenerDeps } from './listeners/deps';
import { registerListeners } from './listeners/register';

export interface AppOptions {
  readonly receiver: Receiver;
  /** Only the bot token: checking signatures (HTTP) or holding the app token (Socket Mode) is the receiver's job. */
  readonly credentials: Pick<SlackCredentials, 'botToken'>;
  readonly deps: ListenerDeps;
}

/**
 * The Bolt App with every listener, built once per container (or process). No `auth.test` call:
 * the bot token is handed over as is, so a cold start costs no Slack round trip, and Web API calls
 * go to `SLACK_API_URL` with few, quick retries (a Lambda cannot wait Bolt's default half hour).
 */
export function buildApp({ receiver, credentials, deps }: AppOptions): App {
  const level = boltLevel(deps.config.env.logLevel);
  const botToken = credentials.botToken;
  const app = new App({
    receiver,
    authorize: async () => (botToken === undefined ? {} : { botToken }),
    logger: boltLogger(deps.log, level),
    logLevel: level,
    clientOptions: {
      slackApiUrl: deps.config.env.slackApiUrl,
      retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 1000 },
    },
  });
  registerListeners(app, deps);
  app.error(async (error) => {
    deps.log.error('unhandled error in a listener', { error });
  });
  return app;
}
