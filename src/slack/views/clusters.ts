import { context, fallbackText, header, packLines, section, type SlackMessage } from './blocks';
import { escapeMrkdwn, inlineCode } from './escape';
import { plural } from './format';

export interface ClusterSummary {
  readonly name: string;
  readonly executor: 'local' | 'ssm';
  readonly region?: string;
  readonly description?: string;
  /** Known from a recent call; absent = not checked. */
  readonly reachable?: boolean;
}

export interface ClustersViewInput {
  readonly clusters: readonly ClusterSummary[];
  readonly defaultCluster?: string;
}

/** Sections left for clusters once the header and footer are counted. */
const LIST_SECTIONS = 45;

function clusterLine(cluster: ClusterSummary, isDefault: boolean): string {
  const how = cluster.executor === 'ssm'
    ? `:cloud: AWS SSM${cluster.region ? ` in ${inlineCode(cluster.region, 40)}` : ''}`
    : ':desktop_computer: local';
  const parts = [`*${inlineCode(cluster.name, 64)}*${isDefault ? ' _(default)_' : ''}`, how];
  if (cluster.reachable === false) parts.push(':red_circle: unreachable');
  if (cluster.reachable === true) parts.push(':large_green_circle: reachable');
  const line = parts.join('  ·  ');
  return cluster.description ? `${line}\n      ${escapeMrkdwn(cluster.description, 300)}` : line;
}

/** `/slurm clusters`: the configured clusters, how the bot reaches each, the default marked. */
export function renderClusters(input: ClustersViewInput): SlackMessage {
  if (input.clusters.length === 0) {
    const text = ':warning: No clusters are configured. Ask an admin to add one to the configuration file.';
    return { text: fallbackText('No clusters are configured.'), blocks: [section(text)] };
  }
  const packed = packLines(input.clusters.map((c) => clusterLine(c, c.name === input.defaultCluster)), LIST_SECTIONS);
  const cut = input.clusters.length - packed.shown;
  return {
    text: fallbackText(
      `Clusters: ${input.clusters.slice(0, 10).map((c) => escapeMrkdwn(c.name, 64)).join(', ')}${input.clusters.length > 10 ? ', …' : ''}.`,
    ),
    blocks: [
      header('Clusters'),
      ...packed.sections,
      context(`${plural(input.clusters.length, 'cluster')}${cut > 0 ? ` (${cut} not shown)` : ''}`),
    ],
  };
}
