import { AsyncLocalStorage } from 'node:async_hooks';
import type { ExternalIdentities } from './identities';

/*
 * The asynchronous identity sources (links in the state table, the Slack profile e-mail) are asked
 * once per Slack request, by a middleware that runs before every listener. What they said is the
 * request's ambient identity: authorizeCaller and identifyCaller use it when not given one
 * explicitly, so every listener, present or future, sees linked users without threading a
 * parameter through. Outside a request (unit tests, the worker) there is none: the configuration
 * alone decides, which can only refuse more, never allow more.
 */
const storage = new AsyncLocalStorage<ExternalIdentities>();

/** Runs `fn` with these identities as the current request's. */
export function withRequestIdentities<T>(identities: ExternalIdentities, fn: () => T): T {
  return storage.run(identities, fn);
}

/** The current request's identities, if a middleware looked them up. */
export function currentIdentities(): ExternalIdentities | undefined {
  return storage.getStore();
}
