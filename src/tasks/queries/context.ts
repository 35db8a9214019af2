import type { ClusterConfig } from '../../config';
import { SlurmError } from '../../errors';
import type { Argv, ExecResult, Executor } from '../../exec/executor';
import { rejectUnrunnable } from '../../exec/unrunnable';
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
  /** Whether the caller watches the job, so its details offer Stop watching; absent without a watch store. */
  readonly watchedByCaller?: (jobId: string) => Promise<boolean>;
}

/** A Slurm refusal with its classification, so a query can turn "Invalid job id" into JOB_NOT_FOUND. */
export class ClassifiedSlurmError extends SlurmError {
  constructor(readonly info: SlurmErrorInfo, exitCode: number) {
    super(info.summary, info.message, exitCode);
  }
}

/**
 * Runs a Slurm command as the caller on the cluster.
 * @throws ExecError from the executor; EXEC_FAILED when the Slurm command is not installed there.
 * @throws ChatopsError FORBIDDEN when the mapped Unix user does not exist on the cluster.
 * @throws ClassifiedSlurmError (a SlurmError) when Slurm exits non-zero.
 */
export async function runSlurm(ctx: QueryContext, argv: Argv): Promise<ExecResult> {
  const ran = await ctx.executor.run({ argv, runAs: ctx.unixUser, timeoutMs: ctx.cluster.timeoutSeconds * 1000 });
  const result = rejectUnrunnable(ran, argv[0] ?? 'The command', ctx.cluster.name, ctx.unixUser);
  if (result.exitCode === 0) return result;
  throw new ClassifiedSlurmError(classifySlurmError((result.stderr.trim() || result.stdout.trim()).slice(0, 4000)), result.exitCode);
}
