import { authorizeCaller, isChannelAllowed } from '../access/caller';
import { allowedChannels } from '../access/policy';
import type { Permission } from '../access/roles';
import type { AuditAction } from '../audit/audit';
import { DEFAULT_OUTPUT_LINES, describeActionCommand, type ActionCommand, type MessageOrigin } from '../actions/commands';
import { findCluster, type Config } from '../config';
import { ValidationError } from '../errors';
import { jobIdText, parseJobIdArg } from '../slurm/jobid';
import type { Task } from '../tasks/task';
import { renderChannelNotAllowed } from './access-messages';
import type { ActionRoute } from './action-router';
import type { Command } from './command/command';
import { buildTask, deniedReply, errorReply, type RequestContext, type Route } from './router';
import { renderAck } from './views/ack';
import { ACTION_IDS, decodeJobValue } from './views/ids';
import { cardSubmitter } from './views/job-card-facts';

export type JobActionCommand = Extract<Command, { kind: 'control' | 'output' | 'watch' | 'unwatch' }>;

/**
 * What each action needs of the caller's role. Slurm enforces the rest: commands run as the caller's
 * Unix user, so a non-admin cannot change someone else's job or read a file they may not read.
 */
const PERMISSION: Readonly<Record<ActionCommand['kind'], Permission>> = {
  control: 'act-own',
  output: 'read-own',
  watch: 'act-own',
  unwatch: 'act-own',
};

function taskCommandOf(command: JobActionCommand): ActionCommand {
  return command.kind === 'output' ? { kind: 'output', jobId: command.jobId, lines: command.lines ?? DEFAULT_OUTPUT_LINES } : command;
}

function authorizedTask(config: Config, ctx: RequestContext, clusterName: string | undefined, command: ActionCommand, reply: Task['reply']): Task {
  const cluster = findCluster(config, clusterName);
  const caller = authorizeCaller(config, { slackUserId: ctx.userId, channelId: ctx.channelId, cluster: cluster.name, permission: PERMISSION[command.kind] });
  return buildTask(ctx, { cluster, unixUser: caller.unixUser }, command, reply);
}

/**
 * `/slurm cancel|hold|release|requeue|output|watch|unwatch ID`: authorized here (cluster, channel,
 * mapping, role), run by the worker; the ack names the Slurm command.
 * @throws ChatopsError UNKNOWN_CLUSTER; AccessDenied (NOT_MAPPED, FORBIDDEN) — the router turns them into replies.
 */
export function routeJobActionCommand(config: Config, ctx: RequestContext, clusterName: string | undefined, command: JobActionCommand): Route {
  const taskCommand = taskCommandOf(command);
  const cluster = findCluster(config, clusterName);
  try {
    const task = authorizedTask(config, ctx, cluster.name, taskCommand, 'replace');
    return { kind: 'dispatch', ack: renderAck({ cluster: task.cluster, what: describeActionCommand(taskCommand) }), task };
  } catch (error) {
    const attempt = auditedAttempt(taskCommand);
    if (attempt === undefined) throw error;
    return deniedReply(error, config, ctx, cluster.name, attempt);
  }
}

/** The job changes an audit record covers when refused (reading output and watching change nothing on the cluster). */
function auditedAttempt(command: ActionCommand): { readonly action: AuditAction; readonly jobId: string } | undefined {
  return command.kind === 'control' ? { action: command.action, jobId: command.jobId } : undefined;
}

/** The buttons that act on a job (job cards and job details). */
export const JOB_ACTION_IDS = [
  ACTION_IDS.jobCancel,
  ACTION_IDS.jobHold,
  ACTION_IDS.jobRelease,
  ACTION_IDS.jobRequeue,
  ACTION_IDS.jobOutput,
  ACTION_IDS.jobWatch,
  ACTION_IDS.jobUnwatch,
] as const;

function commandFor(actionId: string, jobId: string): ActionCommand {
  switch (actionId) {
    case ACTION_IDS.jobCancel:
      return { kind: 'control', action: 'cancel', jobId };
    case ACTION_IDS.jobHold:
      return { kind: 'control', action: 'hold', jobId };
    case ACTION_IDS.jobRelease:
      return { kind: 'control', action: 'release', jobId };
    case ACTION_IDS.jobRequeue:
      return { kind: 'control', action: 'requeue', jobId };
    case ACTION_IDS.jobOutput:
      return { kind: 'output', jobId, lines: DEFAULT_OUTPUT_LINES };
    case ACTION_IDS.jobWatch:
      return { kind: 'watch', jobId };
    case ACTION_IDS.jobUnwatch:
      return { kind: 'unwatch', jobId };
    default:
      throw new ValidationError('This button is not one this version of the bot knows. Run the command again.', 'action');
  }
}

/** The message a button sat on, as the block_actions payload describes it. */
export interface ClickedMessage {
  readonly ts?: string;
  readonly threadTs?: string;
  readonly isEphemeral: boolean;
  /** The message's blocks (Slack sends them for channel messages only). */
  readonly blocks?: unknown;
}

/**
 * Decides what a click on Cancel / Hold / Release / Requeue / Output / Watch / Stop watching does. The
 * button's value is decoded and its job id validated again (a value can be forged), and the clicker is
 * authorized like a typed command. On a channel message (a job card) the answer goes to the clicker
 * alone and the card is updated in place; on an ephemeral job details message a change replaces it.
 * Pure; never throws (errors become the reply).
 */
export function routeJobActionClick(config: Config, action: { actionId: string; value: string | undefined }, ctx: RequestContext, message: ClickedMessage): ActionRoute {
  if (!isChannelAllowed(config, ctx.channelId)) {
    return { kind: 'reply', message: renderChannelNotAllowed({ channels: allowedChannels(config), slashCommand: ctx.slashCommand }) };
  }
  let cluster: string | undefined;
  let command: ActionCommand | undefined;
  try {
    const ref = decodeJobValue(action.value ?? '');
    cluster = ref.cluster;
    command = commandFor(action.actionId, jobIdText(parseJobIdArg(ref.jobId)));
    const submittedBy = message.isEphemeral ? undefined : cardSubmitter(message.blocks);
    const origin: MessageOrigin | undefined = message.isEphemeral || message.ts === undefined ? undefined : {
      channel: ctx.channelId,
      ts: message.ts,
      ...(message.threadTs !== undefined && { threadTs: message.threadTs }),
      ...(submittedBy !== undefined && { submittedBy }),
    };
    const replaces = origin === undefined && command.kind === 'control';
    const task = authorizedTask(config, ctx, ref.cluster, command, replaces ? 'replace' : 'new');
    return { kind: 'dispatch', task: origin === undefined ? task : { ...task, origin } };
  } catch (error) {
    const attempt = command === undefined ? undefined : auditedAttempt(command);
    return attempt === undefined || cluster === undefined ? errorReply(error, config, ctx, cluster) : deniedReply(error, config, ctx, cluster, attempt);
  }
}
