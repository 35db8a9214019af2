import { authorizeCaller, identifyCaller, isChannelAllowed, unixUserOf, type Caller } from '../access/caller';
import { AccessDenied } from '../access/denied';
import { auditFromTask, type AuditAction, type AuditRecord } from '../audit/audit';
import { allowedChannels } from '../access/policy';
import { checkReadScope } from '../access/read-scope';
import type { Role } from '../access/roles';
import { findCluster, type ClusterConfig, type Config } from '../config';
import { ValidationError } from '../errors';
import type { JobFilter } from '../slurm/types';
import { describeActionCommand } from '../actions/commands';
import { TASK_VERSION, type Task, type TaskCommand } from '../tasks/task';
import { SUBCOMMANDS, type Command, type UserRef } from './command/command';
import { parseCommand } from './command/parse';
import { whoamiMessage, type IdentityOp } from './identity-ops';
import { routeJobActionCommand } from './job-action-router';
import { renderChannelNotAllowed } from './access-messages';
import { renderAccessDenied } from './views/access';
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

/** What a listener does with a request: answer at once, open the submit modal, or ack and hand a Task to the worker. */
export type Route =
  /** `audit`: a mutating request refused by access control, which the listener records. */
  | { readonly kind: 'reply'; readonly message: SlackMessage; readonly audit?: AuditRecord }
  | { readonly kind: 'dispatch'; readonly ack: SlackMessage; readonly task: Task }
  | { readonly kind: 'open-submit'; readonly cluster: ClusterConfig; readonly unixUser: string }
  /** `/slurm link NAME` and `/slurm unlink`: quick writes to the link store, run by the listener before it acks. */
  | { readonly kind: 'identity'; readonly op: IdentityOp };

export const HELP_COMMANDS: readonly HelpCommand[] = [
  { usage: 'jobs [--all | --user NAME] [--state STATE] [--partition NAME]', description: 'Your jobs, or everyone\'s, or someone\'s, filtered.', example: 'jobs --state pending' },
  { usage: 'job ID', description: 'Everything about one job, and why it is waiting.', example: 'job 1234' },
  { usage: 'nodes [--partition NAME]', description: 'Nodes by state, with CPUs and memory in use and why any is down.', example: 'nodes --partition debug' },
  { usage: 'partitions', description: 'Partitions: availability, time limits, nodes by state.' },
  { usage: 'submit', description: 'A form to submit a job script (upload or paste it), with partition, time and resources.' },
  { usage: 'clusters', description: 'The clusters this bot can reach.' },
  { usage: 'cancel ID', description: 'Cancel a job (yours; admins: any).', example: 'cancel 1234' },
  { usage: 'hold ID  ·  release ID', description: 'Keep a pending job from starting, or let it start again.', example: 'hold 1234' },
  { usage: 'requeue ID', description: 'Put a running or finished job back in the queue.', example: 'requeue 1234' },
  { usage: 'output ID [LINES]', description: 'The last lines of a job\'s output (and error) file, read with your permissions.', example: 'output 1234 100' },
  { usage: 'watch ID  ·  unwatch ID', description: 'Get (or stop) an alert in this channel when a job ends.', example: 'watch 1234' },
  { usage: 'whoami', description: 'The Unix user you act as on each cluster, where that comes from, and your role.' },
  { usage: 'link YOUR_UNIX_USER', description: 'Link your Slack account to your Unix user: you get a code to run on the cluster as yourself.', example: 'link alice' },
  { usage: 'unlink', description: 'Remove your links (on one cluster with -c).' },
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
    case 'submit':
      return 'sbatch';
    case 'submit-form':
      return 'sinfo';
    case 'control':
    case 'output':
    case 'watch':
    case 'unwatch':
      return describeActionCommand(command);
    case 'link':
      return 'stat (link proof)';
  }
}

/** A refusal or failure as the reply; a refusal by access control says how to get access. */
export function errorReply(error: unknown, config: Config, ctx: RequestContext, cluster?: string): Extract<Route, { readonly kind: 'reply' }> {
  if (error instanceof AccessDenied) {
    return { kind: 'reply', message: renderAccessDenied({ reason: error.reason, slackUserId: ctx.userId, slashCommand: ctx.slashCommand }) };
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

/**
 * The reply to a mutating request that access control refused, with the audit record of the attempt
 * (who tried what, where, and why not). Any other error is an ordinary error reply.
 */
export function deniedReply(
  error: unknown,
  config: Config,
  ctx: RequestContext,
  cluster: string,
  attempt: { readonly action: AuditAction; readonly jobId?: string },
): Extract<Route, { readonly kind: 'reply' }> {
  const reply = errorReply(error, config, ctx, cluster);
  if (!(error instanceof AccessDenied)) return reply;
  const unixUser = unixUserOf(config, ctx.userId, cluster);
  return {
    ...reply,
    audit: auditFromTask({ ...ctx, cluster, ...(unixUser !== undefined && { unixUser }) }, {
      ...attempt,
      result: 'denied',
      detail: error.reason.kind === 'role' ? `role ${error.reason.role} lacks ${error.reason.permission}` : error.reason.kind,
    }),
  };
}

/** Where and as whom a request runs, once it may run. */
export interface Authorized {
  readonly cluster: ClusterConfig;
  readonly unixUser: string;
  /** Present for read commands: a role without read-any gets only its own jobs (see buildTask). */
  readonly role?: Role;
}

/**
 * Checks that the caller may run a read command: a configured cluster, the channel allowed for it,
 * a mapped Slack user (by configuration, link or e-mail) whose role may read.
 * @throws ChatopsError UNKNOWN_CLUSTER; AccessDenied NOT_MAPPED or FORBIDDEN.
 */
export function authorize(config: Config, ctx: RequestContext, clusterName: string | undefined): Authorized {
  const cluster = findCluster(config, clusterName);
  const caller = authorizeCaller(config, { slackUserId: ctx.userId, channelId: ctx.channelId, cluster: cluster.name, permission: 'read-own' });
  return { cluster, unixUser: caller.unixUser, role: caller.role };
}

/**
 * The Task for an authorized command.
 * @throws AccessDenied FORBIDDEN when a role without read-any asks for other users' jobs.
 */
export function buildTask(ctx: RequestContext, auth: Authorized, command: TaskCommand, reply: Task['reply']): Task {
  if (auth.role !== undefined) checkReadScope(auth.role, auth.unixUser, auth.cluster.name, command);
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
    return { kind: 'reply', message: renderChannelNotAllowed({ channels: allowedChannels(config), slashCommand: ctx.slashCommand }) };
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
      case 'submit': {
        const cluster = findCluster(config, clusterName);
        try {
          const caller = authorizeCaller(config, { slackUserId: ctx.userId, channelId: ctx.channelId, cluster: cluster.name, permission: 'submit' });
          return { kind: 'open-submit', cluster, unixUser: caller.unixUser };
        } catch (error) {
          return deniedReply(error, config, ctx, cluster.name, { action: 'submit' });
        }
      }
      case 'control':
      case 'output':
      case 'watch':
      case 'unwatch':
        return routeJobActionCommand(config, ctx, clusterName, command);
      case 'whoami':
        return { kind: 'reply', message: whoamiMessage(config, ctx) };
      case 'link':
        return { kind: 'identity', op: { kind: 'link', cluster: findCluster(config, clusterName).name, unixUser: command.unixUser } };
      case 'unlink':
        return { kind: 'identity', op: { kind: 'unlink', ...(clusterName !== undefined && { clusters: [findCluster(config, clusterName).name] }) } };
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
