import { identifyCaller, isChannelAllowed, requireUnixUser, unixUserOf, type Caller } from '../access/caller';
import { findCluster, type ClusterConfig, type Config } from '../config';
import { ChatopsError, ValidationError } from '../errors';
import type { JobFilter } from '../slurm/types';
import { TASK_VERSION, type Task, type TaskCommand } from '../tasks/task';
import { SUBCOMMANDS, type Command, type UserRef } from './command/command';
import { parseCommand } from './command/parse';
import { renderChannelNotAllowed, renderNotMapped } from './access-messages';
import { renderAck } from './views/ack';
import type { KnownBlock, SlackMessage } from './views/blocks';
import { renderClusters } from './views/clusters';
import { renderCaughtError } from './views/errors';
import { renderHelp, type HelpCommand } from './views/help';
import { renderUnknownSubcommand } from './views/suggest';

/** Who asked, where, and where the answer goes: the parts of a Slack request a Task keeps. */
export interface RequestContext {
  readonly requestId: string;
  readonly teamId: string;
  readonly userId: string;
  readonly channelId: string;
  readonly responseUrl: string;
  /** The slash command as the workspace installed it (`/slurm`). */
  readonly slashCommand: string;
}

/** What a listener does with a request: answer at once, or ack and hand a Task to the worker. */
export type Route =
  | { readonly kind: 'reply'; readonly message: SlackMessage }
  | { readonly kind: 'dispatch'; readonly ack: SlackMessage; readonly task: Task };

export const HELP_COMMANDS: readonly HelpCommand[] = [
  { usage: 'jobs [--all | --user NAME] [--state STATE] [--partition NAME]', description: 'Your jobs, or everyone\'s, or someone\'s, filtered.', example: 'jobs --state pending' },
  { usage: 'job ID', description: 'Everything about one job, and why it is waiting.', example: 'job 1234' },
  { usage: 'nodes [--partition NAME]', description: 'Nodes by state, with CPUs and memory in use and why any is down.', example: 'nodes --partition debug' },
  { usage: 'partitions', description: 'Partitions: availability, time limits, nodes by state.' },
  { usage: 'clusters', description: 'The clusters this bot can reach.' },
  { usage: 'help', description: 'This message.' },
];

const DIVIDER: KnownBlock = { type: 'divider' };

/** Listed only where there is another cluster to name. */
function clusterOptionHelp(other: string): HelpCommand {
  return { usage: '<command> -c CLUSTER', description: 'Run any command on another cluster than the default.', example: `jobs -c ${other}` };
}

function helpMessage(config: Config, caller: Caller, ctx: RequestContext): SlackMessage {
  const names = config.clusters.map((c) => c.name);
  const commands = names[1] !== undefined ? [...HELP_COMMANDS, clusterOptionHelp(names[1])] : HELP_COMMANDS;
  return renderHelp({
    clusters: names,
    ...(names[0] !== undefined && { defaultCluster: names[0] }),
    ...(caller.unixUser !== undefined && { unixUser: caller.unixUser }),
    commands,
    slashCommand: ctx.slashCommand,
  });
}

function clustersMessage(config: Config): SlackMessage {
  return renderClusters({
    clusters: config.clusters.map((c) => ({
      name: c.name,
      executor: c.executor,
      ...(c.ssm?.region !== undefined && { region: c.ssm.region }),
      ...(c.description !== undefined && { description: c.description }),
    })),
    ...(config.clusters[0] && { defaultCluster: config.clusters[0].name }),
  });
}

function resolveUser(config: Config, ref: UserRef): string {
  if ('unix' in ref) return ref.unix;
  const unix = unixUserOf(config, ref.slackId);
  if (unix === undefined) throw new ValidationError('That Slack user is not mapped to a Unix user, so their jobs cannot be looked up by mention. Use their Unix user name.', 'user');
  return unix;
}

type ClusterCommand = Extract<Command, { kind: 'jobs' | 'job' | 'nodes' | 'partitions' }>;

