import { buildSqueue } from '../../slurm/builders';
import { parseSqueue } from '../../slurm/parsers/squeue';
import type { JobFilter } from '../../slurm/types';
import type { SlackMessage } from '../../slack/views/blocks';
import { renderJobs } from '../../slack/views/jobs';
import { runSlurm, type QueryContext } from './context';

/**
 * `/slurm jobs`: squeue with the filter, as the caller, one page rendered (the pager re-runs this).
 * @throws see runSlurm.
 */
export async function jobsQuery(ctx: QueryContext, command: { filter: JobFilter; page: number }): Promise<SlackMessage> {
  const result = await runSlurm(ctx, buildSqueue(command.filter));
  const jobs = parseSqueue(result.stdout, ctx.parse);
  return renderJobs({ cluster: ctx.cluster.name, jobs, filter: command.filter, page: command.page, now: ctx.now, canSubmit: true });
}
