import { setAuditSink } from '../audit/audit';
import { createAuditChannelSink } from '../audit/channel';
import type { Config } from '../config';
import { createChatApi } from '../slack/chat';
import type { FetchFn } from '../slack/respond';
import type { Table } from '../store/table';
import type { Log } from '../tasks/log';
import { createIdentityDirectory, type IdentityDirectory } from './directory';
import { LinkStore } from './link-store';
import { usesEmailMapping } from './policy';
import { createProfileEmailLookup, type ProfileEmailLookup } from './profile-email';

const AUDIT_POST_TIMEOUT_MS = 1000;

export interface AccessServicesOptions {
  readonly config: Config;
  /** The shared state table (openStateTable): links and link codes live there. */
  readonly table: Table;
  readonly fetch: FetchFn;
  /** The bot token when there is one (profile e-mails, the audit channel); resolved when first needed. */
  readonly botToken: () => Promise<string | undefined>;
  readonly log: Log;
}

export interface AccessServices {
  /** For the listeners (ListenerDeps.identity). */
  readonly identity: IdentityDirectory;
  /** For the worker's proof check (RunnerDeps.links). */
  readonly links: LinkStore;
}

/**
 * Access control's I/O over the shared table and the Slack Web API, built once per container or
 * process. When the configuration names an `auditChannel`, audit records are also posted there
 * (with the bot token) from now on.
 */
export function accessServices(options: AccessServicesOptions): AccessServices {
  const { config, fetch, log } = options;
  const links = new LinkStore(options.table);
  const apiUrl = config.env.slackApiUrl;
  let emailLookup: ProfileEmailLookup | undefined;
  const profileEmail: ProfileEmailLookup | undefined = usesEmailMapping(config)
    ? async (userId) => {
      const botToken = await options.botToken();
      if (botToken === undefined) return undefined;
      emailLookup ??= createProfileEmailLookup({ fetch, apiUrl, botToken });
      return emailLookup(userId);
    }
    : undefined;
  const channel = config.auditChannel;
  if (channel !== undefined) {
    setAuditSink(async (line) => {
      const botToken = await options.botToken().catch(() => undefined);
      if (botToken === undefined) {
        log.warn('audit channel configured but no bot token: record not posted', { requestId: line.requestId });
        return;
      }
      // Short: `/slurm unlink` audits on the slack function's ack path, inside Slack's 3 seconds; the
      // log line is the record of truth, the channel post a convenience.
      await createAuditChannelSink(createChatApi({ fetch, apiUrl, botToken, timeoutMs: AUDIT_POST_TIMEOUT_MS }), channel, log)(line);
    });
  }
  return { identity: createIdentityDirectory({ config, log, links, ...(profileEmail && { profileEmail }) }), links };
}
