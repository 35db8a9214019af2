import { context, fallbackText, section, type KnownBlock, type SlackMessage } from './blocks';
import { escapeMrkdwn, inlineCode } from './escape';
import { plural, slackDate } from './format';

export interface ClusterUnreachableInput {
  readonly cluster: string;
  /** Watcher ticks in a row that failed. */
  readonly failures: number;
  /** Epoch seconds of the first failed tick. */
  readonly failingSince?: number;
  /** What the last failure said (our own error text, no secrets). */
  readonly lastError?: string;
  /** Jobs watched on this cluster (from this channel or any). */
  readonly watchedJobs: number;
}

/**
 * The one warning a channel gets when the watcher cannot reach a cluster for several ticks in a row:
 * alerts are late, not lost. Never throws.
 */
export function renderClusterUnreachable(input: ClusterUnreachableInput): SlackMessage {
  const name = escapeMrkdwn(input.cluster, 64);
  const since = input.failingSince !== undefined ? ` since ${slackDate(new Date(input.failingSince * 1000))}` : '';
  const text = `:electric_plug: The bot cannot reach cluster *${name}*${since} (${plural(input.failures, 'check')} in a row failed). ` +
    `Alerts for its ${plural(input.watchedJobs, 'watched job')} will be late, not lost: they go out once it answers again.`;
  const blocks: KnownBlock[] = [section(text)];
  if (input.lastError) blocks.push(context(`Last error: ${inlineCode(input.lastError, 300)}  ·  tell the cluster admins if this lasts`));
  return { text: fallbackText(`Cluster ${name} is unreachable; job alerts will be late.`), blocks };
}

/** The one "reachable again" message after a warning. Never throws. */
export function renderClusterReachable(input: { readonly cluster: string }): SlackMessage {
  const name = escapeMrkdwn(input.cluster, 64);
  const text = `:white_check_mark: Cluster *${name}* is reachable again; job alerts are back on time.`;
  return { text: fallbackText(text), blocks: [section(text)] };
}
