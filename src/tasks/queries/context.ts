import type { ClusterConfig } from '../../config';
import { ChatopsError, ExecError, SlurmError } from '../../errors';
import type { Argv, ExecResult, Executor } from '../../exec/executor';
import { classifySlurmError, type SlurmErrorInfo } from '../../slurm/parsers/slurm-errors';
import type { ParseOptions } from '../../slurm/parsers/options';
import type { Log } from '../log';

/** Everything a query needs to run Slurm on one cluster as one user. */
export interface QueryContext {
  readonly cluster: ClusterConfig;
  readonly executor: Executor;
  readonly unixUser: string;
  readonly parse: ParseOptions;
  readonly now: Date;
  readonly log: Log;
  readonly requestId: string;
  /** A viewer's query: another user's job is refused (the role comes from the configuration). */
  readonly ownJobsOnly?: boolean;
  /** An admin's query: job details offer the buttons that change the job on anyone's job, not only the caller's own. */
  readonly actsOnAnyJob?: boolean;
}

/** A Slurm refusal with its classification, so a query can turn "Invalid job id" into JOB_NOT_FOUND. */
export class ClassifiedSlurmError extends SlurmError {
  constructor(readonly info: SlurmErrorInfo, exitCode: number) {
    super(info.summary, info.message, exitCode);
  }
}

const NOT_FOUND = 127;
// bash says "command not found" (127); runuser and sudo exit 1 with their own words.
const NOT_INSTALLED = /command not found|runuser: failed to execute \S+: (No such file|Permission denied)/;
const NO_SUCH_USER = /runuser: user \S+ does not exist|sudo: unknown user|unknown user:? \S+/i;

/**
 * Runs a Slurm command as the caller on the cluster.
 * @throws ExecError from the executor; EXEC_FAILED when the Slurm command is not installed there.
 * @throws ChatopsError FORBIDDEN when the mapped Unix user does not exist on the cluster.
 * @throws ClassifiedSlurmError (a SlurmError) when Slurm exits non-zero.
 */
export async function runSlurm(ctx: QueryContext, argv: Argv): Promise<ExecResult> {
  const result = await ctx.executor.run({ argv, runAs: ctx.unixUser, timeoutMs: ctx.cluster.timeoutSeconds * 1000 });
  if (result.exitCode === 0) return result;
  const text = (result.stderr.trim() || result.stdout.trim()).slice(0, 4000);
  if (result.exitCode === NOT_FOUND || NOT_INSTALLED.test(text)) {
    throw new ExecError('EXEC_FAILED', `${argv[0] ?? 'The command'} was not found on ${ctx.cluster.name}: is Slurm installed and on the PATH?`);
  }
  if (NO_SUCH_USER.test(text)) {
    throw new ChatopsError('FORBIDDEN', `Your Unix user ${ctx.unixUser} does not exist on ${ctx.cluster.name}. Ask an admin to fix your mapping.`);
  }
  throw new ClassifiedSlurmError(classifySlurmError(text), result.exitCode);
}
