/**
 * A real Bolt app on 127.0.0.1 for testing the harness against Slack's own
 * framework: if Bolt accepts our requests and our fake, so will the bot.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { TEST_SIGNING_SECRET, WORKSPACE } from '../../support/slack-ids';

export interface RunningBoltApp {
  readonly app: App;
  readonly url: string;
  stop(): Promise<void>;
}

/** Build an app (register listeners in `setup`) and serve it at `http://127.0.0.1:PORT/slack/events`. */
export async function startBoltApp(slackApiUrl: string, setup: (app: App) => void, signingSecret = TEST_SIGNING_SECRET): Promise<RunningBoltApp> {
  const app = new App({
    signingSecret,
    token: WORKSPACE.botToken,
    botId: WORKSPACE.botId,
    botUserId: WORKSPACE.botUserId,
    tokenVerificationEnabled: false,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl, retryConfig: { retries: 0 } },
  });
  setup(app);
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}/slack/events`, stop: () => app.stop() as Promise<void> };
}
