import { buildSqueue } from '../slurm/builders';
import { pickJob } from '../slurm/jobid';
import { parseSqueue } from '../slurm/parsers/squeue';
import type { Job } from '../slurm/types';
import { execForActor, type ActionContext } from './context';

/**
 * Every squeue record of the job (one, or an array's tasks, or a het job's components), in one call
 * as the actor. Empty when Slurm does not know the job.
 * @throws ExecError when the cluster cannot be reached; ChatopsError FORBIDDEN for a missing Unix user.
 */
export async function readJobRecords(ctx: ActionContext, jobId: string): Promise<Job[]> {
  const result = await execForActor(ctx, buildSqueue({ jobIds: [jobId] }));
  if (result.exitCode !== 0) return [];
  return parseSqueue(result.stdout, ctx.parse);
}

/**
 * The job's state after an action, for the card and the reply; undefined when Slurm no longer knows
 * it or the read failed (the action's own result still stands, so this never throws).
 */
export async function reReadJob(ctx: ActionContext, jobId: string): Promise<Job | undefined> {
  try {
    return pickJob(await readJobRecords(ctx, jobId), jobId);
  } catch (error) {
    ctx.log.warn('job state not re-read after an action', { requestId: ctx.requestId, cluster: ctx.cluster.name, jobId, error });
    return undefined;
  }
}
