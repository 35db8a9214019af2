import {
  actions, button, context, fallbackText, header, packLines, section,
  type KnownBlock, type SlackMessage,
} from './blocks';
import { escapeMrkdwn, inlineCode } from './escape';
import { ACTION_IDS, BLOCK_IDS, encodeClusterValue } from './ids';

/** One line of the command list; the router owns the grammar, so it supplies these. */
export interface HelpCommand {
  /** e.g. `jobs [mine|all] [state=pending] [partition=debug]` (without the slash command). */
  readonly usage: string;
  readonly description: string;
  /** e.g. `jobs state=running`. */
  readonly example?: string;
}

export interface HelpViewInput {
  /** Configured cluster names. */
  readonly clusters: readonly string[];
  readonly defaultCluster?: string;
  /** The caller's Unix user; absent when the caller is not mapped. */
  readonly unixUser?: string;
  readonly commands: readonly HelpCommand[];
  /** The slash command as installed; default `/slurm`. */
  readonly slashCommand?: string;
}

/** Sections left for the command list once intro, identity, clusters and buttons are counted. */
const COMMAND_SECTIONS = 40;
const MAX_CLUSTERS_LISTED = 20;

function commandLine(slash: string, command: HelpCommand): string {
  const line = `${inlineCode(`${slash} ${command.usage}`, 200)}  ${escapeMrkdwn(command.description, 400)}`;
  return command.example ? `${line}\n      e.g. ${inlineCode(`${slash} ${command.example}`, 200)}` : line;
}

/**
 * `/slurm help`: what the bot does, every command with an example, the configured clusters,
 * who the caller acts as on the cluster (or how to get mapped), and a "Submit a job" button
 * for mapped users.
 */
export function renderHelp(input: HelpViewInput): SlackMessage {
  const slash = input.slashCommand ?? '/slurm';
  const defaultCluster = input.defaultCluster ?? input.clusters[0];
  const identity = input.unixUser
    ? `:bust_in_silhouette: You act as Unix user ${inlineCode(input.unixUser, 40)}: Slurm's own permissions apply, so you can change your own jobs.`
    : `:warning: *You are not mapped to a Unix user yet*, so you cannot see private details or change jobs. Ask an admin to map your Slack account, or use ${inlineCode(`${slash} link`)}.`;
  const listed = input.clusters.slice(0, MAX_CLUSTERS_LISTED)
    .map((c) => `${inlineCode(c, 64)}${c === defaultCluster ? ' _(default)_' : ''}`);
  const more = input.clusters.length > MAX_CLUSTERS_LISTED ? ` and ${input.clusters.length - MAX_CLUSTERS_LISTED} more` : '';
  const clustersText = input.clusters.length > 0
    ? `Clusters: ${listed.join(', ')}${more}`
    : 'No clusters are configured yet: ask an admin.';
  const blocks: KnownBlock[] = [
    header('Slurm from Slack'),
    section(
      'I run Slurm for you on the head node: list and inspect jobs, cancel, hold, release or requeue them, '
      + 'show nodes and partitions, submit a job script, and post an alert when a watched job ends.',
    ),
    ...packLines(input.commands.map((c) => commandLine(slash, c)), COMMAND_SECTIONS).sections,
    section(identity),
    context(clustersText),
  ];
  if (input.unixUser && defaultCluster) {
    blocks.push(actions([button({
      text: 'Submit a job',
      actionId: ACTION_IDS.submitOpen,
      value: encodeClusterValue({ cluster: defaultCluster }),
      style: 'primary',
    })], BLOCK_IDS.helpActions));
  }
  return {
    text: fallbackText(
      `Slurm from Slack: ${input.commands.slice(0, 8).map((c) => `${slash} ${escapeMrkdwn(c.usage.split(' ')[0] ?? '', 40)}`).join(', ')}.`,
      input.unixUser ? '' : 'You are not mapped to a Unix user yet.',
    ),
    blocks,
  };
}
