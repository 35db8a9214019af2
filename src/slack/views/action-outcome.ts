import { isEndState } from '../../slurm/states';
import type { Job } from '../../slurm/types';
import { context, fallbackText, section, type KnownBlock, type SlackMessage } from './blocks';
import { escapeMrkdwn, inlineCode, mention } from './escape';
import { formatDuration, stateLabel, stateMarker } from './format';

export type ControlActionName = 'cancel' | 'hold' | 'release' | 'requeue';

export interface ActionOutcomeInput {
  readonly cluster: string;
  readonly jobId: string;
  readonly action: ControlActionName;
  readonly outcome: 'done' | 'already_done' | 'not_found' | 'refused';
  /** For `refused`: what Slurm objected to, classified (slurm-errors.ts). */
  readonly refusal?: { readonly kind: string; readonly summary: string; readonly slurmMessage: string };
  readonly actorUserId: string;
  /** The actor is a bot admin and the command ran with root rights. */
  readonly asAdmin: boolean;
  /** The Unix user the command ran as (`root` for an admin). */
  readonly actingAs: string;
  /** The job as re-read after the action, when Slurm still knows it. */
  readonly job?: Job;
  readonly minJobAgeSeconds?: number;
}

const VERB: Readonly<Record<ControlActionName, string>> = { cancel: 'cancel', hold: 'hold', release: 'release', requeue: 'requeue' };
const DONE: Readonly<Record<ControlActionName, { marker: string; words: string }>> = {
  cancel: { marker: ':no_entry_sign:', words: 'Cancel requested for' },
  hold: { marker: ':pause_button:', words: 'Held' },
  release: { marker: ':arrow_forward:', words: 'Released' },
  requeue: { marker: ':repeat:', words: 'Requeued' },
};

function by(input: ActionOutcomeInput): string {
  const actor = mention(input.actorUserId, '');
  const who = actor ? ` by ${actor}` : '';
  return input.asAdmin ? `${who} (bot admin, with root rights on the cluster)` : who;
}

function nowLine(job: Job | undefined): string {
  if (job === undefined) return '';
  const reason = job.reason && job.state === 'PENDING' ? ` (${inlineCode(job.reason, 60)})` : '';
  const stopping = job.state === 'COMPLETING' ? ': Slurm is stopping its processes' : '';
  return `\nNow: ${stateMarker(job.state)} ${stateLabel(job.state, job.stateText)}${reason}${stopping}.`;
}

function refusedText(input: ActionOutcomeInput, id: string): string {
  const verb = VERB[input.action];
  const refusal = input.refusal;
  if (refusal?.kind === 'permission_denied') {
    const owner = input.job?.user ? `it belongs to ${inlineCode(input.job.user, 40)}, and` : 'it is not yours:';
    return `:lock: Slurm refused to ${verb} job *${id}*: ${owner} you act on the cluster as ${inlineCode(input.actingAs, 40)}. ` +
      `Only the job's owner or a bot admin can ${verb} it; ask them.`;
  }
  return `:warning: Slurm refused to ${verb} job *${id}*: ${escapeMrkdwn(refusal?.summary ?? 'it gave no reason.', 500)}`;
}

function outcomeText(input: ActionOutcomeInput): string {
  const id = escapeMrkdwn(input.jobId, 40);
  const on = `on *${escapeMrkdwn(input.cluster, 64)}*`;
  switch (input.outcome) {
    case 'done': {
      const { marker, words } = DONE[input.action];
      return `${marker} ${words} job *${id}* ${on}${by(input)}.${nowLine(input.job)}`;
    }
    case 'already_done': {
      const ended = input.job && isEndState(input.job.state) ? ` (${stateLabel(input.job.state, input.job.stateText)})` : '';
      return `:information_source: Job *${id}* ${on} had already ended${ended}, so there was nothing to ${VERB[input.action]}.`;
    }
    case 'not_found': {
      const age = input.minJobAgeSeconds ? `ended more than ${formatDuration(input.minJobAgeSeconds)} ago` : 'ended a while ago';
      return `:mag: Slurm does not know job *${id}* ${on}: the id is wrong, or the job ${age} and Slurm forgot it.`;
    }
    case 'refused':
      return refusedText(input, id);
  }
}

/**
 * One line on what a cancel / hold / release / requeue did, in plain words: done (with the state the
 * job is in now), nothing to do, unknown job, or Slurm's refusal (someone else's job: whose, and who
 * may act). Slurm's own words follow a refusal, escaped. Never throws.
 */
export function renderActionOutcome(input: ActionOutcomeInput): SlackMessage {
  const text = outcomeText(input);
  const blocks: KnownBlock[] = [section(text)];
  if (input.outcome === 'refused' && input.refusal?.slurmMessage) {
    blocks.push(context(`Slurm said: ${inlineCode(input.refusal.slurmMessage, 600)}`));
  }
  return { text: fallbackText(text.replace(/\n/g, ' ')), blocks };
}
