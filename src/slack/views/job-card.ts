import { isEndState, stateFamily, type JobState } from '../../slurm/states';
import type { ExitCode, Seconds } from '../../slurm/types';
import {
  actions, button, context, fallbackText, fieldsSection, section,
  type Button, type KnownBlock, type SlackMessage,
} from './blocks';
import { escapeMrkdwn, inlineCode, mention } from './escape';
import { formatDuration, slackDate, stateLabel, stateMarker } from './format';
import { ACTION_IDS, BLOCK_IDS, encodeJobValue } from './ids';
import { cancelButton, formatExitCode } from './job-details';

/** What the card shows of the job; everything but id, name and partition is optional. */
export interface JobCardJob {
  readonly id: string;
  readonly name: string;
  readonly partition: string;
  /** Default PENDING: a job sbatch just accepted. */
  readonly state?: JobState;
  /** Slurm's raw state text, shown for UNKNOWN. */
  readonly stateText?: string;
  readonly reason?: string;
  readonly timeLimitSeconds?: Seconds;
  readonly elapsedSeconds?: Seconds;
  readonly exitCode?: ExitCode;
  readonly nodes?: string;
}

export interface JobCardInput {
  readonly cluster: string;
  readonly job: JobCardJob;
  /** Slack user id of who submitted it; mentioned only when well formed. */
  readonly submittedBy: string;
  readonly unixUser: string;
  /** True when an end-of-job alert will be posted in this card's thread. */
  readonly alertOnEnd?: boolean;
  readonly submittedAt?: Date;
  /** When the card was last brought up to date (the watcher's updates). Default: now. */
  readonly updatedAt?: Date;
  /** The last change made from Slack (cancel, hold…): named on the card with who did it. */
  readonly lastAction?: { readonly words: string; readonly by: string; readonly asAdmin?: boolean };
}

function cardButtons(cluster: string, job: JobCardJob, state: JobState): Button[] {
  const value = encodeJobValue({ cluster, jobId: job.id });
  const buttons: Button[] = [
    button({ text: 'Details', actionId: ACTION_IDS.jobDetails, value }),
    button({ text: 'Output', actionId: ACTION_IDS.jobOutput, value }),
  ];
  if (!isEndState(state)) buttons.push(cancelButton(value, job, stateFamily(state) === 'running'));
  return buttons;
}

function stateField(job: JobCardJob, state: JobState): string {
  const reason = job.reason?.trim();
  const why = state === 'PENDING' && reason && reason !== 'None' ? ` (${inlineCode(reason, 80)})` : '';
  return `*State*\n${stateMarker(state)} ${stateLabel(state, job.stateText)}${why}`;
}

/**
 * The job card posted in the channel when a submission succeeds: "Job 1234 `name` submitted by
 * @user to `partition`", the job's state, and Details, Output and Cancel (behind a confirmation)
 * buttons. The message is the thread for the job's alerts, and the watcher re-renders it with
 * the new state (chat.update): an ended job loses its Cancel button and shows its exit code.
 * Untrusted text (name, partition, user, reason) is escaped. Never throws.
 */
export function renderJobCard(input: JobCardInput): SlackMessage {
  const { cluster, job } = input;
  const state = job.state ?? 'PENDING';
  const id = escapeMrkdwn(job.id, 40);
  const headline = `Job *${id}* ${inlineCode(job.name, 200)} submitted by ${mention(input.submittedBy, 'someone')} to ${inlineCode(job.partition, 100)}`;
  const fields = [
    stateField(job, state),
    `*Runs as*\n${inlineCode(input.unixUser, 40)}`,
  ];
  if (job.timeLimitSeconds !== undefined) fields.push(`*Time limit*\n${formatDuration(job.timeLimitSeconds)}`);
  if (job.elapsedSeconds !== undefined && job.elapsedSeconds !== null && job.elapsedSeconds > 0) {
    fields.push(`*${isEndState(state) ? 'Ran for' : 'Elapsed'}*\n${formatDuration(job.elapsedSeconds)}`);
  }
  if (job.nodes) fields.push(`*Nodes*\n${inlineCode(job.nodes, 200)}`);
  if (job.exitCode) fields.push(`*Exit code*\n${formatExitCode(job.exitCode)}`);
  const blocks: KnownBlock[] = [section(`:rocket: ${headline}`), fieldsSection(fields)];
  blocks.push(actions(cardButtons(cluster, job, state), BLOCK_IDS.jobCardActions));
  const notes = [`Cluster *${escapeMrkdwn(cluster, 64)}*`];
  if (input.submittedAt) notes.push(`submitted ${slackDate(input.submittedAt)}`);
  if (input.updatedAt) notes.push(`updated ${slackDate(input.updatedAt)}`);
  if (input.alertOnEnd && !isEndState(state)) notes.push(':bell: an alert follows in this thread when it ends');
  if (input.lastAction) {
    notes.push(`${escapeMrkdwn(input.lastAction.words, 60)} by ${mention(input.lastAction.by, 'someone')}${input.lastAction.asAdmin ? ' (bot admin)' : ''}`);
  }
  blocks.push(context(notes.join('  ·  ')));
  return {
    text: fallbackText(`Job ${id} ${inlineCode(job.name, 80)} submitted by ${mention(input.submittedBy, 'someone')} to ${inlineCode(job.partition, 80)}: ${stateLabel(state, job.stateText)}.`),
    blocks,
  };
}
