import { identifyCaller } from '../access/caller';
import type { AuditResult } from '../audit';
import type { ClusterConfig, Config } from '../config';
import { ChatopsError } from '../errors';
import type { Executor } from '../exec/executor';
import type { Job } from '../slurm/types';
import type { ChatApi } from '../slack/chat';
import { renderActionOutcome } from '../slack/views/action-outcome';
import type { KnownBlock, SlackMessage } from '../slack/views/blocks';
import { renderJobDetails } from '../slack/views/job-details';
import { renderJobOutputStreams } from '../slack/views/job-output';
import { renderWatchOutcome, type WatchOutcome } from '../slack/views/watch-outcome';
import { epochSeconds } from '../store/table';
import type { Watch, WatchStore } from '../store/watches';
import type { Log } from '../tasks/log';
import type { Task } from '../tasks/task';
import { judgeWatch } from '../watch/judge';
import { auditAction, auditingErrors } from './audit';
import { refreshCards } from './cards';
import type { ActionCommand } from './commands';
import { actingAs, runAsOf, type ActionContext, type Actor } from './context';
import { afterCancel, controlJob, type ControlAction, type ControlOutcome } from './job-control';
import { readJobOutput } from './job-output';
import { readJobRecords, reReadJob } from './read-job';

/** What job actions need beyond a cluster and an executor; absent parts degrade gracefully. */
export interface ActionDeps {
  /** Watches (watch, unwatch, and finding a job's card). */
  readonly watches?: WatchStore;
  /** The bot's Web API for updating job cards; resolves undefined without a bot token. */
  readonly chat?: () => Promise<ChatApi | undefined>;
}

export interface ActionRun {
  readonly config: Config;
  readonly cluster: ClusterConfig;
  readonly executor: Executor;
  readonly log: Log;
  readonly now: Date;
  readonly deps: ActionDeps;
}

/** The parts of a Task an action reads. */
export type ActionTask = Pick<Task, 'requestId' | 'teamId' | 'userId' | 'channelId' | 'unixUser' | 'origin'> & { readonly command: ActionCommand };

/** A cancel of a job that had already ended did what was asked; an unknown job is Slurm's refusal. */
const AUDIT_RESULT: Readonly<Record<ControlOutcome['kind'], AuditResult>> = {
  done: 'success',
  already_done: 'success',
  not_found: 'refused',
  refused: 'refused',
};

const DONE_WORDS: Readonly<Record<ControlAction, string>> = {
  cancel: 'Cancel requested',
  hold: 'Held',
  release: 'Released',
  requeue: 'Requeued',
};

/** The actor as the configuration says now: the Task is trusted for who asked, not for what they may do. */
function actorOf(config: Config, cluster: ClusterConfig, task: ActionTask): Actor {
  const caller = identifyCaller(config, task.userId, { cluster: cluster.name });
  return { slackUserId: task.userId, unixUser: caller.unixUser ?? task.unixUser, isAdmin: caller.isAdmin };
}

function canActOn(actor: Actor, job: Job): boolean {
  return actor.isAdmin || job.user === actor.unixUser;
}

async function chatOf(run: ActionRun, ctx: ActionContext): Promise<ChatApi | undefined> {
  try {
    return await run.deps.chat?.();
  } catch (error) {
    ctx.log.warn('bot Web API unavailable; job cards are not updated', { requestId: ctx.requestId, error });
    return undefined;
  }
}

async function findWatch(run: ActionRun, ctx: ActionContext, jobId: string): Promise<Watch | undefined> {
  try {
    return await run.deps.watches?.get(ctx.cluster.name, jobId);
  } catch (error) {
    ctx.log.warn('watch not read', { requestId: ctx.requestId, cluster: ctx.cluster.name, jobId, error });
    return undefined;
  }
}

function requireWatches(run: ActionRun): WatchStore {
  if (run.deps.watches === undefined) throw new ChatopsError('STORE', 'No state store is configured, so watches cannot be kept.');
  return run.deps.watches;
}

