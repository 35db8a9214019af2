import { randomBytes } from 'node:crypto';
import type { ClusterConfig } from '../config';
import type { Argv, Executor } from '../exec/executor';
import { slurmArgv } from '../exec/slurm-bin-dir';
import { buildSacct, buildSqueue } from '../slurm/builders';
import { parseSacct, type SacctJob } from '../slurm/parsers/sacct';
import { classifySlurmError, findSlurmError } from '../slurm/parsers/slurm-errors';
import { parseSqueue } from '../slurm/parsers/squeue';
import type { Job } from '../slurm/types';
import { ClassifiedSlurmError } from '../tasks/queries/context';
import type { Snapshot } from './judge';
import { buildSequence, splitSequence } from './poll-script';

/**
 * Job ids per call. 200 ids keep the argv near 2 KB, far below any shell or SSM limit; a cluster with
 * more watched jobs than that gets one call per 200 (the only case with more than one call per tick).
 */
export const MAX_JOBS_PER_CALL = 200;

export interface PollResult extends Snapshot {
  /** Executor calls made (1 unless more than MAX_JOBS_PER_CALL jobs are watched). */
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

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function failure(stderr: string, stdout: string, exitCode: number): ClassifiedSlurmError {
  return new ClassifiedSlurmError(classifySlurmError((stderr.trim() || stdout.trim() || `exit code ${exitCode}`).slice(0, 4000)), exitCode);
}

/**
 * The states of the given jobs on one cluster in ONE executor call (per MAX_JOBS_PER_CALL jobs), run
 * with the executor's own identity: `squeue --states=all --jobs=…` (every job, array task and pending
 * range for MinJobAge after it ends), and on a cluster with accounting also `sacct --jobs=…` in the same
 * call (for jobs squeue has forgotten, and for memory and CPU use). A sacct failure only loses the extras.
 * @throws ExecError when the cluster cannot be reached; ClassifiedSlurmError when squeue fails (the
 *   controller is down); ValidationError for a malformed job id (callers validate first).
 */
export async function pollCluster(executor: Executor, cluster: ClusterConfig, jobIds: readonly string[], options: PollOptions = {}): Promise<PollResult> {
  const jobs: Job[] = [];
  const accounting: SacctJob[] = [];
  const problems: string[] = [];
  const timeoutMs = cluster.timeoutSeconds * 1000;
  const parse = { timeZone: cluster.timeZone };
  const groups = chunks([...new Set(jobIds)], MAX_JOBS_PER_CALL);
  for (const ids of groups) {
    const squeue = buildSqueue({ jobIds: ids });
    if (!cluster.accounting) {
      const result = await executor.run({ argv: squeue, timeoutMs });
      if (result.exitCode !== 0) throw failure(result.stderr, result.stdout, result.exitCode);
      jobs.push(...parseSqueue(result.stdout, parse));
      continue;
    }
    const nonce = options.nonce?.() ?? randomBytes(16).toString('hex');
    // The programs run inside a wrapper script, where the executor cannot add the cluster's slurmBinDir.
    const argv: Argv = buildSequence(slurmArgv(squeue, cluster.slurmBinDir), slurmArgv(buildSacct(ids), cluster.slurmBinDir), nonce);
    const result = await executor.run({ argv, timeoutMs });
    const parts = splitSequence(result.stdout, nonce);
    if (result.exitCode !== 0 || parts.firstExit !== 0) throw failure(result.stderr, parts.first, result.exitCode || (parts.firstExit ?? 1));
    jobs.push(...parseSqueue(parts.first, parse));
    if (parts.secondExit === 0) accounting.push(...parseSacct(parts.second, parse));
    else problems.push(findSlurmError(parts.secondStderr)?.message ?? `sacct exited ${parts.secondExit ?? '(no answer)'}`);
  }
  return {
    jobs,
    ...(cluster.accounting && problems.length === 0 && { accounting }),
    calls: groups.length,
    ...(problems.length > 0 && { accountingProblem: problems[0]! }),
  };
}
