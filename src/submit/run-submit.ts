import { audit as recordAudit, type AuditResult } from '../audit';
import type { ClusterConfig } from '../config';
import { ValidationError, isChatopsError } from '../errors';
import type { Executor } from '../exec/executor';
import type { SlackMessage } from '../slack/views/blocks';
import { renderCaughtError } from '../slack/views/errors';
import { renderJobCard } from '../slack/views/job-card';
import {
  renderCardElsewhere, renderSubmitDuplicate, renderSubmitInvalid, renderSubmitOutcomeUnknown, renderSubmitRejected, renderWatchNotStored,
} from '../slack/views/submit-result';
import { SlackApiError } from '../slack/web-api';
import { sbatchOption } from '../slurm/sbatch-options';
import type { Seconds } from '../slurm/types';
import { parseTimeLimit, validateJobName } from '../slurm/validate';
import type { IdempotencyStore } from '../store/idempotency';
import { epochSeconds } from '../store/table';
import type { WatchStore } from '../store/watches';
import type { Log } from '../tasks/log';
import { readDirectives } from './directives';
import type { PartitionCache } from './partition-cache';
import { interpretSbatch, sbatchRequest } from './sbatch-run';
import { checkScript, checkScriptSize } from './script';
import type { ScriptStore, StoredScript } from './script-store';
import type { SubmitSlackApi } from './slack-api';
import { sbatchRunKey, type SubmitCommand, type SubmitScript } from './submit-task';

/** How long a submission's keys live: past Lambda's longest async retry window (6 h). */
export const SUBMIT_KEY_TTL_SECONDS = 24 * 3600;

/** Who submits what where: the parts of the Task the submit runner reads. */
export interface SubmitContext {
  readonly requestId: string;
  readonly teamId: string;
  readonly userId: string;
  readonly unixUser: string;
  /** Where the request came from, for the audit record. */
  readonly channelId?: string;
}

export interface SubmitRunDeps {
  readonly cluster: ClusterConfig;
  readonly executor: Executor;
  readonly scripts: ScriptStore;
  readonly idempotency: IdempotencyStore;
  readonly watches: WatchStore;
  readonly partitions: PartitionCache;
  readonly slack: SubmitSlackApi;
  /** Fetches a private Slack file with the bot token (downloadSlackFile, bound). */
  readonly download: (url: string) => Promise<Uint8Array>;
  /** An ephemeral message to the submitter (the task's response_url). */
  readonly reply: (message: SlackMessage) => Promise<void>;
  readonly log: Log;
  readonly now: () => Date;
}

/** Slack's codes for "the bot cannot post in that conversation". */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'cant_post_in_channel']);

/** The default `--job-name` when neither the form nor the script names the job: the file's name, else `slack-job`. */
export function defaultJobName(script: SubmitScript): string {
  if (script.kind === 'file') {
    const base = script.name.replace(/\.[A-Za-z0-9]+$/, '');
    try {
      return validateJobName(base);
    } catch {
      // A name sbatch would not take (control characters, too long): fall through to the generic one.
    }
  }
  return 'slack-job';
}

async function loadScript(deps: SubmitRunDeps, script: SubmitScript): Promise<string> {
  if (script.kind === 'text') return checkScript(Buffer.from(script.text, 'utf8'));
  const info = await deps.slack.fileInfo(script.fileId);
  if (info.size !== undefined) checkScriptSize(info.size);
  return checkScript(await deps.download(info.downloadUrl));
}

function timeLimitOf(command: SubmitCommand, directiveTime: string | undefined): Seconds | undefined {
  if (command.timeLimitSeconds !== undefined) return command.timeLimitSeconds;
  if (directiveTime === undefined) return undefined;
  try {
    return parseTimeLimit(directiveTime).seconds;
  } catch {
    return undefined;
  }
}

/**
 * Runs one validated modal submission in the worker, exactly once per idempotency key even when the
 * Task is delivered again: claims the key's sbatch slot, fetches the script (files.info and the
 * download with the bot token, or the pasted text) and checks it, stores it, and makes ONE executor
 * call, `sbatch --parsable` as the mapped user with the stored script on standard input. Then:
 * accepted → the key completes with the job id, the script is marked with it, the job card is posted
 * in the chosen channel (or the user's DMs when the bot is not a member) and the watch is stored;
 * refused → Slurm's reason goes to the user, the script is marked not submitted, nothing is queued.
 * A redelivery is answered with what the first delivery did. Never throws: every outcome is told
 * to the user through `reply`, and logged with an audit record.
 */
