import { ChatopsError } from '../errors';
import type { FetchFn } from './respond';

/** Slack refused a Web API call; `slackError` is Slack's code (`not_in_channel`, `hash_conflict`…). */
export class SlackApiError extends ChatopsError {
  constructor(readonly method: string, readonly slackError: string, options?: { cause?: unknown }) {
    super('SLACK_API', `Slack refused ${method}: ${slackError}.`, options);
    this.name = 'SlackApiError';
  }
}

export interface WebApiOptions {
  readonly fetch: FetchFn;
  /** Base URL of the Web API, ending with `/` (config `SLACK_API_URL`). */
  readonly apiUrl: string;
  readonly botToken: string;
  /** Default 10 s. */
  readonly timeoutMs?: number;
  /** How the arguments travel: JSON (default), or a form for the read methods that take only strings. */
  readonly encoding?: 'json' | 'form';
}

/** One Web API method call; resolves with Slack's `ok: true` answer. */
export type WebApiCall = (method: string, args: Readonly<Record<string, unknown>>) => Promise<Record<string, unknown>>;

/**
 * The bot's Web API calls over plain HTTPS, with the token in a header (never in a log or an error).
 * No retry loop of its own: a watcher that fails to post retries on its next tick, a worker's caller
 * reports the failure, and a lookup inside Slack's 3 seconds has no time for one.
 * The call throws SlackApiError when Slack refuses, ChatopsError SLACK_API when it cannot be reached.
 */
export function createWebApiCall(options: WebApiOptions): WebApiCall {
  const form = options.encoding === 'form';
  return async (method, args) => {
    let response: Awaited<ReturnType<FetchFn>>;
    try {
      response = await options.fetch(`${options.apiUrl}${method}`, {
        method: 'POST',
        headers: {
          'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json; charset=utf-8',
          authorization: `Bearer ${options.botToken}`,
        },
        body: form ? new URLSearchParams(Object.entries(args).map(([k, v]): [string, string] => [k, String(v)])).toString() : JSON.stringify(args),
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
}
