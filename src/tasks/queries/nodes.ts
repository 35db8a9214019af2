import { buildShowNodes } from '../../slurm/builders';
import { parseScontrolNodes } from '../../slurm/parsers/scontrol-nodes';
import type { SlackMessage } from '../../slack/views/blocks';
import { renderNodes } from '../../slack/views/nodes';
import { runSlurm, type QueryContext } from './context';

/**
 * `/slurm nodes`: every node (or a partition's), summary by state then one page of the list.
 * @throws see runSlurm.
 */
export async function nodesQuery(ctx: QueryContext, command: { page: number; partition?: string }): Promise<SlackMessage> {
  const result = await runSlurm(ctx, buildShowNodes());
  const all = parseScontrolNodes(result.stdout);
  const partition = command.partition;
  const nodes = partition === undefined ? all : all.filter((n) => n.partitions.includes(partition));
  return renderNodes({
    cluster: ctx.cluster.name,
    nodes,
    page: command.page,
    now: ctx.now,
    ...(partition !== undefined && { partition }),
  });
}
