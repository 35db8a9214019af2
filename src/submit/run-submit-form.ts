import { rejectUnrunnable } from '../exec/unrunnable';
import type { ClusterConfig } from '../config';
import { ChatopsError, isChatopsError } from '../errors';
import type { Executor } from '../exec/executor';
import { renderSubmitModal, type PartitionsState } from '../slack/views/submit-modal';
import { SlackApiError } from '../slack/web-api';
import { buildSinfoPartitions } from '../slurm/builders';
import { parseSinfoPartitions } from '../slurm/parsers/sinfo-partitions';
import type { Log } from '../tasks/log';
import { encodeSubmitMeta } from './metadata';
import { toPartitionChoices, type PartitionCache } from './partition-cache';
import type { SubmitSlackApi } from './slack-api';
import type { SubmitFormCommand } from './submit-task';

export interface SubmitFormDeps {
  readonly cluster: ClusterConfig;
  readonly executor: Executor;
  readonly partitions: PartitionCache;
  readonly slack: SubmitSlackApi;
  readonly log: Log;
}

/** The parts of the Task the form filler reads. */
export interface SubmitFormContext {
  readonly requestId: string;
  readonly unixUser: string;
  readonly channelId: string;
  readonly responseUrl: string;
}

/** What the user sees when the list cannot be had: short, and never the cluster's raw text. */
function reasonOf(error: unknown): string {
  if (!isChatopsError(error)) return 'an unexpected error';
  switch (error.code) {
    case 'EXEC_TIMEOUT':
      return 'the head node did not answer in time';
    case 'EXEC_UNREACHABLE':
      return 'the head node cannot be reached';
    case 'SLURM_ERROR':
      return 'Slurm refused to list them';
    case 'EXEC_FAILED':
      return 'Slurm is not installed where the bot looks for it';
    case 'FORBIDDEN':
      return 'your Unix user does not exist on this cluster';
    default:
      return 'the cluster could not be asked';
  }
}

/**
 * Fills an open submit modal with the cluster's real partitions: one sinfo as the user, the list
 * cached for the next modal, then views.update guarded by the view's hash. A modal the user already
 * submitted or closed (hash_conflict, not_found) is left alone. When the cluster cannot be asked the
 * modal says so and keeps "Cluster default". Never throws.
 */
export async function runSubmitForm(deps: SubmitFormDeps, ctx: SubmitFormContext, command: SubmitFormCommand): Promise<void> {
  const fields = { requestId: ctx.requestId, cluster: deps.cluster.name, viewId: command.viewId };
  let state: PartitionsState;
  try {
    const result = rejectUnrunnable(
      await deps.executor.run({ argv: buildSinfoPartitions(), runAs: ctx.unixUser, timeoutMs: deps.cluster.timeoutSeconds * 1000 }),
      'sinfo', deps.cluster.name, ctx.unixUser,
    );
    if (result.exitCode !== 0) throw new ChatopsError('SLURM_ERROR', `sinfo exited ${result.exitCode}: ${result.stderr.slice(0, 300)}`);
    const partitions = toPartitionChoices(parseSinfoPartitions(result.stdout));
    state = partitions.length > 0 ? { kind: 'known', partitions } : { kind: 'unavailable', reason: 'the cluster reported none' };
    if (partitions.length > 0) {
      await deps.partitions.put(deps.cluster.name, partitions).catch((error: unknown) => deps.log.warn('partitions not cached', { ...fields, error }));
    }
  } catch (error) {
    deps.log.warn('partitions not listed for the submit form', { ...fields, error });
    state = { kind: 'unavailable', reason: reasonOf(error) };
  }
  const view = renderSubmitModal({
    cluster: deps.cluster.name,
    unixUser: ctx.unixUser,
    partitions: state,
    channelId: ctx.channelId,
    privateMetadata: encodeSubmitMeta({ cluster: deps.cluster.name, channelId: ctx.channelId, responseUrl: ctx.responseUrl }),
  });
  try {
    await deps.slack.updateView(command.viewId, command.hash, view);
  } catch (error) {
    const gone = error instanceof SlackApiError && ['hash_conflict', 'not_found', 'view_not_found'].includes(error.slackError);
    deps.log[gone ? 'info' : 'error']('submit form not updated', { ...fields, error });
  }
}
