import { buildSinfoPartitions } from '../../slurm/builders';
import { parseSinfoPartitions } from '../../slurm/parsers/sinfo-partitions';
import type { SlackMessage } from '../../slack/views/blocks';
import { renderPartitions } from '../../slack/views/partitions';
import { runSlurm, type QueryContext } from './context';

/**
 * `/slurm partitions`: availability, limits and nodes by state for each partition.
 * @throws see runSlurm.
 */
export async function partitionsQuery(ctx: QueryContext): Promise<SlackMessage> {
  const result = await runSlurm(ctx, buildSinfoPartitions());
  return renderPartitions({ cluster: ctx.cluster.name, partitions: parseSinfoPartitions(result.stdout), now: ctx.now });
}
