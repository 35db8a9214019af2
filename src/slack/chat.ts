import { ChatopsError } from '../errors';
import type { SlackMessage } from './views/blocks';
import { createWebApiCall, type WebApiOptions } from './web-api';

export interface PostMessage extends SlackMessage {
  readonly channel: string;
  /** Post as a reply in this thread. */
  readonly threadTs?: string;
}

export interface UpdateMessage extends SlackMessage {
  readonly channel: string;
  readonly ts: string;
}

/** The two Web API methods the bot uses outside a response_url: channel messages and their updates. */
export interface ChatApi {
  /**
   * `chat.postMessage`; the new message's ts.
   * @throws ChatopsError SLACK_API when Slack refuses (not in channel, rate limited, invalid blocks) or cannot be reached.
   */
  postMessage(message: PostMessage): Promise<{ readonly ts: string }>;
  /**
   * `chat.update` of a message the bot posted.
   * @throws ChatopsError SLACK_API when Slack refuses or cannot be reached.
   */
  update(message: UpdateMessage): Promise<void>;
}

export type ChatApiOptions = Omit<WebApiOptions, 'encoding'>;

/**
 * The ChatApi over the bot's Web API calls (createWebApiCall): a watcher that fails to post retries
 * on its next tick, and an action's card update is best effort.
 */
export function createChatApi(options: ChatApiOptions): ChatApi {
  const call = createWebApiCall(options);
  return {
    async postMessage(message) {
      const body = await call('chat.postMessage', {
        channel: message.channel,
        text: message.text,
        blocks: message.blocks,
        ...(message.threadTs !== undefined && { thread_ts: message.threadTs }),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (typeof body.ts !== 'string') throw new ChatopsError('SLACK_API', 'Slack answered chat.postMessage without a message ts.');
      return { ts: body.ts };
    },
    async update(message) {
      await call('chat.update', { channel: message.channel, ts: message.ts, text: message.text, blocks: message.blocks });
    },
  };
}
