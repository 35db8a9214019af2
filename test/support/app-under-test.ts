/**
 * The local runner as Slack sees it, for end-to-end and hardening tests: a configuration file, a
 * temporary STATE_DIR, the Slack fake for the Web API and response URLs, an executor of the test's
 * choice (counted), and helpers that send signed requests over HTTP.
 *
 *   const app = await startAppUnderTest({ config: 'clusters: [...]', executor: new LocalExecutor() });
 *   const { ackText, responseUrl } = await app.slash('jobs', { userId: 'U0ALICE' });
 *   const { text } = await app.reply(responseUrl);
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, loadSlackCredentials, type Config } from '../../src/config';
import type { ExecRequest, Executor } from '../../src/exec/executor';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { SILENT_LOG, type Log } from '../../src/tasks/log';
import { SlackFake, type ResponseUrlMessage } from './slack-fake';
import { TEST_SIGNING_SECRET, WORKSPACE } from './slack-ids';
import { blockActionsRequest, send, slashCommandRequest, type BlockActionInput, type SigningOptions, type SlackHttpRequest, type SlackHttpResponse } from './slack-requests';
import { visibleText } from './visible-text';

export interface AppUnderTestOptions {
  /** The configuration file's YAML. */
  readonly config: string;
  readonly executor: Executor;
  readonly log?: Log;
  /** Default true: the bot token is set (e-mail lookups, posting to channels). */
  readonly botToken?: boolean;
  /** Extra environment for loadConfig (LOG_LEVEL…). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface SlashResult {
  readonly status: number;
  readonly ack: ResponseUrlMessage;
  /** Everything the ack shows (fallback text and every text object). */
  readonly ackText: string;
  readonly responseUrl: string;
}

export interface AppUnderTest {
  readonly url: string;
  readonly slack: SlackFake;
  readonly config: Config;
  readonly stateDir: string;
  /** Every request that reached the executor, in order. */
  readonly runs: ExecRequest[];
  slash(text: string, options?: { userId?: string; channelId?: string; signing?: SigningOptions }): Promise<SlashResult>;
  click(input: Omit<BlockActionInput, 'responseUrl'>, signing?: SigningOptions): Promise<{ status: number; responseUrl: string }>;
  /** The first post to a response URL (waits up to `timeoutMs`). */
  reply(responseUrl: string, timeoutMs?: number): Promise<{ body: ResponseUrlMessage; text: string }>;
  /** Sends any request to the bot's endpoint. */
  send(request: SlackHttpRequest): Promise<SlackHttpResponse>;
  /** Resolves when every dispatched task has answered. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the app on 127.0.0.1 with a free port. Close it in afterAll. */
export async function startAppUnderTest(options: AppUnderTestOptions): Promise<AppUnderTest> {
  const slack = await SlackFake.start();
  const dir = mkdtempSync(path.join(tmpdir(), 'chatops-app-'));
  const configFile = path.join(dir, 'chatops.yml');
  writeFileSync(configFile, options.config);
  const stateDir = path.join(dir, 'state');
  const config = loadConfig({
    CHATOPS_CONFIG: configFile,
    SLACK_API_URL: slack.apiUrl,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    ...(options.botToken !== false && { SLACK_BOT_TOKEN: WORKSPACE.botToken }),
    STATE_DIR: stateDir,
    ...options.env,
  });
  const runs: ExecRequest[] = [];
  const counted: Executor = { run: (request) => (runs.push(request), options.executor.run(request)) };
  let server: LocalServer;
  try {
    server = await startLocalServer({
      config, credentials: await loadSlackCredentials(config.env), log: options.log ?? SILENT_LOG, port: 0, host: '127.0.0.1', executorFor: () => counted,
    });
  } catch (error) {
    await slack.close();
    throw error;
  }
  const url = `http://127.0.0.1:${server.port}/slack/events`;
  return {
    url, slack, config, stateDir, runs,
    async slash(text, o = {}) {
      const responseUrl = slack.responseUrl();
      const res = await send(url, slashCommandRequest({ text, responseUrl, userId: o.userId ?? 'U0ALICE', ...(o.channelId !== undefined && { channelId: o.channelId }) }, o.signing));
      const ack = res.body === '' ? {} : (JSON.parse(res.body) as ResponseUrlMessage);
      return { status: res.status, ack, ackText: visibleText(ack as { text?: string; blocks?: unknown[] }), responseUrl };
    },
    async click(input, signing) {
      const responseUrl = slack.responseUrl();
      const res = await send(url, blockActionsRequest({ ...input, responseUrl }, signing));
      return { status: res.status, responseUrl };
    },
    async reply(responseUrl, timeoutMs = 10_000) {
      const { body } = await slack.waitForResponse(responseUrl, () => true, timeoutMs);
      return { body, text: visibleText(body as { text?: string; blocks?: unknown[] }) };
    },
    send: (request) => send(url, request),
    drain: () => server.drain(),
    async close() {
      await server.stop();
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
