import type { ClusterConfig } from '../config';
import { stateFamily } from '../slurm/states';
import type { ChatApi } from '../slack/chat';
import type { AlertOutput } from '../slack/views/alert';
import { context, type SlackMessage } from '../slack/views/blocks';
import { inlineCode } from '../slack/views/escape';
import { SlackApiError } from '../slack/web-api';
import { renderJobCard } from '../slack/views/job-card';
import type { Watch, WatchStore } from '../store/watches';
import type { Log } from '../tasks/log';
import { alertMessage, endedCardJob, type EndVerdict } from './alert-message';

export interface DeliveryDeps {
  readonly watches: WatchStore;
  readonly chat: ChatApi;
  readonly log: Log;
  readonly now: () => Date;
  /** The tail of the job's output, read with the watch owner's permissions; never throws. */
  readonly readOutput: (cluster: ClusterConfig, watch: Watch, jobId: string) => Promise<AlertOutput>;
}

export type DeliveryResult = 'sent' | 'claimed-elsewhere' | 'failed';

/** Failures show their last lines; other ends only when the watch asked for the output. */
function wantsOutput(watch: Watch, verdict: Extract<EndVerdict, { kind: 'ended' }>): boolean {
  return stateFamily(verdict.job.state) === 'failed' || watch.options.outputTail === true;
}

/**
 * Posts the one alert for an ended watched job, exactly once: the alert is claimed with a conditional
 * write (WatchStore.markAlerted) before anything is posted, so of two overlapping ticks only one posts;
 * a failed post gives the claim back (recordFailure) so the next tick tries again; after the post the
 * job card is updated (best effort) and the watch removed. Only a crash between the post and the
 * removal can repeat an alert, once, after the claim's lease: late twice rather than lost.
 * Never throws: store and Slack failures are logged.
 */
export async function deliverAlert(deps: DeliveryDeps, cluster: ClusterConfig, watch: Watch, verdict: EndVerdict): Promise<DeliveryResult> {
  const fields = { cluster: cluster.name, jobId: watch.jobId, channel: watch.channel, verdict: verdict.kind };
  try {
    if (!(await deps.watches.markAlerted(cluster.name, watch.jobId))) return 'claimed-elsewhere';
  } catch (error) {
    deps.log.error('alert claim failed; retried next tick', { ...fields, error });
    return 'failed';
  }
  try {
    const output = verdict.kind === 'ended' && wantsOutput(watch, verdict) ? await deps.readOutput(cluster, watch, verdict.job.id) : undefined;
    await postAlert(deps, watch, alertMessage(cluster, watch, verdict, output));
  } catch (error) {
    deps.log.warn('alert not posted; retried next tick', { ...fields, error });
    await deps.watches.recordFailure(cluster.name, watch.jobId).catch((e: unknown) =>
      deps.log.error('could not release the alert claim; the alert waits for its lease to expire', { ...fields, error: e }));
    return 'failed';
  }
  deps.log.info('alert posted', fields);
  await updateCard(deps, cluster, watch, verdict);
  await deps.watches.remove(cluster.name, watch.jobId).catch((error: unknown) =>
    deps.log.error('alert posted but the watch could not be removed; it may be posted again after its lease', { ...fields, error }));
  return 'sent';
}

/** Slack's answers that will not change on the next tick: the bot cannot post in that channel. */
const CHANNEL_CLOSED = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/**
 * The alert in the watch's channel (in the card's thread when there is one). Where the bot cannot post
 * there — removed from the channel, archived — the alert goes to the user who asked, in the bot's DM,
 * instead of being retried every tick until the watch expires.
 * @throws ChatopsError SLACK_API when the post (or the DM fallback) fails.
 */
async function postAlert(deps: DeliveryDeps, watch: Watch, message: SlackMessage): Promise<void> {
  const threadTs = watch.threadTs ?? watch.cardTs;
  try {
    await deps.chat.postMessage({ channel: watch.channel, ...(threadTs !== undefined && { threadTs }), ...message });
  } catch (error) {
    if (!(error instanceof SlackApiError && CHANNEL_CLOSED.has(error.slackError)) || watch.channel === watch.slackUserId) throw error;
    deps.log.warn('alert channel closed to the bot; alert sent to the user directly', { jobId: watch.jobId, channel: watch.channel, slackError: error.slackError });
    const where = /^[CG][A-Z0-9]{2,20}$/.test(watch.channel) ? `<#${watch.channel}>` : inlineCode(watch.channel, 40);
    const note = context(`I could not post this in ${where} (Slack said ${inlineCode(error.slackError, 40)}): invite me there to get alerts in the channel.`);
    await deps.chat.postMessage({ channel: watch.slackUserId, text: message.text, blocks: [...message.blocks, note] });
  }
}

async function updateCard(deps: DeliveryDeps, cluster: ClusterConfig, watch: Watch, verdict: EndVerdict): Promise<void> {
  const job = endedCardJob(verdict);
  if (watch.cardTs === undefined || job === undefined) return;
  const submittedAt = verdict.kind === 'ended' ? verdict.job.submitTime : undefined;
  const card = renderJobCard({
    cluster: cluster.name,
    job,
    submittedBy: watch.slackUserId,
    unixUser: watch.unixUser,
    alertOnEnd: true,
    ...(submittedAt !== undefined && { submittedAt }),
    updatedAt: deps.now(),
  });
  await deps.chat.update({ channel: watch.channel, ts: watch.cardTs, ...card }).catch((error: unknown) =>
    deps.log.warn('job card not updated', { cluster: cluster.name, jobId: watch.jobId, error }));
}
