import type { SlurmErrorInfo } from '../../slurm/parsers/slurm-errors';
import { context, fallbackText, section, type SlackMessage } from './blocks';
import { codeBlock, escapeMrkdwn, inlineCode } from './escape';

interface Base {
  readonly cluster: string;
  readonly requestId: string;
}

function on(cluster: string): string {
  return `*${escapeMrkdwn(cluster, 64)}*`;
}

function footer(requestId: string): ReturnType<typeof context> {
  return context(`Request id ${inlineCode(requestId, 80)}`);
}

/** sbatch refused the job: Slurm's reason, escaped, and that nothing was queued. */
export function renderSubmitRejected(input: Base & { readonly info: SlurmErrorInfo }): SlackMessage {
  const what = `:x: Slurm refused the job on ${on(input.cluster)}. ${escapeMrkdwn(input.info.summary, 500)}`;
  const todo = 'Nothing was queued. Fix the form or the script\'s `#SBATCH` lines and submit again.';
  return {
    text: fallbackText(`Slurm refused the job on ${escapeMrkdwn(input.cluster, 64)}: ${escapeMrkdwn(input.info.message, 300)}`),
    blocks: [section(`${what}\n${codeBlock(input.info.message || input.info.summary, 2000)}\n${todo}`), footer(input.requestId)],
  };
}

/** The script could not be used (fetched after the modal closed): why, and that nothing was queued. */
export function renderSubmitInvalid(input: Base & { readonly message: string }): SlackMessage {
  const what = `:pencil2: The job was not submitted to ${on(input.cluster)}: ${escapeMrkdwn(input.message, 1000)}`;
  return { text: fallbackText(what), blocks: [section(`${what}\nNothing was queued.`), footer(input.requestId)] };
}

/** The head node did not answer: sbatch may or may not have run, so the user must look before resubmitting. */
export function renderSubmitOutcomeUnknown(input: Base): SlackMessage {
  const what = `:hourglass: The head node of ${on(input.cluster)} did not answer in time, so I cannot tell whether the job was submitted.`;
  const todo = 'Check `/slurm jobs` before submitting again, or you may run it twice.';
  return { text: fallbackText(`${what} ${todo}`), blocks: [section(`${what}\n${todo}`), footer(input.requestId)] };
}

/** A redelivered submission: answered with what the first delivery did, never run again. */
export function renderSubmitDuplicate(input: Base & { readonly jobId?: string }): SlackMessage {
  const what = input.jobId !== undefined
    ? `:repeat: This form was already submitted: it is job *${escapeMrkdwn(input.jobId, 40)}* on ${on(input.cluster)}. It was not submitted again.`
    : `:repeat: This form was already handled on ${on(input.cluster)}; it was not submitted again. Check \`/slurm jobs\`.`;
  return { text: fallbackText(what), blocks: [section(what), footer(input.requestId)] };
}

const CHANNEL_ID = /^[CG][A-Z0-9]{2,30}$/;

/** The job is queued but its card could not go to the chosen channel (the bot is not a member, or Slack refused). */
export function renderCardElsewhere(
  input: Base & { readonly jobId: string; readonly channelId: string; readonly notMember: boolean; readonly postedInDm: boolean },
): SlackMessage {
  const where = CHANNEL_ID.test(input.channelId) ? `<#${input.channelId}>` : 'that conversation';
  const why = input.notMember ? `I could not post in ${where}: invite me there with \`/invite\`.` : `Slack refused its card in ${where}.`;
  const card = input.postedInDm ? 'Its card and alerts are in your direct messages with me.' : `Use \`/slurm job ${escapeMrkdwn(input.jobId, 40)}\` to follow it.`;
  const what = `:white_check_mark: Job *${escapeMrkdwn(input.jobId, 40)}* was submitted to ${on(input.cluster)}, but ${why} ${card}`;
  return { text: fallbackText(what), blocks: [section(what), footer(input.requestId)] };
}

/** The job is queued but the alert could not be stored. */
export function renderWatchNotStored(input: Base & { readonly jobId: string }): SlackMessage {
  const what = `:warning: Job *${escapeMrkdwn(input.jobId, 40)}* was submitted to ${on(input.cluster)}, but its end-of-job alert could not be set up. Use \`/slurm watch ${escapeMrkdwn(input.jobId, 40)}\` to try again.`;
  return { text: fallbackText(what), blocks: [section(what), footer(input.requestId)] };
}
