import { randomBytes } from 'node:crypto';
import type { AuditRecord } from '../../audit/audit';
import type { IdentityDirectory } from '../../access/directory';
import type { Config } from '../../config';
import type { SubmitListenerServices } from '../../submit/services';
import type { Dispatcher } from '../../tasks/dispatcher';
import type { Log } from '../../tasks/log';
import type { FetchFn } from '../respond';

/** What every listener needs; I/O (dispatch, fetch) comes in here so tests pass their own. */
export interface ListenerDeps {
  readonly config: Config;
  readonly dispatcher: Dispatcher;
  readonly fetch: FetchFn;
  readonly log: Log;
  readonly newRequestId: () => string;
  /** The submit modal's state (idempotency keys, cached partitions); without it `/slurm submit` is refused. */
  readonly submit?: SubmitListenerServices;
  /** Linked accounts and profile e-mails, asked once per request; without it only the configuration maps users. */
  readonly identity?: IdentityDirectory;
  /** Where audit records go; default: the shared Powertools auditor (src/audit). */
  readonly audit?: (record: AuditRecord) => Promise<void>;
}

/** Short enough to read out to an admin, unique enough to find in the logs. */
export function newRequestId(): string {
  return randomBytes(6).toString('hex');
}
