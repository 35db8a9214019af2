import type { ClusterConfig } from '../config';
import type { JobState } from '../slurm/states';
import type { Job } from '../slurm/types';
import type { AlertOutput } from '../slack/views/alert';
import { renderJobAlert, renderJobVanishedAlert } from '../slack/views/alert';
import { renderArrayAlert } from '../slack/views/array-alert';
import type { SlackMessage } from '../slack/views/blocks';
import type { JobCardJob } from '../slack/views/job-card';
import type { Watch } from '../store/watches';
import { compactRanges, type ArraySummary } from './array-summary';
import type { Verdict } from './judge';

/** A verdict worth an alert. */
export type EndVerdict = Exclude<Verdict, { kind: 'waiting' }>;

/** The alert for an ended (or vanished) watched job. `output` goes with single jobs only. Never throws. */
export function alertMessage(cluster: ClusterConfig, watch: Watch, verdict: EndVerdict, output?: AlertOutput): SlackMessage {
  switch (verdict.kind) {
    case 'ended':
      return renderJobAlert({
        cluster: cluster.name,
        job: verdict.job,
        mention: watch.slackUserId,
        ...(verdict.usage && { usage: verdict.usage }),
        ...(output && { output }),
      });
    case 'array-ended':
      return renderArrayAlert({
        cluster: cluster.name,
        arrayJobId: verdict.summary.arrayJobId,
        name: verdict.summary.name,
        mention: watch.slackUserId,
        counts: verdict.summary.counts,
        total: verdict.summary.total,
        failedTasks: compactRanges(verdict.summary.failedTaskIds),
        failedCount: verdict.summary.failedTaskIds.length,
        ...(verdict.summary.longestRunSeconds !== undefined && { longestRunSeconds: verdict.summary.longestRunSeconds }),
      });
    case 'vanished':
      return renderJobVanishedAlert({
        cluster: cluster.name,
        jobId: watch.jobId,
        mention: watch.slackUserId,
        minJobAgeSeconds: cluster.minJobAgeSeconds,
        accounting: cluster.accounting,
        watchedSince: watch.createdAt,
      });
  }
}

/** The state a card shows for a whole array: failed if any task failed, else the most common end state. */
function arrayState(summary: ArraySummary): JobState {
  if (summary.failedTaskIds.length > 0) return 'FAILED';
  return summary.counts[0]?.state ?? 'COMPLETED';
}

/** A job as the job card shows it. */
export function cardJob(job: Job): JobCardJob {
  return {
    id: job.id,
    name: job.name,
    partition: job.partition,
    state: job.state,
    stateText: job.stateText,
    ...(job.reason !== undefined && { reason: job.reason }),
    ...(job.timeLimitSeconds !== undefined && { timeLimitSeconds: job.timeLimitSeconds }),
    ...(job.elapsedSeconds !== undefined && { elapsedSeconds: job.elapsedSeconds }),
    ...(job.exitCode !== undefined && { exitCode: job.exitCode }),
    ...(job.nodes !== undefined && { nodes: job.nodes }),
  };
}

/**
 * What the job card should show once the job ended; undefined for a vanished job (nothing known to
 * show: the card keeps its last state and the alert in its thread explains).
 */
export function endedCardJob(verdict: EndVerdict): JobCardJob | undefined {
  switch (verdict.kind) {
    case 'ended':
      return cardJob(verdict.job);
    case 'array-ended': {
      const s = verdict.summary;
      return { id: s.arrayJobId, name: s.name, partition: s.partition, state: arrayState(s), ...(s.longestRunSeconds !== undefined && { elapsedSeconds: s.longestRunSeconds }) };
    }
    case 'vanished':
      return undefined;
  }
}