function withDetails(head: SlackMessage, details: SlackMessage): SlackMessage {
  const divider: KnownBlock = { type: 'divider' };
  return { text: head.text, blocks: [...head.blocks, divider, ...details.blocks] };
}

async function control(run: ActionRun, ctx: ActionContext, task: ActionTask, action: ControlAction, jobId: string): Promise<SlackMessage> {
  const outcome = await auditingErrors(ctx, task, action, jobId, () => controlJob(ctx, action, jobId));
  await auditAction(ctx, task, action, jobId, AUDIT_RESULT[outcome.kind], outcome.kind === 'done' ? undefined : `${outcome.kind}: ${outcome.info.message || outcome.info.kind}`);
  const read = await reReadJob(ctx, jobId);
  const job = read !== undefined && action === 'cancel' && outcome.kind === 'done' ? afterCancel(read) : read;
  const watch = await findWatch(run, ctx, jobId);
  if (job !== undefined && (outcome.kind === 'done' || outcome.kind === 'already_done')) {
    const origin = task.origin;
    await refreshCards(ctx, {
      chat: await chatOf(run, ctx),
      watch,
      ...(outcome.kind === 'done' && { lastAction: { words: DONE_WORDS[action], by: ctx.actor.slackUserId, asAdmin: ctx.actor.isAdmin } }),
    }, jobId, job, origin && { channel: origin.channel, ts: origin.ts, ...(origin.submittedBy !== undefined && { submittedBy: origin.submittedBy }) });
  }
  const result = renderActionOutcome({
    cluster: ctx.cluster.name,
    jobId,
    action,
    outcome: outcome.kind,
    ...(outcome.kind !== 'done' && { refusal: { kind: outcome.info.kind, summary: outcome.info.summary, slurmMessage: outcome.info.message } }),
    actorUserId: ctx.actor.slackUserId,
    asAdmin: ctx.actor.isAdmin,
    actingAs: actingAs(ctx.actor),
    ...(job !== undefined && { job }),
    minJobAgeSeconds: ctx.cluster.minJobAgeSeconds,
  });
  // Under a channel card the card itself shows the new state; elsewhere the job's details follow.
  if (task.origin !== undefined || job === undefined) return result;
  return withDetails(result, renderJobDetails({
    cluster: ctx.cluster.name,
    job,
    minJobAgeSeconds: ctx.cluster.minJobAgeSeconds,
    watching: watch !== undefined,
    canAct: canActOn(ctx.actor, job),
    now: ctx.now,
  }));
}

async function output(ctx: ActionContext, jobId: string, lines: number): Promise<SlackMessage> {
  const runAs = runAsOf(ctx.actor);
  const out = await readJobOutput({
    executor: ctx.executor,
    ...(runAs !== undefined && { runAs }),
    clusterName: ctx.cluster.name,
    jobId,
    lines,
    timeoutMs: ctx.cluster.timeoutSeconds * 1000,
    parse: ctx.parse,
    ...(ctx.cluster.slurmBinDir !== undefined && { slurmBinDir: ctx.cluster.slurmBinDir }),
  });
  return renderJobOutputStreams({ cluster: ctx.cluster.name, jobId: out.job.id, state: out.job.state, streams: out.streams, lines, readAs: actingAs(ctx.actor) });
}

