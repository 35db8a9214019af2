import type { ClusterConfig } from '../config';
import { ChatopsError, ExecError } from '../errors';
import type { Argv, ExecResult, Executor } from '../exec/executor';
import { classifySlurmError } from '../slurm/parsers/slurm-errors';
import type { ParseOptions } from '../slurm/parsers/options';
import type { Log } from '../tasks/log';
import { ClassifiedSlurmError } from '../tasks/queries/context';

/** Who acts on a job, as the configuration knows them (re-read from the config by the worker, never trusted from the Task). */
export interface Actor {
  readonly slackUserId: string;
  readonly unixUser: string;
  readonly isAdmin: boolean;
}

/** Everything an action needs to run Slurm on one cluster for one actor. */
export interface ActionContext {
  readonly cluster: ClusterConfig;
  readonly executor: Executor;
  readonly actor: Actor;
  readonly parse: ParseOptions;
  readonly log: Log;
  readonly requestId: string;
  readonly now: Date;
}

/**
 * The Unix user commands run as: the actor's own, or none (the executor's identity, root on the head
 * node) for an admin, so an admin can act on anyone's job.
 */
export function runAsOf(actor: Actor): string | undefined {
  return actor.isAdmin ? undefined : actor.unixUser;
}

/** Who the audit log and the messages say ran the command. */
export function actingAs(actor: Actor): string {
  return actor.isAdmin ? 'root' : actor.unixUser;
}

const NOT_FOUND = 127;
const NO_SUCH_USER = /runuser: user \S+ does not exist|sudo: unknown user|unknown user:? \S+/i;

/**
 * Turns "the command could not run at all" into its error; any other result passes through.
 * @throws ExecError EXEC_FAILED when the command is not installed on the cluster.
 * @throws ChatopsError FORBIDDEN when `runAs` does not exist there.
 */
export function rejectUnrunnable(result: ExecResult, argv: Argv, clusterName: string, runAs: string | undefined): ExecResult {
  if (result.exitCode === 0) return result;
  const text = `${result.stderr}\n${result.stdout}`;
  if (result.exitCode === NOT_FOUND || /command not found/.test(text)) {
    throw new ExecError('EXEC_FAILED', `${argv[0] ?? 'The command'} was not found on ${clusterName}: is Slurm installed and on the PATH?`);
  }
  if (runAs !== undefined && NO_SUCH_USER.test(text)) {
    throw new ChatopsError('FORBIDDEN', `Your Unix user ${runAs} does not exist on ${clusterName}. Ask an admin to fix your mapping.`);
  }
  return result;
}

/**
 * Runs a command for the actor; a non-zero exit is returned (Slurm's refusals are data here).
 * @throws ExecError from the executor; EXEC_FAILED when the command is not installed on the cluster.
 * @throws ChatopsError FORBIDDEN when the actor's Unix user does not exist there.
 */
export async function execForActor(ctx: ActionContext, argv: Argv): Promise<ExecResult> {
  const runAs = runAsOf(ctx.actor);
  const result = await ctx.executor.run({ argv, ...(runAs !== undefined && { runAs }), timeoutMs: ctx.cluster.timeoutSeconds * 1000 });
  return rejectUnrunnable(result, argv, ctx.cluster.name, runAs);
}

/**
 * Like execForActor, but a non-zero exit is a failure.
 * @throws ClassifiedSlurmError when the command exits non-zero; otherwise see execForActor.
 */
export async function runForActor(ctx: ActionContext, argv: Argv): Promise<ExecResult> {
  const result = await execForActor(ctx, argv);
  if (result.exitCode === 0) return result;
  throw new ClassifiedSlurmError(classifySlurmError((result.stderr.trim() || result.stdout.trim()).slice(0, 4000)), result.exitCode);
}