/** Turns a parsed command into the worker's command; the caller's own jobs are the default. */
function taskCommand(config: Config, command: ClusterCommand, unixUser: string): TaskCommand {
  switch (command.kind) {
    case 'jobs': {
      const users = command.all ? undefined : command.users ? [...new Set(command.users.map((u) => resolveUser(config, u)))] : [unixUser];
      const filter: JobFilter = {
        ...(users && { users }),
        ...(command.states && { states: command.states }),
        ...(command.partition !== undefined && { partition: command.partition }),
      };
      return { kind: 'jobs', filter, page: command.page - 1 };
    }
    case 'job':
      return { kind: 'job', jobId: command.jobId };
    case 'nodes':
      return { kind: 'nodes', page: command.page - 1, ...(command.partition !== undefined && { partition: command.partition }) };
    case 'partitions':
      return { kind: 'partitions' };
  }
}

/** The Slurm command the ack names while the worker runs it. */
export function describeTask(command: TaskCommand): string {
  switch (command.kind) {
    case 'jobs':
      return 'squeue';
    case 'job':
      return `scontrol show job ${command.jobId}`;
    case 'nodes':
      return 'scontrol show nodes';
    case 'partitions':
      return 'sinfo';
  }
}

/** A refusal or failure as the reply; a missing mapping gets the how-to-get-mapped message. */
export function errorReply(error: unknown, config: Config, ctx: RequestContext, cluster?: string): Route {
  if (error instanceof ChatopsError && error.code === 'NOT_MAPPED') {
    return { kind: 'reply', message: renderNotMapped({ slackUserId: ctx.userId, slashCommand: ctx.slashCommand }) };
  }
  return {
    kind: 'reply',
    message: renderCaughtError(error, {
      requestId: ctx.requestId,
      slashCommand: ctx.slashCommand,
      clusters: config.clusters.map((c) => c.name),
      ...(cluster !== undefined && { cluster }),
    }),
  };
}

/** Where and as whom a request runs, once it may run. */
export interface Authorized {
  readonly cluster: ClusterConfig;
  readonly unixUser: string;
}

/**
 * Checks that the caller may run a cluster command: a configured cluster, a mapped Slack user.
 * (The channel is checked before anything else, by the caller.)
 * @throws ChatopsError UNKNOWN_CLUSTER, NOT_MAPPED.
 */
export function authorize(config: Config, ctx: RequestContext, clusterName: string | undefined): Authorized {
  const cluster = findCluster(config, clusterName);
  return { cluster, unixUser: requireUnixUser(identifyCaller(config, ctx.userId)) };
}

/** The Task for an authorized command. */
export function buildTask(ctx: RequestContext, auth: Authorized, command: TaskCommand, reply: Task['reply']): Task {
  return {
    v: TASK_VERSION,
    requestId: ctx.requestId,
    teamId: ctx.teamId,
    userId: ctx.userId,
    channelId: ctx.channelId,
    responseUrl: ctx.responseUrl,
    reply,
    cluster: auth.cluster.name,
    unixUser: auth.unixUser,
    command,
  };
}

/**
 * Decides what to do with `/slurm <text>`: help, the cluster list, an unknown subcommand and
 * every refusal are answered at once; a command that needs the cluster becomes a Task.
 * Pure: no I/O, never throws (errors become the reply).
 */
export function routeSlashCommand(config: Config, text: string, ctx: RequestContext): Route {
  if (!isChannelAllowed(config, ctx.channelId)) {
    return { kind: 'reply', message: renderChannelNotAllowed({ channels: config.channels, slashCommand: ctx.slashCommand }) };
  }
  let clusterName: string | undefined;
  try {
    const parsed = parseCommand(text);
    clusterName = parsed.cluster;
    const command = parsed.command;
    switch (command.kind) {
      case 'help':
        return { kind: 'reply', message: helpMessage(config, identifyCaller(config, ctx.userId), ctx) };
      case 'unknown': {
        const unknown = renderUnknownSubcommand({ typed: command.typed, known: SUBCOMMANDS, command: ctx.slashCommand });
        const help = helpMessage(config, identifyCaller(config, ctx.userId), ctx);
        return { kind: 'reply', message: { text: unknown.text, blocks: [...unknown.blocks, DIVIDER, ...help.blocks] } };
      }
      case 'clusters':
        return { kind: 'reply', message: clustersMessage(config) };
      default: {
        const auth = authorize(config, ctx, clusterName);
        const task = buildTask(ctx, auth, taskCommand(config, command, auth.unixUser), 'replace');
        return { kind: 'dispatch', ack: renderAck({ cluster: task.cluster, what: describeTask(task.command) }), task };
      }
    }
  } catch (error) {
    return errorReply(error, config, ctx, clusterName);
  }
}
