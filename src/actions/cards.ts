import { isEndState } from '../slurm/states';
import type { Job } from '../slurm/types';
import type { ChatApi } from '../slack/chat';
import { renderJobCard, type JobCardInput } from '../slack/views/job-card';
import type { Watch } from '../store/watches';
import { cardJob } from '../watch/alert-message';
import type { ActionContext } from './context';

/** A job card in a channel: the message to chat.update. */
export interface CardRef {
  readonly channel: string;
  readonly ts: string;
  /** Who the card names as submitter, read back from the clicked card (cardSubmitter). */
  readonly submittedBy?: string;
}

export interface CardRefresh {
  readonly chat: ChatApi | undefined;
  /** The job's watch, whose card (if any) is refreshed too and which knows the submitter. */
  readonly watch: Watch | undefined;
  readonly lastAction?: JobCardInput['lastAction'];
}

/**
 * Re-renders the job's cards with its fresh state: the card the button was clicked on, and the card
 * of the job's watch. Best effort: a card that cannot be updated (no bot token, Slack refuses, the
 * submitter unknown) is logged and left as it was. Never throws.
 */
export async function refreshCards(ctx: ActionContext, refresh: CardRefresh, jobId: string, job: Job, clicked?: CardRef): Promise<void> {
  const { watch, chat } = refresh;
  const targets: CardRef[] = [];
  if (clicked) targets.push(clicked);
  if (watch?.cardTs !== undefined && !(clicked && clicked.channel === watch.channel && clicked.ts === watch.cardTs)) {
    targets.push({ channel: watch.channel, ts: watch.cardTs, submittedBy: watch.slackUserId });
  }
  for (const target of targets) {
    const submittedBy = target.submittedBy ?? watch?.slackUserId;
    const fields = { requestId: ctx.requestId, cluster: ctx.cluster.name, jobId, channel: target.channel };
    if (chat === undefined || submittedBy === undefined) {
      ctx.log.info('job card not updated', { ...fields, why: chat === undefined ? 'no bot token' : 'submitter unknown' });
      continue;
    }
    const card = renderJobCard({
      cluster: ctx.cluster.name,
      job: { ...cardJob(job), id: jobId },
      submittedBy,
      unixUser: job.user,
      alertOnEnd: watch !== undefined && !isEndState(job.state),
      ...(job.submitTime !== undefined && { submittedAt: job.submitTime }),
      updatedAt: ctx.now,
      ...(refresh.lastAction && { lastAction: refresh.lastAction }),
    });
    await chat.update({ channel: target.channel, ts: target.ts, ...card }).catch((error: unknown) =>
      ctx.log.warn('job card not updated', { ...fields, error }));
  }
}
