import { ValidationError } from '../errors';
import type { StdinSource } from '../exec/executor';

/** Who submitted the script, where, and for which request: what ties a stored script to its job. */
export interface ScriptOwner {
  readonly teamId: string;
  readonly slackUserId: string;
  readonly requestId: string;
  readonly cluster: string;
  readonly unixUser: string;
}

/** A stored script; `location` is a path locally, an S3 key in AWS. */
export interface StoredScript {
  readonly owner: ScriptOwner;
  readonly location: string;
}

/**
 * Keeps every submitted script, keyed by team, Slack user and request, and records its fate: the
 * job id once sbatch accepted it, or that it was not submitted (and why).
 *
 * Every method throws ChatopsError `STORE` (with the cause) when the backend fails.
 */
export interface ScriptStore {
  save(owner: ScriptOwner, script: string): Promise<StoredScript>;
  /** How the head node reads the script as sbatch's standard input. */
  stdinFor(stored: StoredScript): Promise<StdinSource>;
  markSubmitted(stored: StoredScript, jobId: string): Promise<void>;
  markNotSubmitted(stored: StoredScript, reason: string): Promise<void>;
}

const TEAM = /^[A-Z0-9]{2,32}$/;
const USER = /^[UW][A-Z0-9]{2,32}$/;
const REQUEST = /^[A-Za-z0-9-]{1,64}$/;

/**
 * `scripts/<team>/<user>/<request>.sh`, the same relative path in S3 and under STATE_DIR. Every
 * part is checked, so no id can climb out of its folder.
 * @throws ValidationError for a malformed team, user or request id.
 */
export function scriptKey(owner: ScriptOwner): string {
  if (!TEAM.test(owner.teamId) || !USER.test(owner.slackUserId) || !REQUEST.test(owner.requestId)) {
    throw new ValidationError('Malformed ids for the script store.', 'script');
  }
  return `scripts/${owner.teamId}/${owner.slackUserId}/${owner.requestId}.sh`;
}
