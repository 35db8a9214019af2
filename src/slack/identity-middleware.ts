import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { IdentityDirectory } from '../access/directory';
import { withRequestIdentities } from '../access/request-identities';

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** The Slack user a request comes from: slash commands carry `user_id`, interactions `user.id`. */
export function requestUserId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { user_id?: unknown; user?: { id?: unknown } };
  const id = typeof b.user_id === 'string' ? b.user_id : typeof b.user?.id === 'string' ? b.user.id : undefined;
  return id !== undefined && SLACK_USER_ID.test(id) ? id : undefined;
}

/**
 * A global middleware that asks the identity directory about the requesting Slack user once, and
 * runs every listener with the answer as the request's identities (see request-identities.ts).
 * The lookup never rejects: a failing source is reported as `unavailable`.
 */
export function identityMiddleware(directory: IdentityDirectory, newRequestId: () => string): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const userId = requestUserId(body);
    if (userId === undefined) {
      await next();
      return;
    }
    const identities = await directory.lookup(userId, newRequestId());
    await withRequestIdentities(identities, next);
  };
}