export async function runSubmit(deps: SubmitRunDeps, ctx: SubmitContext, command: SubmitCommand): Promise<void> {
  const cluster = deps.cluster.name;
  const fields = { requestId: ctx.requestId, userId: ctx.userId, unixUser: ctx.unixUser, cluster, key: command.key };
  const tell = (message: SlackMessage): Promise<void> =>
    deps.reply(message).catch((error: unknown) => deps.log.error('submit answer refused by Slack', { ...fields, error }));
  const audit = (result: AuditResult, detail: string, jobId?: string): Promise<void> =>
    recordAudit({
      action: 'submit', result, detail, requestId: ctx.requestId, teamId: ctx.teamId, userId: ctx.userId, channelId: ctx.channelId ?? '',
      cluster, unixUser: ctx.unixUser, ...(jobId !== undefined && { jobId }),
    });
  const finish = (result: Record<string, unknown>): Promise<unknown> =>
    deps.idempotency.complete(command.key, result).catch((error: unknown) => deps.log.error('submit key not completed', { ...fields, error }));

  try {
    if ((await deps.idempotency.claim(sbatchRunKey(command.key), SUBMIT_KEY_TTL_SECONDS, ctx.requestId)) === 'duplicate') {
      const first = await deps.idempotency.get(command.key);
      const jobId = typeof first?.result?.jobId === 'string' ? first.result.jobId : undefined;
      deps.log.warn('submit delivered again; not run again', { ...fields, firstOutcome: first?.result?.outcome ?? first?.status });
      await audit('duplicate', 'delivered again; not run again', jobId);
      await tell(renderSubmitDuplicate({ cluster, requestId: ctx.requestId, ...(jobId !== undefined && { jobId }) }));
      return;
    }
  } catch (error) {
    deps.log.error('submit key could not be claimed; not run', { ...fields, error });
    await tell(renderCaughtError(error, { requestId: ctx.requestId, cluster }));
    return;
  }

  let loaded: { readonly script: string; readonly stored: StoredScript };
  try {
    const text = await loadScript(deps, command.script);
    loaded = { script: text, stored: await deps.scripts.save({ teamId: ctx.teamId, slackUserId: ctx.userId, requestId: ctx.requestId, cluster, unixUser: ctx.unixUser }, text) };
  } catch (error) {
    await finish({ outcome: 'failed', code: isChatopsError(error) ? error.code : 'UNEXPECTED' });
    await audit('error', 'not submitted: the script could not be stored');
    deps.log.warn('submit failed before sbatch', { ...fields, error });
    await tell(error instanceof ValidationError
      ? renderSubmitInvalid({ cluster, requestId: ctx.requestId, message: error.message })
      : renderCaughtError(error, { requestId: ctx.requestId, cluster }));
    return;
  }

  const { script, stored } = loaded;
  const directives = readDirectives(script);
  const named = command.jobName !== undefined || directives.jobName !== undefined;
  const jobName = command.jobName ?? directives.jobName ?? defaultJobName(command.script);
  const options = named ? command.options : [sbatchOption('--job-name', jobName), ...command.options];
  const markNot = (reason: string): Promise<void> =>
    deps.scripts.markNotSubmitted(stored, reason).catch((error: unknown) => deps.log.error('script not marked', { ...fields, error }));

  let outcome;
  try {
    const stdin = await deps.scripts.stdinFor(stored);
    const result = await deps.executor.run(sbatchRequest(options, ctx.unixUser, stdin, deps.cluster.timeoutSeconds * 1000));
    outcome = interpretSbatch(result, cluster, ctx.unixUser);
  } catch (error) {
    // A timeout or a cut answer may come after sbatch ran: the job may exist. Anything else ran nothing.
    const uncertain = isChatopsError(error) && (error.code === 'EXEC_TIMEOUT' || error.code === 'EXEC_TRUNCATED');
    await finish({ outcome: uncertain ? 'unknown' : 'failed', code: isChatopsError(error) ? error.code : 'UNEXPECTED' });
    await audit('error', uncertain ? 'outcome unknown: sbatch may have run' : 'not submitted: sbatch did not run');
    deps.log.warn('sbatch did not run to an answer', { ...fields, error });
    if (!uncertain) await markNot(isChatopsError(error) ? error.code : 'unexpected error');
    await tell(uncertain ? renderSubmitOutcomeUnknown({ cluster, requestId: ctx.requestId }) : renderCaughtError(error, { requestId: ctx.requestId, cluster }));
    return;
  }

  if (outcome.kind === 'rejected') {
    await finish({ outcome: 'rejected', kind: outcome.info.kind });
    await markNot(outcome.info.message);
    await audit('refused', `sbatch refused: ${outcome.info.kind}`);
    deps.log.info('sbatch refused the job', { ...fields, kind: outcome.info.kind });
    await tell(renderSubmitRejected({ cluster, requestId: ctx.requestId, info: outcome.info }));
    return;
  }
  if (outcome.kind === 'unknown') {
    await finish({ outcome: 'unknown' });
    await audit('error', 'outcome unknown: sbatch printed no job id');
    deps.log.error('sbatch printed no job id', { ...fields, detail: outcome.detail });
    await tell(renderSubmitOutcomeUnknown({ cluster, requestId: ctx.requestId }));
    return;
  }

  const jobId = outcome.jobId;
  // First the key, so that a redelivery from here on answers with this job instead of guessing.
  await finish({ outcome: 'submitted', jobId });
  await audit('success', 'submitted', jobId);
  await deps.scripts.markSubmitted(stored, jobId).catch((error: unknown) => deps.log.error('script not marked with its job', { ...fields, jobId, error }));
  await announce(deps, ctx, command, { jobId, jobName, partition: command.partition ?? directives.partition, timeLimitSeconds: timeLimitOf(command, directives.time) }, tell);
}

