import { randomBytes } from 'node:crypto';
import type { ClusterConfig } from '../config';
import type { Argv, Executor } from '../exec/executor';
import { slurmArgv } from '../exec/slurm-bin-dir';
import { buildSacct, buildSqueue } from '../slurm/builders';
import { parseJobIdArg } from '../slurm/jobid';
import { parseSacct } from '../slurm/parsers/sacct';
import { classifySlurmError, findSlurmError } from '../slurm/parsers/slurm-errors';
import { parseSqueue } from '../slurm/parsers/squeue';
import type { Job } from '../slurm/types';
import { ClassifiedSlurmError } from '../tasks/queries/context';
import type { Snapshot } from './judge';
import { buildSequence, splitSequence } from './poll-script';

/**
 * Up to this many watched jobs, squeue is asked about them by id (`--jobs=…`, about 2 KB of argv).
 * Past it, squeue lists every job of the cluster and the watched ones are picked out here, so one
 * call serves any number of watches without a long squeue argv. It costs the controller nothing
 * more: for a list of ids squeue loads the whole job table too, then compares every job with
 * every listed id.
 */
export const MAX_LISTED_JOB_IDS = 200;

export interface PollResult extends Snapshot {
  /** Executor calls made: always 1 (kept for the tick's report). */
  readonly calls: number;
  /**
   * Why sacct gave nothing, when accounting is configured but did not answer (not fatal: squeue's
   * answer stands, but a job squeue no longer lists cannot be called vanished this tick).
   */
  readonly accountingProblem?: string;
}

export interface PollOptions {
  /** The marker nonce for the squeue+sacct script; default 16 random bytes. */
  readonly nonce?: () => string;
}

/** The squeue records of the watched jobs (with their array tasks and het components) among every job of the cluster. */
function watchedOnly(jobs: readonly Job[], baseIds: ReadonlySet<string>): Job[] {
  return jobs.filter((j) => baseIds.has(j.baseId) || (j.arrayJobId !== undefined && baseIds.has(j.arrayJobId)));
}

function failure(stderr: string, stdout: string, exitCode: number): ClassifiedSlurmError {
  return new ClassifiedSlurmError(classifySlurmError((stderr.trim() || stdout.trim() || `exit code ${exitCode}`).slice(0, 4000)), exitCode);
}

/**
 * The states of the given jobs on one cluster in ONE executor call, whatever their number, run with
 * the executor's own identity: `squeue --states=all` (every job, array task and pending range for
 * MinJobAge after it ends; by id up to MAX_LISTED_JOB_IDS jobs, else every job of the cluster, the
 * watched ones picked out here), and on a cluster with accounting also `sacct --jobs=…` in the same
 * call (for jobs squeue has forgotten, and for memory and CPU use). A sacct failure only loses the
 * extras; sacct's id list is one argument, which Linux caps at 128 KiB (some 14,000 ids): past
 * that sacct cannot start, which is such a failure.
 * @throws ExecError when the cluster cannot be reached; ClassifiedSlurmError when squeue fails (the
 *   controller is down); ValidationError for a malformed job id (callers validate first).
 */
export async function pollCluster(executor: Executor, cluster: ClusterConfig, jobIds: readonly string[], options: PollOptions = {}): Promise<PollResult> {
  const ids = [...new Set(jobIds)];
  if (ids.length === 0) return { jobs: [], ...(cluster.accounting && { accounting: [] }), calls: 0 };
  const baseIds = new Set(ids.map((id) => parseJobIdArg(id).baseId));
  const listed = ids.length <= MAX_LISTED_JOB_IDS;
  // buildSqueue asks for every state only along with ids; the whole queue needs the same.
  const squeue = listed ? buildSqueue({ jobIds: ids }) : [...buildSqueue(), '--states=all'];
  const timeoutMs = cluster.timeoutSeconds * 1000;
  const parse = { timeZone: cluster.timeZone };
  const pick = (stdout: string): Job[] => (listed ? parseSqueue(stdout, parse) : watchedOnly(parseSqueue(stdout, parse), baseIds));
  if (!cluster.accounting) {
    const result = await executor.run({ argv: squeue, timeoutMs });
    if (result.exitCode !== 0) throw failure(result.stderr, result.stdout, result.exitCode);
    return { jobs: pick(result.stdout), calls: 1 };
  }
  const nonce = options.nonce?.() ?? randomBytes(16).toString('hex');
  // The programs run inside a wrapper script, where the executor cannot add the cluster's slurmBinDir.
  const argv: Argv = buildSequence(slurmArgv(squeue, cluster.slurmBinDir), slurmArgv(buildSacct(ids), cluster.slurmBinDir), nonce);
  const result = await executor.run({ argv, timeoutMs });
  const parts = splitSequence(result.stdout, nonce);
  if (result.exitCode !== 0 || parts.firstExit !== 0) throw failure(result.stderr, parts.first, result.exitCode || (parts.firstExit ?? 1));
  const jobs = pick(parts.first);
  if (parts.secondExit === 0) return { jobs, accounting: parseSacct(parts.second, parse), calls: 1 };
  return { jobs, calls: 1, accountingProblem: findSlurmError(parts.secondStderr)?.message ?? `sacct exited ${parts.secondExit ?? '(no answer)'}` };
}
