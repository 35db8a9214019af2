import { audit as defaultAudit, auditFromTask, type AuditRecord, type AuditResult } from '../audit/audit';
import { findCluster, type Config } from '../config';
import { isChatopsError, ValidationError } from '../errors';
import { postToResponseUrl, type FetchFn } from '../slack/respond';
import { renderLinkOutcome, type LinkOutcome } from '../slack/views/access';
import { renderCaughtError } from '../slack/views/errors';
import type { ExecutorFor } from '../tasks/executors';
import type { Log } from '../tasks/log';
import type { Task } from '../tasks/task';
import { isLinkCode } from './link-code';
import { buildProofCheck, DEFAULT_LINK_DIR, judgeProof, proofPaths } from './link-proof';
import type { LinkStore } from './link-store';
import { selfLinkSettings } from './policy';

/** The worker's half of `/slurm link`: check the proof of this code on the Task's cluster. */
export interface LinkTaskCommand {
  readonly kind: 'link';
  readonly code: string;
}

/** Whether a Task's command is a link proof check. */
export function isLinkTaskCommand(command: { readonly kind: string }): command is LinkTaskCommand {
  return command.kind === 'link';
}

/**
 * A link command that arrived as JSON.
 * @throws ValidationError when the code is not a link code.
 */
export function validateLinkCommand(command: Readonly<Record<string, unknown>>): LinkTaskCommand {
  const code = command.code;
  if (typeof code !== 'string' || !isLinkCode(code)) throw new ValidationError('Malformed task: command.code is not a link code.', 'command.code');
  return { kind: 'link', code };
}

/** The Task fields a link verification reads: the claimed Unix user travels as `unixUser`. */
export type LinkTaskContext = Pick<Task, 'requestId' | 'teamId' | 'userId' | 'channelId' | 'responseUrl' | 'reply' | 'cluster' | 'unixUser'>;

export interface LinkTaskDeps {
  readonly config: Config;
  readonly executorFor: ExecutorFor;
  /** Absent when the worker has no state table: linking is then reported as off. */
  readonly links?: LinkStore;
  readonly fetch: FetchFn;
  readonly log: Log;
  readonly audit?: (record: AuditRecord) => Promise<void>;
}

const RESULTS: Readonly<Record<LinkOutcome['kind'], AuditResult>> = {
  linked: 'success',
  already: 'refused',
  missing: 'refused',
  other_user: 'refused',
  rejected: 'refused',
  setup: 'error',
  expired: 'denied',
  not_yours: 'denied',
  disabled: 'denied',
};

function detailOf(outcome: LinkOutcome): string {
  switch (outcome.kind) {
    case 'missing':
      return 'no proof on the cluster yet';
    case 'other_user':
      return `proof owned by ${outcome.owner}`;
    case 'rejected':
    case 'setup':
      return outcome.why;
    default:
      return outcome.kind.replace('_', ' ');
  }
}

/**
 * Checks the proof for the code and, when it holds, stores the link: the code must be live, issued
 * to this Slack user for this cluster and Unix user; the proof file must be owned by that user.
 * The code is used up by a link and by a proof that can never be accepted; a missing proof keeps it.
 * @throws ExecError when the cluster cannot be reached; ChatopsError STORE when the store fails.
 */
export async function verifyLink(deps: LinkTaskDeps, task: LinkTaskContext, code: string): Promise<LinkOutcome> {
  const links = deps.links;
  if (links === undefined || !selfLinkSettings(deps.config).enabled) return { kind: 'disabled' };
  const pending = await links.getCode(code);
  if (pending === undefined) return { kind: 'expired' };
  if (pending.slackUserId !== task.userId || pending.cluster !== task.cluster || pending.unixUser !== task.unixUser) return { kind: 'not_yours' };
  const cluster = findCluster(deps.config, pending.cluster);
  const paths = proofPaths(cluster.linkDir ?? DEFAULT_LINK_DIR, code);
  // As the executor's own identity (root on the head node): the proof is judged by its owner alone.
  const result = await deps.executorFor(cluster).run({ argv: buildProofCheck(paths), timeoutMs: cluster.timeoutSeconds * 1000 });
  const verdict = judgeProof(paths, result, { unixUser: pending.unixUser, minUid: selfLinkSettings(deps.config).minUid });
  switch (verdict.kind) {
    case 'missing':
      return { kind: 'missing', cluster: cluster.name, code, unixUser: pending.unixUser };
    case 'setup':
      return { kind: 'setup', cluster: cluster.name, why: verdict.why };
    case 'rejected':
      await links.consumeCode(code, task.userId);
      return { kind: 'rejected', cluster: cluster.name, why: verdict.why };
    case 'other_user':
      await links.consumeCode(code, task.userId);
      return { kind: 'other_user', cluster: cluster.name, owner: verdict.owner, unixUser: pending.unixUser };
    case 'proven': {
      // Exactly one verification of a code links: a double click finds it used up.
      if (!(await links.consumeCode(code, task.userId))) return { kind: 'expired' };
      await links.addLink({ slackUserId: task.userId, teamId: pending.teamId, cluster: cluster.name, unixUser: verdict.unixUser });
      return { kind: 'linked', cluster: cluster.name, unixUser: verdict.unixUser };
    }
  }
}

/**
 * The worker's entry for a link Task: verifies, audits the attempt, answers in place of the
 * message with the code. Never throws.
 */
export async function runLinkTask(deps: LinkTaskDeps, task: LinkTaskContext, command: LinkTaskCommand): Promise<void> {
  const record = deps.audit ?? defaultAudit;
  const fields = { requestId: task.requestId, userId: task.userId, cluster: task.cluster, command: 'link' };
  let message;
  try {
    const outcome = await verifyLink(deps, task, command.code);
    deps.log.info('link verified', { ...fields, outcome: outcome.kind });
    await record(auditFromTask(task, { action: 'link', result: RESULTS[outcome.kind], detail: detailOf(outcome) }));
    message = renderLinkOutcome(outcome);
  } catch (error) {
    const code = isChatopsError(error) ? error.code : 'UNEXPECTED';
    deps.log[code === 'UNEXPECTED' ? 'error' : 'warn']('link task failed', { ...fields, code, error });
    await record(auditFromTask(task, { action: 'link', result: 'error', detail: code }));
    message = renderCaughtError(error, { requestId: task.requestId, cluster: task.cluster, clusters: deps.config.clusters.map((c) => c.name) });
  }
  await postToResponseUrl(deps.fetch, task.responseUrl, message, { replace: task.reply === 'replace' }).catch((error: unknown) =>
    deps.log.error('link answer refused by Slack', { ...fields, error }));
}
