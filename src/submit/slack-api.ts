import { ChatopsError } from '../errors';
import type { FetchFn } from '../slack/respond';
import type { SlackMessage } from '../slack/views/blocks';
import type { ModalView } from '../slack/views/submit-modal';

/** Slack refused a Web API call; `slackError` is Slack's code (`not_in_channel`, `hash_conflict`…). */
export class SlackApiError extends ChatopsError {
  constructor(readonly method: string, readonly slackError: string, options?: { cause?: unknown }) {
    super('SLACK_API', `Slack refused ${method}: ${slackError}.`, options);
    this.name = 'SlackApiError';
  }
}

/** The Web API calls the submit worker makes with the bot token. */
export interface SubmitSlackApi {
  /** `files.info`: where the file can be downloaded, and its size. */
  fileInfo(fileId: string): Promise<{ readonly downloadUrl: string; readonly size?: number; readonly name?: string }>;
  /** `chat.postMessage`; the channel it landed in (a DM's id when posted to a user) and its ts. */
  postMessage(channel: string, message: SlackMessage): Promise<{ readonly channel: string; readonly ts: string }>;
  /** `views.update` of an open modal, guarded by its hash when given. */
  updateView(viewId: string, hash: string | undefined, view: ModalView): Promise<void>;
}

export interface SubmitSlackApiOptions {
  readonly fetch: FetchFn;
  /** SLACK_API_URL, ending with `/`. */
  readonly apiUrl: string;
  readonly botToken: string;
  readonly timeoutMs?: number;
}

/**
 * The SubmitSlackApi over plain HTTPS with the bot token in a header (never in a log or an error).
 * Every method throws SlackApiError when Slack refuses, ChatopsError SLACK_API when it cannot be reached.
 */
export function createSubmitSlackApi(options: SubmitSlackApiOptions): SubmitSlackApi {
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
      // Not JSON (a proxy's error page): reported with the HTTP status below.
    }
    if (!response.ok || body.ok !== true) throw new SlackApiError(method, typeof body.error === 'string' ? body.error : `HTTP ${response.status}`);
    return body;
  };
  return {
    async fileInfo(fileId) {
      const body = await call('files.info', { file: fileId });
      const file = (body.file ?? {}) as Record<string, unknown>;
      if (typeof file.url_private_download !== 'string') throw new SlackApiError('files.info', 'no_download_url');
      return {
        downloadUrl: file.url_private_download,
        ...(typeof file.size === 'number' && { size: file.size }),
        ...(typeof file.name === 'string' && { name: file.name }),
      };
    },
    async postMessage(channel, message) {
      const body = await call('chat.postMessage', { channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      if (typeof body.ts !== 'string' || typeof body.channel !== 'string') throw new SlackApiError('chat.postMessage', 'no_ts');
      return { channel: body.channel, ts: body.ts };
    },
    async updateView(viewId, hash, view) {
      await call('views.update', { view_id: viewId, view, ...(hash !== undefined && { hash }) });
    },
  };
}
