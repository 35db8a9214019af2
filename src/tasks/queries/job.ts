import { AccessDenied } from '../../access/denied';
import { ChatopsError } from '../../errors';
import type { Argv } from '../../exec/executor';
import { buildSacct, buildShowJob, buildShowNodes, buildSqueueStart } from '../../slurm/builders';
import { parseJobId, pickJob } from '../../slurm/jobid';
import { parseSacct, type SacctJob } from '../../slurm/parsers/sacct';
import { parseScontrolJobs } from '../../slurm/parsers/scontrol-job';
import { parseScontrolNodes } from '../../slurm/parsers/scontrol-nodes';
import { parseSqueueStart } from '../../slurm/parsers/squeue-start';
import { stateFamily } from '../../slurm/states';
import type { Job, SlurmNode } from '../../slurm/types';
import type { SlackMessage } from '../../slack/views/blocks';
import { renderJobDetails } from '../../slack/views/job-details';
import { ClassifiedSlurmError, runSlurm, type QueryContext } from './context';

/** The record for the id asked, else the first one Slurm printed for it. */
function pick<T extends Job>(jobs: readonly T[], jobId: string): T | undefined {
  return pickJob(jobs, jobId) ?? jobs[0];
}

/** Runs a read whose "no such job" answer (or "no accounting", for sacct) is data, not a failure. */
async function unlessGone<T>(ctx: QueryContext, argv: Argv, read: (stdout: string) => T): Promise<T | undefined> {
  try {
    return read((await runSlurm(ctx, argv)).stdout);
  } catch (error) {
    if (error instanceof ClassifiedSlurmError && (error.info.kind === 'invalid_job_id' || error.info.kind === 'accounting_disabled')) {
      return undefined;
    }
    throw error;
  }
}

function fromAccounting(job: SacctJob): Job {
  const id = parseJobId(job.id);
  return {
    id: job.id,
    baseId: id.baseId,
    ...(id.arrayTask !== undefined && { arrayJobId: id.baseId, arrayTaskId: id.arrayTask }),
    name: job.name,
    user: job.user,
    state: job.state,
    stateText: job.stateText,
    partition: job.partition,
    nodes: job.nodes,
    nodeCount: job.nodeCount,
    cpus: job.cpus,
    submitTime: job.submitTime,
    startTime: job.startTime,
    endTime: job.endTime,
    elapsedSeconds: job.elapsedSeconds,
    timeLimitSeconds: job.timeLimitSeconds,
    exitCode: job.exitCode,
    workDir: job.workDir,
    minMemory: job.reqMem,
  };
}

/** Best effort: a pending job's card is still useful without Slurm's estimate or the node list. */
async function optional<T>(ctx: QueryContext, what: string, load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    ctx.log.warn(`${what} unavailable`, { requestId: ctx.requestId, cluster: ctx.cluster.name, error });
    return undefined;
  }
}

/**
 * `/slurm job ID`: scontrol's view of the job; sacct's when the cluster keeps accounting and
 * scontrol has forgotten it. For a waiting job also Slurm's start estimate and the partition's
 * nodes (so the card can say cloud nodes are powering up).
 * @throws ChatopsError JOB_NOT_FOUND when neither knows the job; AccessDenied (FORBIDDEN) when a viewer asks
 *   about another user's job; otherwise see runSlurm.
 */
export async function jobQuery(ctx: QueryContext, command: { jobId: string }): Promise<SlackMessage> {
  const { jobId } = command;
  let job: Job | undefined = await unlessGone(ctx, buildShowJob(jobId), (out) => pick(parseScontrolJobs(out, ctx.parse), jobId));
  if (job === undefined && ctx.cluster.accounting) {
    job = await unlessGone(ctx, buildSacct([jobId]), (out) => pick(parseSacct(out, ctx.parse).map(fromAccounting), jobId));
  }
  if (job === undefined) throw new ChatopsError('JOB_NOT_FOUND', `Job ${jobId} was not found on ${ctx.cluster.name}.`);
  if (ctx.ownJobsOnly === true && job.user !== ctx.unixUser) {
    throw new AccessDenied({ kind: 'role', cluster: ctx.cluster.name, role: 'viewer', permission: 'read-any' });
  }
  let nodes: readonly SlurmNode[] | undefined;
  const family = stateFamily(job.state);
  if (family === 'pending' || family === 'held') {
    const waiting = job;
    const [start, all] = await Promise.all([
      optional(ctx, 'start estimate', async () =>
        parseSqueueStart((await runSlurm(ctx, buildSqueueStart({ jobIds: [waiting.id] }))).stdout, ctx.parse).find((s) => s.id === waiting.id)),
      optional(ctx, 'node list', async () => parseScontrolNodes((await runSlurm(ctx, buildShowNodes())).stdout)),
    ]);
    if (start?.expectedStart !== undefined) job = { ...job, expectedStart: start.expectedStart };
    nodes = all?.filter((n) => n.partitions.includes(waiting.partition));
  }
  const shown = job;
  const watchedByCaller = ctx.watchedByCaller;
  const watching = watchedByCaller === undefined
    ? false
    : (await optional(ctx, 'watch', async () => (await watchedByCaller(jobId)) || (shown.id !== jobId && (await watchedByCaller(shown.id))))) === true;
  return renderJobDetails({
    cluster: ctx.cluster.name,
    job,
    watching,
    minJobAgeSeconds: ctx.cluster.minJobAgeSeconds,
    // Slurm would refuse the change on someone else's job anyway; the buttons are offered where it would not.
    canAct: job.user === ctx.unixUser || ctx.actsOnAnyJob === true,
    now: ctx.now,
    ...(nodes !== undefined && { nodes }),
  });
}