interface Submitted {
  readonly jobId: string;
  readonly jobName: string;
  readonly partition?: string;
  readonly timeLimitSeconds?: Seconds;
}

async function defaultPartition(deps: SubmitRunDeps): Promise<string | undefined> {
  try {
    return (await deps.partitions.get(deps.cluster.name))?.partitions.find((p) => p.isDefault)?.name;
  } catch {
    return undefined;
  }
}

/** Posts the job card (the chosen channel, else the user's DMs) and stores the watch in its thread. */
async function announce(deps: SubmitRunDeps, ctx: SubmitContext, command: SubmitCommand, job: Submitted, tell: (m: SlackMessage) => Promise<void>): Promise<void> {
  const cluster = deps.cluster.name;
  const fields = { requestId: ctx.requestId, userId: ctx.userId, cluster, jobId: job.jobId };
  const submittedAt = deps.now();
  const card = renderJobCard({
    cluster,
    job: {
      id: job.jobId,
      name: job.jobName,
      partition: job.partition ?? (await defaultPartition(deps)) ?? 'default',
      ...(job.timeLimitSeconds !== undefined && { timeLimitSeconds: job.timeLimitSeconds }),
    },
    submittedBy: ctx.userId,
    unixUser: ctx.unixUser,
    alertOnEnd: command.alert,
    submittedAt,
  });
  let posted: { channel: string; ts: string } | undefined;
  try {
    posted = await deps.slack.postMessage(command.cardChannel, card);
  } catch (error) {
    deps.log.warn('job card not posted in the chosen channel', { ...fields, channel: command.cardChannel, error });
    const notMember = error instanceof SlackApiError && CANNOT_POST.has(error.slackError);
    if (notMember) {
      posted = await deps.slack.postMessage(ctx.userId, card).catch((dmError: unknown) => {
        deps.log.error('job card not posted in DMs either', { ...fields, error: dmError });
        return undefined;
      });
    }
    await tell(renderCardElsewhere({ cluster, requestId: ctx.requestId, jobId: job.jobId, channelId: command.cardChannel, notMember, postedInDm: posted !== undefined }));
    if (posted === undefined) await tell(card);
  }
  if (!command.alert) return;
  try {
    await deps.watches.add({
      cluster,
      jobId: job.jobId,
      slackUserId: ctx.userId,
      unixUser: ctx.unixUser,
      channel: posted?.channel ?? command.cardChannel,
      ...(posted !== undefined && { threadTs: posted.ts, cardTs: posted.ts }),
      createdAt: epochSeconds(submittedAt.getTime()),
      options: { outputTail: true },
    });
  } catch (error) {
    deps.log.error('watch not stored', { ...fields, error });
    await tell(renderWatchNotStored({ cluster, requestId: ctx.requestId, jobId: job.jobId }));
  }
}
