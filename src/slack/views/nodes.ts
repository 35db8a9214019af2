import type { NodeStateFamily, SlurmNode } from '../../slurm/types';
import {
  actions, button, context, fallbackText, header, packLines, section,
  type Button, type KnownBlock, type SlackMessage,
} from './blocks';
import { escapeMrkdwn, inlineCode } from './escape';
import { formatMemoryMb, NODE_FAMILY_ORDER, nodeLabel, nodeMarker, plural, slackDate } from './format';
import { ACTION_IDS, BLOCK_IDS, encodeNodesPageValue } from './ids';
import { clampPageSize, paginate } from './pagination';

export const NODES_PAGE_SIZE = 40;
/** A node line is at most ~650 characters, so 100 of them pack into at most 25 sections. */
export const NODES_MAX_PAGE_SIZE = 100;

export interface NodesViewInput {
  readonly cluster: string;
  readonly nodes: readonly SlurmNode[];
  /** Shown in the header and kept by the pager; the caller filters the nodes. */
  readonly partition?: string;
  readonly page?: number;
  readonly pageSize?: number;
  readonly now?: Date;
}

/** Blocks left for node lines once header, summary, pager and footer are counted. */
const LIST_SECTIONS = 40;

const TROUBLE: ReadonlySet<NodeStateFamily> = new Set<NodeStateFamily>(['down', 'drained', 'draining', 'unknown']);

function sum(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  return known.length === 0 ? undefined : known.reduce((a, b) => a + b, 0);
}

function summary(nodes: readonly SlurmNode[]): { marked: string; plain: string; capacity: string } {
  const counts = new Map<NodeStateFamily, number>();
  for (const node of nodes) counts.set(node.state, (counts.get(node.state) ?? 0) + 1);
  const present = NODE_FAMILY_ORDER.filter((f) => (counts.get(f) ?? 0) > 0);
  const cpusUsed = sum(nodes.map((n) => n.cpusAllocated));
  const cpusTotal = sum(nodes.map((n) => n.cpusTotal));
  const memUsed = sum(nodes.map((n) => n.memoryAllocatedMb));
  const memTotal = sum(nodes.map((n) => n.memoryMb));
  const capacity = [
    cpusTotal !== undefined ? `CPUs ${cpusUsed ?? 0}/${cpusTotal} allocated` : '',
    memTotal !== undefined ? `memory ${formatMemoryMb(memUsed ?? 0)}/${formatMemoryMb(memTotal)} allocated` : '',
  ].filter((p) => p !== '').join('  ·  ');
  return {
    marked: present.map((f) => `${nodeMarker(f)} ${counts.get(f)} ${nodeLabel(f)}`).join('  ·  '),
    plain: present.map((f) => `${counts.get(f)} ${nodeLabel(f)}`).join(', '),
    capacity,
  };
}

/** `:large_green_circle: `node01` idle · CPUs 4/16 · mem 12 GB/64 GB · `compute`` plus the reason when it is down. */
export function nodeLine(node: SlurmNode): string {
  const parts = [`${nodeMarker(node.state)} ${inlineCode(node.name, 80)} ${nodeLabel(node.state)}`];
  if (node.state === 'unknown' && node.stateText.trim() !== '') parts[0] += ` (${inlineCode(node.stateText, 40)})`;
  if (node.cpusTotal !== undefined) parts.push(`CPUs ${node.cpusAllocated ?? 0}/${node.cpusTotal}`);
  if (node.memoryMb !== undefined) {
    parts.push(node.memoryAllocatedMb !== undefined
      ? `mem ${formatMemoryMb(node.memoryAllocatedMb)}/${formatMemoryMb(node.memoryMb)}`
      : `mem ${formatMemoryMb(node.memoryMb)}`);
  }
  if (node.partitions.length > 0) parts.push(node.partitions.slice(0, 5).map((p) => inlineCode(p, 40)).join(' '));
  let line = parts.join('  ·  ');
  if (node.reason && (TROUBLE.has(node.state) || /DOWN|DRAIN|FAIL/i.test(node.stateText))) {
    line += `\n      reason: ${inlineCode(node.reason, 200)}`;
  }
  return line;
}

/**
 * `/slurm nodes`: counts by state family and allocated capacity first, then one line per
 * node (CPUs, memory, partitions, and the reason for a down or drained node), paginated.
 */
export function renderNodes(input: NodesViewInput): SlackMessage {
  const { cluster, partition } = input;
  const now = input.now ?? new Date();
  const where = `*${escapeMrkdwn(cluster, 64)}*${partition ? ` (partition ${inlineCode(partition, 40)})` : ''}`;
  if (input.nodes.length === 0) {
    return {
      text: fallbackText(`No nodes on ${where}.`),
      blocks: [section(`:zero: No nodes on ${where}.`), context(`Updated ${slackDate(now)}`)],
    };
  }
  const page = paginate(input.nodes, input.page ?? 0, clampPageSize(input.pageSize, NODES_PAGE_SIZE, NODES_MAX_PAGE_SIZE));
  const totals = summary(input.nodes);
  const packed = packLines(page.items.map(nodeLine), LIST_SECTIONS);
  const blocks: KnownBlock[] = [
    header(`Nodes on ${cluster}${partition ? ` · ${partition}` : ''}`),
    section(`*${plural(input.nodes.length, 'node')}*  ·  ${totals.marked}${totals.capacity ? `\n${totals.capacity}` : ''}`),
    ...packed.sections,
  ];
  const pager: Button[] = [];
  const pageValue = (p: number): string => encodeNodesPageValue({ cluster, page: p, ...(partition ? { partition } : {}) });
  if (page.hasPrevious) pager.push(button({ text: '← Previous', actionId: ACTION_IDS.nodesPagePrev, value: pageValue(page.page - 1) }));
  if (page.hasNext) pager.push(button({ text: 'Next →', actionId: ACTION_IDS.nodesPageNext, value: pageValue(page.page + 1) }));
  if (pager.length > 0) blocks.push(actions(pager, BLOCK_IDS.nodesPager));
  blocks.push(context(
    `Page ${page.page + 1} of ${page.pageCount}  ·  showing ${page.start + 1}–${page.start + packed.shown} of ${page.total}  ·  updated ${slackDate(now)}`,
  ));
  return {
    text: fallbackText(`Nodes on ${escapeMrkdwn(cluster, 64)}: ${plural(input.nodes.length, 'node')} (${totals.plain}).`),
    blocks,
  };
}
