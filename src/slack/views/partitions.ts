import type { Partition } from '../../slurm/types';
import { context, fallbackText, header, packLines, section, type KnownBlock, type SlackMessage } from './blocks';
import { escapeMrkdwn, inlineCode } from './escape';
import { formatDuration, NODE_FAMILY_ORDER, nodeLabel, nodeMarker, plural, slackDate } from './format';

/** Sections left for partitions once the header and footer are counted. */
const LIST_SECTIONS = 45;

export interface PartitionsViewInput {
  readonly cluster: string;
  readonly partitions: readonly Partition[];
  readonly now?: Date;
}

const AVAILABILITY_MARKERS: Readonly<Record<string, string>> = {
  UP: ':large_green_circle:',
  DOWN: ':red_circle:',
  DRAIN: ':no_entry:',
  INACTIVE: ':zzz:',
};

function availability(partition: Partition): string {
  const raw = partition.availability.trim().toUpperCase();
  const marker = AVAILABILITY_MARKERS[raw] ?? ':grey_question:';
  return `${marker} ${AVAILABILITY_MARKERS[raw] ? raw : inlineCode(partition.availability || 'unknown', 40)}`;
}

/** The lines for one partition: name, availability, limits; then nodes by state. */
export function partitionLines(partition: Partition): string {
  const first = [
    `*${inlineCode(partition.name, 80)}*${partition.isDefault ? ' _(default)_' : ''}`,
    availability(partition),
    `time limit ${formatDuration(partition.timeLimitSeconds)}`,
  ];
  if (partition.defaultTimeSeconds !== undefined) first.push(`default time ${formatDuration(partition.defaultTimeSeconds)}`);
  const states = NODE_FAMILY_ORDER
    .filter((f) => (partition.nodeStates[f] ?? 0) > 0)
    .map((f) => `${nodeMarker(f)} ${partition.nodeStates[f]} ${nodeLabel(f)}`);
  const second = [plural(partition.totalNodes, 'node'), ...states];
  if (partition.totalCpus !== undefined) second.push(`${partition.totalCpus} CPUs`);
  const lines = [first.join('  ·  '), second.join('  ·  ')];
  if (partition.nodes) lines.push(`nodes ${inlineCode(partition.nodes, 300)}`);
  return lines.join('\n');
}

/**
 * `/slurm partitions`: per partition its availability, time limits, and node counts by state,
 * the default one marked. Partitions beyond what one message holds are cut, with the count said.
 */
export function renderPartitions(input: PartitionsViewInput): SlackMessage {
  const { cluster } = input;
  const now = input.now ?? new Date();
  const clusterText = `*${escapeMrkdwn(cluster, 64)}*`;
  if (input.partitions.length === 0) {
    return {
      text: fallbackText(`No partitions on ${escapeMrkdwn(cluster, 64)}.`),
      blocks: [section(`:zero: No partitions on ${clusterText}.`), context(`Updated ${slackDate(now)}`)],
    };
  }
  const packed = packLines(input.partitions.map((p) => `${partitionLines(p)}\n`), LIST_SECTIONS);
  const blocks: KnownBlock[] = [header(`Partitions on ${cluster}`), ...packed.sections];
  const cut = input.partitions.length - packed.shown;
  const notes = [`${plural(input.partitions.length, 'partition')}`, `updated ${slackDate(now)}`];
  if (cut > 0) notes.unshift(`${cut} more not shown`);
  blocks.push(context(notes.join('  ·  ')));
  const defaultPartition = input.partitions.find((p) => p.isDefault);
  return {
    text: fallbackText(
      `Partitions on ${escapeMrkdwn(cluster, 64)}: ${input.partitions.slice(0, 10).map((p) => `${escapeMrkdwn(p.name, 40)} (${escapeMrkdwn(p.availability, 20)})`).join(', ')}${input.partitions.length > 10 ? ', …' : ''}.`,
      defaultPartition ? `Default: ${escapeMrkdwn(defaultPartition.name, 40)}.` : '',
    ),
    blocks,
  };
}
