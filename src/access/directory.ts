import type { Log } from '../tasks/log';
import type { ExternalIdentities } from './identities';
import type { LinkStore } from './link-store';
import { clusterAccess, selfLinkSettings, usesEmailMapping, type AccessConfig } from './policy';
import type { ProfileEmailLookup } from './profile-email';

/** The asynchronous identity sources, asked once per request before the pure router runs. */
export interface IdentityDirectory {
  /** Verified links by cluster and the profile e-mail; `unavailable` when a source failed. Never rejects. */
  lookup(slackUserId: string, requestId: string): Promise<ExternalIdentities>;
  /** Where links and link codes are kept; absent when self-service linking is off or has no store. */
  readonly links?: LinkStore;
}

export interface IdentityDirectoryOptions {
  readonly config: AccessConfig;
  readonly log: Log;
  readonly links?: LinkStore;
  /** Present only with a bot token and an `emailDomain` somewhere in the configuration. */
  readonly profileEmail?: ProfileEmailLookup;
  /** How long a source may take before it counts as unavailable: the lookup runs inside Slack's 3 seconds. */
  readonly budgetMs?: number;
}

const DEFAULT_BUDGET_MS = 1200;

/** The source's answer, or a rejection once the budget is spent (the timer never keeps a process alive). */
function withinBudget<T>(pending: Promise<T>, budgetMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${budgetMs} ms`)), budgetMs);
    timer.unref();
  });
  return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}

/**
 * The directory over the link store and Slack profiles. A Slack user the configuration maps on
 * every cluster costs no lookup at all; a failed source is logged and reported as `unavailable`,
 * so config-mapped users keep working when the store or Slack has a bad minute.
 */
export function createIdentityDirectory(options: IdentityDirectoryOptions): IdentityDirectory {
  const { config, log } = options;
  const links = selfLinkSettings(config).enabled ? options.links : undefined;
  const profileEmail = usesEmailMapping(config) ? options.profileEmail : undefined;
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const clusterNames = config.clusters?.map((c) => c.name) ?? [];
  const mappedEverywhere = (slackUserId: string): boolean =>
    clusterNames.length > 0 && clusterNames.every((name) => Object.hasOwn(clusterAccess(config, name).users, slackUserId));
  return {
    ...(links && { links }),
    async lookup(slackUserId, requestId) {
      if (mappedEverywhere(slackUserId)) return {};
      const [linked, email] = await Promise.all([
        links === undefined
          ? Promise.resolve(undefined)
          : withinBudget(links.links(slackUserId), budgetMs, 'the link store').then(
            (found) => Object.fromEntries(found.map((l) => [l.cluster, l.unixUser])) as Record<string, string>,
            (error: unknown) => {
              log.warn('link lookup failed', { requestId, userId: slackUserId, error });
              return null;
            },
          ),
        profileEmail === undefined
          ? Promise.resolve(undefined)
          : withinBudget(profileEmail(slackUserId), budgetMs, 'users.info').catch((error: unknown) => {
            log.warn('profile e-mail lookup failed', { requestId, userId: slackUserId, error });
            return null;
          }),
      ]);
      return {
        ...(linked && { links: linked }),
        ...(typeof email === 'string' && { email }),
        ...((linked === null || email === null) && { unavailable: true }),
      };
    },
  };
}
