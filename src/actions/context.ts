import type { ClusterConfig } from '../config';
import type { Argv, ExecResult, Executor } from '../exec/executor';
import { rejectUnrunnable } from '../exec/unrunnable';
import type { ParseOptions } from '../slurm/parsers/options';
import type { Log } from '../tasks/log';

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

/**
 * Runs a command for the actor; a non-zero exit is returned (Slurm's refusals are data here).
 * @throws ExecError from the executor; EXEC_FAILED when the command is not installed on the cluster.
 * @throws ChatopsError FORBIDDEN when the actor's Unix user does not exist there.
 */
export async function execForActor(ctx: ActionContext, argv: Argv): Promise<ExecResult> {
  const runAs = runAsOf(ctx.actor);
  const result = await ctx.executor.run({ argv, ...(runAs !== undefined && { runAs }), timeoutMs: ctx.cluster.timeoutSeconds * 1000 });
  return rejectUnrunnable(result, argv[0] ?? 'The command', ctx.cluster.name, runAs);
}
