import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, loadSlackCredentials, type Config } from '../../src/config';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { createChatApi, type ChatApi } from '../../src/slack/chat';
import type { ExecutorFor } from '../../src/tasks/executors';
import type { Log } from '../../src/tasks/log';
import { SlackFake, type ResponseUrlMessage } from '../support/slack-fake';
import { TEST_SIGNING_SECRET, WORKSPACE } from '../support/slack-ids';
import { blockActionsRequest, send, slashCommandRequest, type BlockActionInput } from '../support/slack-requests';
import { visibleText } from '../support/visible-text';

/** One structured log record, as the bot wrote it. */
export interface LogRecord {
  readonly level: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A Log that keeps what it is told, for assertions on audit records. */
export function recordingLog(records: LogRecord[]): Log {
  const keep = (level: string) => (message: string, fields: Readonly<Record<string, unknown>> = {}) => {
    records.push({ level, message, fields });
  };
  return { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

export interface HarnessOptions {
  /** The bot's configuration file. */
  readonly configYaml: string;
  readonly executorFor?: ExecutorFor;
}

/**
 * The local runner as `npm start` runs it (bot token set, so the watcher and card updates are on),
 * against the Slack fake, with its state under a temporary STATE_DIR that survives `restart()`.
 */
export class Harness {
  readonly logs: LogRecord[] = [];
  server!: LocalServer;
  url = '';

  private constructor(
    readonly slack: SlackFake,
    readonly config: Config,
    readonly stateDir: string,
    private readonly options: HarnessOptions,
  ) {}

  static async start(options: HarnessOptions): Promise<Harness> {
    const slack = await SlackFake.start();
    const stateDir = mkdtempSync(path.join(tmpdir(), 'chatops-e2e-state-'));
    const configFile = path.join(stateDir, 'chatops.yml');
    writeFileSync(configFile, options.configYaml);
    const config = loadConfig({
      CHATOPS_CONFIG: configFile,
      SLACK_API_URL: slack.apiUrl,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: WORKSPACE.botToken,
      STATE_DIR: stateDir,
      // Tests tick the watcher themselves; the runner's own loop ticks only at start.
      WATCH_INTERVAL_SECONDS: '3600',
    });
    const harness = new Harness(slack, config, stateDir, options);
    await harness.boot();
    return harness;
  }

  /** Stops the runner and starts a new one on the same STATE_DIR, as a restart of `npm start` would. */
  async restart(): Promise<void> {
    await this.server.stop();
    await this.boot();
  }

  async close(): Promise<void> {
    await this.server?.stop();
    await this.slack.close();
    await rm(this.stateDir, { recursive: true, force: true });
  }

  /** The bot's own Web API client, to post what the submit runner would (a job card). */
  chat(): ChatApi {
    return createChatApi({ fetch: globalThis.fetch, apiUrl: this.slack.apiUrl, botToken: WORKSPACE.botToken });
  }

  /** Types `/slurm <text>`; returns the ack's text and the response URL the answer goes to. */
  async slash(text: string, userId = 'U0ALICE'): Promise<{ ackText: string; responseUrl: string }> {
    const responseUrl = this.slack.responseUrl();
    const res = await send(this.url, slashCommandRequest({ text, userId, responseUrl }));
    if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
    const ack = res.body === '' ? {} : (JSON.parse(res.body) as ResponseUrlMessage);
    return { ackText: visibleText(ack), responseUrl };
  }

  /** Clicks a button; returns the response URL its answer goes to. */
  async click(input: Omit<BlockActionInput, 'responseUrl'>): Promise<string> {
    const responseUrl = this.slack.responseUrl();
    const res = await send(this.url, blockActionsRequest({ ...input, responseUrl }));
    if (res.status !== 200) throw new Error(`button click answered ${res.status}`);
    return responseUrl;
  }

  /** The worker's answer on a response URL (Slack's limits checked by the fake: an over-long message is a 400). */
  async reply(responseUrl: string): Promise<{ body: ResponseUrlMessage; text: string; status: number }> {
    const { body, status } = await this.slack.waitForResponse(responseUrl, () => true, 20_000);
    return { body, text: visibleText(body), status };
  }

  /** Every chat.postMessage the bot made, as its visible text. */
  posts(): { channel: string; threadTs?: string; text: string }[] {
    return this.slack.callsTo('chat.postMessage')
      .filter((c) => c.token === WORKSPACE.botToken && c.response.ok === true)
      .map((c) => {
        const args = c.args as { channel: string; thread_ts?: string; text?: string; blocks?: unknown[] };
        return { channel: args.channel, ...(args.thread_ts !== undefined && { threadTs: args.thread_ts }), text: visibleText(args) };
      });
  }

  private async boot(): Promise<void> {
    this.server = await startLocalServer({
      config: this.config,
      credentials: await loadSlackCredentials(this.config.env),
      log: recordingLog(this.logs),
      port: 0,
      ...(this.options.executorFor && { executorFor: this.options.executorFor }),
    });
    this.url = `http://127.0.0.1:${this.server.port}/slack/events`;
  }
}
