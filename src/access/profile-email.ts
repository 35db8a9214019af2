import type { FetchFn } from '../slack/respond';
import { createWebApiCall, SlackApiError } from '../slack/web-api';

/** Looks up a Slack user's confirmed profile e-mail; undefined when they have none the bot may use. */
export type ProfileEmailLookup = (slackUserId: string) => Promise<string | undefined>;

export interface ProfileEmailOptions {
  readonly fetch: FetchFn;
  /** Base URL of the Web API, ending with `/` (config `SLACK_API_URL`). */
  readonly apiUrl: string;
  readonly botToken: string;
  /** How long an answer is reused: a profile changes rarely, and this call sits inside Slack's 3 seconds. */
  readonly ttlMs?: number;
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

const MAX_CACHED = 2000;
const EMAIL = /^[^\s@<>]{1,64}@[^\s@<>]{1,253}$/;

interface SlackUser {
  readonly deleted?: boolean;
  readonly is_bot?: boolean;
  readonly is_restricted?: boolean;
  readonly is_ultra_restricted?: boolean;
  readonly is_email_confirmed?: boolean;
  readonly profile?: { readonly email?: unknown };
}

/** The e-mail of a user who may be mapped by it: not deleted, not a bot, not a guest, e-mail not unconfirmed. */
export function usableEmail(user: SlackUser | undefined): string | undefined {
  if (user === undefined || user.deleted === true || user.is_bot === true) return undefined;
  // Guests are invited by anyone allowed to invite, with any address: never map them by e-mail.
  if (user.is_restricted === true || user.is_ultra_restricted === true || user.is_email_confirmed === false) return undefined;
  const email = user.profile?.email;
  return typeof email === 'string' && EMAIL.test(email) ? email : undefined;
}

/**
 * `users.info` through the bot token (scope users:read.email), cached per container.
 * The lookup throws ChatopsError SLACK_API when Slack cannot be reached or refuses (missing scope, rate limit).
 */
export function createProfileEmailLookup(options: ProfileEmailOptions): ProfileEmailLookup {
  const ttlMs = options.ttlMs ?? 10 * 60 * 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { email: string | undefined; at: number }>();
  const call = createWebApiCall({ fetch: options.fetch, apiUrl: options.apiUrl, botToken: options.botToken, timeoutMs: options.timeoutMs ?? 1500, encoding: 'form' });
  return async (slackUserId) => {
    const hit = cache.get(slackUserId);
    if (hit !== undefined && now() - hit.at < ttlMs) return hit.email;
    let body: { user?: SlackUser };
    try {
      body = (await call('users.info', { user: slackUserId })) as { user?: SlackUser };
    } catch (error) {
      if (error instanceof SlackApiError && error.slackError === 'user_not_found') return undefined;
      throw error;
    }
    const email = usableEmail(body.user);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(slackUserId, { email, at: now() });
    return email;
  };
}
