import { context, fallbackText, section, type KnownBlock, type SlackMessage } from './blocks';
import { escapeMrkdwn, mention } from './escape';
import { stateLabel, stateMarker } from './format';
import type { JobState } from '../../slurm/states';

export type WatchOutcome =
  | { readonly kind: 'watching'; readonly inThread: boolean }
  | { readonly kind: 'already-watching'; readonly by: string; readonly channel: string }
  | { readonly kind: 'already-ended'; readonly state: JobState; readonly stateText?: string }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'not-watched' }
  | { readonly kind: 'not-yours'; readonly by: string };

export interface WatchOutcomeInput {
  readonly cluster: string;
  readonly jobId: string;
  readonly outcome: WatchOutcome;
}

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;

function channel(id: string): string {
  if (id.startsWith('D')) return 'a direct message';
  return CHANNEL_ID.test(id) ? `<#${id}>` : 'another channel';
}

/** What `/slurm watch` and `/slurm unwatch` (or the Watch buttons) did, in one line. Never throws. */
export function renderWatchOutcome(input: WatchOutcomeInput): SlackMessage {
  const job = `job *${escapeMrkdwn(input.jobId, 40)}* on *${escapeMrkdwn(input.cluster, 64)}*`;
  const o = input.outcome;
  let text: string;
  switch (o.kind) {
    case 'watching':
      text = `:eyes: Watching ${job}. An alert with its end state, exit code and run time goes ${o.inThread ? "to the job card's thread" : 'to this channel'} when it ends.`;
      break;
    case 'already-watching':
      text = `:eyes: ${mention(o.by, 'someone')} already watches ${job}; its alert goes to ${channel(o.channel)}.`;
      break;
    case 'already-ended':
      text = `${stateMarker(o.state)} ${job[0]!.toUpperCase()}${job.slice(1)} has already ended (${stateLabel(o.state, o.stateText)}): there is nothing to watch. ${'`/slurm job ' + escapeMrkdwn(input.jobId, 40) + '`'} shows how it ended.`;
      break;
    case 'stopped':
      text = `:see_no_evil: Stopped watching ${job}: no alert will be posted when it ends.`;
      break;
    case 'not-watched':
      text = `:information_source: Nobody watches ${job}.`;
      break;
    case 'not-yours':
      text = `:lock: ${mention(o.by, 'someone')} asked for the alert on ${job}; only they or a bot admin can stop it.`;
      break;
  }
  const blocks: KnownBlock[] = [section(text)];
  if (o.kind === 'watching') blocks.push(context('Stop it with `/slurm unwatch ' + escapeMrkdwn(input.jobId, 40) + '`.'));
  return { text: fallbackText(text), blocks };
}
