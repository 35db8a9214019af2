import { ChatopsError } from '../errors';
import type { SlackMessage } from './views/blocks';

/** The fetch function, passed in (Bolt style) so tests hand their own instead of intercepting HTTP. */
export type FetchFn = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; signal?: AbortSignal }) => Promise<{
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}>;

export interface ResponseOptions {
  /** Replace the message that carried the response URL (the ack, or the message with the button). */
  readonly replace: boolean;
}

const TIMEOUT_MS = 10_000;

/**
 * Posts a message to a Slack `response_url` as an ephemeral reply, replacing the original or added.
 * @throws ChatopsError SLACK_API when Slack refuses it (expired or used-up URL, invalid blocks) or cannot be reached.
 */
export async function postToResponseUrl(fetchFn: FetchFn, url: string, message: SlackMessage, options: ResponseOptions): Promise<void> {
  const body = JSON.stringify({
    response_type: 'ephemeral',
    replace_original: options.replace,
    text: message.text,
    blocks: message.blocks,
  });
  let response: Awaited<ReturnType<FetchFn>>;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (cause) {
    throw new ChatopsError('SLACK_API', 'Slack could not be reached to deliver the reply.', { cause });
  }
  if (!response.ok) {
    const detail = (await response.text().catch(() => '')).slice(0, 200);
    throw new ChatopsError('SLACK_API', `Slack refused the reply (HTTP ${response.status}${detail ? `: ${detail}` : ''}).`);
  }
}
