import type { SlackMessage } from '../slack/views/blocks';
import type { ModalView } from '../slack/views/submit-modal';
import { createWebApiCall, SlackApiError, type WebApiOptions } from '../slack/web-api';

/** The Web API calls the submit worker makes with the bot token. */
export interface SubmitSlackApi {
  /** `files.info`: where the file can be downloaded, and its size. */
  fileInfo(fileId: string): Promise<{ readonly downloadUrl: string; readonly size?: number; readonly name?: string }>;
  /** `chat.postMessage`; the channel it landed in (a DM's id when posted to a user) and its ts. */
  postMessage(channel: string, message: SlackMessage): Promise<{ readonly channel: string; readonly ts: string }>;
  /** `views.update` of an open modal, guarded by its hash when given. */
  updateView(viewId: string, hash: string | undefined, view: ModalView): Promise<void>;
}

export type SubmitSlackApiOptions = Omit<WebApiOptions, 'encoding'>;

/**
 * The SubmitSlackApi over the bot's Web API calls (createWebApiCall). Every method throws
 * SlackApiError when Slack refuses, ChatopsError SLACK_API when it cannot be reached.
 */
export function createSubmitSlackApi(options: SubmitSlackApiOptions): SubmitSlackApi {
  const call = createWebApiCall(options);
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
