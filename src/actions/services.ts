import type { Config } from '../config';
import { keepOnSuccess } from '../keep-on-success';
import { createChatApi, type ChatApi } from '../slack/chat';
import type { FetchFn } from '../slack/respond';
import type { Table } from '../store/table';
import { WatchStore } from '../store/watches';
import type { Log } from '../tasks/log';
import type { ActionDeps } from './run-action';

export interface ActionServicesOptions {
  readonly config: Config;
  readonly table: Table;
  readonly fetch: FetchFn;
  /** The bot token, when there is one; asked for on first use (Secrets Manager in AWS) and kept. */
  readonly botToken: () => Promise<string | undefined>;
  readonly log: Log;
}

/**
 * Watches on the shared state table, and the Web API for updating job cards, built on first use: a
 * worker that only answers read commands never fetches the bot token for this.
 */
export function actionServices(options: ActionServicesOptions): ActionDeps {
  const build = async (): Promise<ChatApi | undefined> => {
    const botToken = await options.botToken();
    if (botToken === undefined) options.log.warn('no bot token: job cards are not updated after actions');
    return botToken === undefined ? undefined : createChatApi({ fetch: options.fetch, apiUrl: options.config.env.slackApiUrl, botToken });
  };
  return {
    watches: new WatchStore(options.table),
    chat: keepOnSuccess(build),
  };
}
