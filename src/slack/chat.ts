import { ChatopsError } from '../errors';
import type { FetchFn } from './respond';
import type { SlackMessage } from './views/blocks';

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

export interface ChatApiOptions {
  readonly fetch: FetchFn;
  /** Base URL of the Web API, ending with `/` (config `SLACK_API_URL`). */
  readonly apiUrl: string;
  readonly botToken: string;
  readonly timeoutMs?: number;
}

/**
 * The ChatApi over plain HTTPS. No retry loop of its own: a watcher that fails to post retries on its
 * next tick, and an action's card update is best effort. The token goes in a header, never in a log.
 */
export function createChatApi(options: ChatApiOptions): ChatApi {
  const call = async (method: string, args: Record<string, unknown>): Promise<Record<string, unknown>> => {
    let response: Awaited<ReturnType<FetchFn>>;
    try {
      response = await options.fetch(`${options.apiUrl}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${options.botToken}` },
        body: JSON.stringify(args),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (cause) {
      throw new ChatopsError('SLACK_API', `Slack could not be reached for ${method}.`, { cause });
    }
    const text = await response.text().catch(() => '');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // A proxy's HTML error page: reported below with the status.
    }
    if (!response.ok || body.ok !== true) {
      const error = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
      throw new ChatopsError('SLACK_API', `Slack refused ${method}: ${error}.`);
    }
    return body;
  };
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
