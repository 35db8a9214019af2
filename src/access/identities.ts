/** Where a Slack user's Unix identity came from, in the order the sources are asked. */
export type IdentitySource = 'config' | 'link' | 'email';

/**
 * What the asynchronous identity sources said about one Slack user, looked up once per request
 * before the (pure) router runs: verified self-service links and the Slack profile e-mail.
 */
export interface ExternalIdentities {
  /** Cluster name -> Unix user, from verified `/slurm link`s. */
  readonly links?: Readonly<Record<string, string>>;
  /** The Slack profile e-mail, looked up only when some cluster maps users by e-mail domain. */
  readonly email?: string;
  /** A source could not be asked (store down, Slack refused): a missing mapping may be that, not a fact. */
  readonly unavailable?: boolean;
}

const UNIX_USER = /^[a-z_][a-z0-9_.-]{0,31}$/;

/**
 * Names no Slack user is ever mapped to by e-mail or link, whatever their profile says: a
 * profile e-mail is set by the workspace, not by the cluster's administrators.
 */
export const RESERVED_UNIX_USERS: ReadonlySet<string> = new Set([
  'root', 'daemon', 'bin', 'sys', 'sync', 'nobody', 'slurm', 'munge', 'ec2-user', 'ubuntu', 'admin', 'centos', 'rocky', 'ssm-user',
]);

/**
 * The Unix user an e-mail address maps to in `domain`: its local part, lower-cased, when it is a
 * valid Unix user name and not a reserved one (`root@…` maps to nobody). Undefined otherwise.
 * Never throws.
 */
export function unixUserFromEmail(email: string | undefined, domain: string | undefined): string | undefined {
  if (email === undefined || domain === undefined) return undefined;
  const at = email.lastIndexOf('@');
  if (at <= 0) return undefined;
  if (email.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return undefined;
  const local = email.slice(0, at).toLowerCase();
  return UNIX_USER.test(local) && !RESERVED_UNIX_USERS.has(local) ? local : undefined;
}