async function watchOutcome(run: ActionRun, ctx: ActionContext, task: ActionTask, jobId: string): Promise<WatchOutcome> {
  const store = requireWatches(run);
  const verdict = judgeWatch(jobId, { jobs: await readJobRecords(ctx, jobId) });
  if (verdict.kind === 'vanished') throw new ChatopsError('JOB_NOT_FOUND', `Job ${jobId} was not found on ${ctx.cluster.name}.`);
  if (verdict.kind === 'ended') return { kind: 'already-ended', state: verdict.job.state, stateText: verdict.job.stateText };
  if (verdict.kind === 'array-ended') return { kind: 'already-ended', state: verdict.summary.failedTaskIds.length > 0 ? 'FAILED' : (verdict.summary.counts[0]?.state ?? 'COMPLETED') };
  const existing = await store.get(ctx.cluster.name, jobId);
  // One watch per job: someone else's watch (with its card thread) is kept, not taken over.
  if (existing !== undefined && existing.slackUserId !== ctx.actor.slackUserId) return { kind: 'already-watching', by: existing.slackUserId, channel: existing.channel };
  if (existing !== undefined) return { kind: 'watching', inThread: existing.threadTs !== undefined || existing.cardTs !== undefined };
  const origin = task.origin;
  await store.add({
    cluster: ctx.cluster.name,
    jobId,
    slackUserId: ctx.actor.slackUserId,
    unixUser: ctx.actor.unixUser,
    channel: origin?.channel ?? task.channelId,
    // The alert goes in the card's thread; the watcher re-renders the card (which names its submitter as
    // the watch's user) only when the watcher is that submitter.
    ...(origin !== undefined && { threadTs: origin.threadTs ?? origin.ts }),
    ...(origin !== undefined && origin.submittedBy === ctx.actor.slackUserId && { cardTs: origin.ts }),
    createdAt: epochSeconds(run.now.getTime()),
    options: {},
  });
  await auditAction(ctx, task, 'watch', jobId, 'success');
  return { kind: 'watching', inThread: origin !== undefined };
}

async function unwatchOutcome(run: ActionRun, ctx: ActionContext, task: ActionTask, jobId: string): Promise<WatchOutcome> {
  const store = requireWatches(run);
  const existing = await store.get(ctx.cluster.name, jobId);
  if (existing === undefined) return { kind: 'not-watched' };
  if (existing.slackUserId !== ctx.actor.slackUserId && !ctx.actor.isAdmin) {
    await auditAction(ctx, task, 'unwatch', jobId, 'denied', `watched by ${existing.slackUserId}`);
    return { kind: 'not-yours', by: existing.slackUserId };
  }
  const removed = await store.remove(ctx.cluster.name, jobId);
  await auditAction(ctx, task, 'unwatch', jobId, 'success', removed ? undefined : 'already gone');
  return removed ? { kind: 'stopped' } : { kind: 'not-watched' };
}

/**
 * Runs a job action for the worker and returns the answer for the task's response URL: cancel, hold,
 * release, requeue (as the mapped user, as root for an admin; the job's cards updated in place),
 * output (the tail, read with the actor's file permissions), watch and unwatch.
 * @throws ExecError when the cluster cannot be reached; ChatopsError JOB_NOT_FOUND, FORBIDDEN, STORE;
 *   ClassifiedSlurmError for a refusal that is not an answer in itself (output of a job scontrol refuses).
 */
export async function runActionCommand(run: ActionRun, task: ActionTask): Promise<SlackMessage> {
  const ctx: ActionContext = {
    cluster: run.cluster,
    executor: run.executor,
    actor: actorOf(run.config, run.cluster, task),
    parse: { timeZone: run.cluster.timeZone },
    log: run.log,
    requestId: task.requestId,
    now: run.now,
  };
  const command = task.command;
  switch (command.kind) {
    case 'control':
      return control(run, ctx, task, command.action, command.jobId);
    case 'output':
      return output(ctx, command.jobId, command.lines);
    case 'watch': {
      const outcome = await auditingErrors(ctx, task, 'watch', command.jobId, () => watchOutcome(run, ctx, task, command.jobId));
      return renderWatchOutcome({ cluster: run.cluster.name, jobId: command.jobId, outcome });
    }
    case 'unwatch': {
      const outcome = await auditingErrors(ctx, task, 'unwatch', command.jobId, () => unwatchOutcome(run, ctx, task, command.jobId));
      return renderWatchOutcome({ cluster: run.cluster.name, jobId: command.jobId, outcome });
    }
  }
}
