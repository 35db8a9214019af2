import { stateFamily, type StateFamily } from '../../slurm/states';
import { isArrayRange, parseJobId } from '../../slurm/jobid';
import type { Job, JobFilter } from '../../slurm/types';
import {
  actions, button, context, fallbackText, header, section,
  type Button, type KnownBlock, type SlackMessage,
} from './blocks';
import { escapeMrkdwn, inlineCode } from './escape';
import { describeFilter } from './filter-summary';
import { familyMarker, formatDuration, formatElapsed, plural, slackDate, stateLabel, stateMarker } from './format';
import { ACTION_IDS, BLOCK_IDS, encodeJobValue, tryEncodeJobsPageValue } from './ids';
import { clampPageSize, paginate } from './pagination';
import { reasonSummary } from './pending-reason';
import { submitJobButton } from './submit-modal';

export const JOBS_PAGE_SIZE = 20;
/** Header, summary, pager and footer leave room for this many one-block rows within 50 blocks. */
export const JOBS_MAX_PAGE_SIZE = 40;

export interface JobsViewInput {
  readonly cluster: string;
  /** Every job the query returned; the view shows one page of them. */
  readonly jobs: readonly Job[];
  readonly filter: JobFilter;
  /** 0-based; past the end shows the last page. */
  readonly page?: number;
  readonly pageSize?: number;
  /** When the list was read (footer). */
  readonly now?: Date;
  /** Offer "Submit a job" (the caller is mapped; the click checks the right to submit again). */
  readonly canSubmit?: boolean;
}

const FAMILY_WORDS: readonly [StateFamily, string][] = [
  ['running', 'running'], ['pending', 'pending'], ['held', 'held'], ['done', 'completed'],
  ['failed', 'failed'], ['cancelled', 'cancelled'], ['unknown', 'unknown'],
];

/** "120 running, 380 pending": the counts a reader wants before the rows. */
function familyCounts(jobs: readonly Job[]): { marked: string; plain: string } {
  const counts = new Map<StateFamily, number>();
  for (const job of jobs) counts.set(stateFamily(job.state), (counts.get(stateFamily(job.state)) ?? 0) + 1);
  const present = FAMILY_WORDS.filter(([family]) => (counts.get(family) ?? 0) > 0);
  return {
    marked: present.map(([family, word]) => `${familyMarker(family)} ${counts.get(family)} ${word}`).join('  ·  '),
    plain: present.map(([family, word]) => `${counts.get(family)} ${word}`).join(', '),
  };
}

/** What a row says after the state: where it runs, or why it waits, or how it ended. */
function jobWhere(job: Job): string {
  const family = stateFamily(job.state);
  const reason = job.reason?.trim() ?? '';
  // A suspended or stopped job says so in its state; Slurm's "None" would only read as noise.
  if (family === 'held' && (reason === '' || reason === 'None')) return '';
  if (family === 'pending' || family === 'held') return `_${reasonSummary(reason)}_`;
  if (job.exitCode && (family === 'failed' || family === 'done') && (job.exitCode.code !== 0 || job.exitCode.signal !== 0)) {
    return job.exitCode.signal !== 0 ? `signal ${job.exitCode.signal}` : `exit ${job.exitCode.code}`;
  }
  if (job.nodes) return inlineCode(job.nodes, 80);
  return '';
}

/** Two short lines per job: they wrap well on a phone, unlike a monospaced table. */
export function jobRowText(job: Job): string {
  const first = `${stateMarker(job.state)} *${escapeMrkdwn(job.id, 40)}*  ${inlineCode(job.name, 60)}  ·  ${inlineCode(job.user, 40)}`;
  const waiting = stateFamily(job.state) === 'pending';
  const facts = [
    stateLabel(job.state, job.stateText),
    inlineCode(job.partition, 60),
    waiting
      ? (job.timeLimitSeconds === undefined ? '' : `limit ${formatDuration(job.timeLimitSeconds)}`)
      : formatElapsed(job.elapsedSeconds, job.timeLimitSeconds),
    jobWhere(job),
  ].filter((f) => f !== '' && f !== '—');
  return `${first}\n${facts.join('  ·  ')}`;
}

function detailsButton(cluster: string, job: Job): Button {
  // A row of still-pending array tasks (`138_[3-9%2]`) is not an id scontrol takes; the array job's is.
  const jobId = isArrayRange(parseJobId(job.id)) ? job.baseId : job.id;
  return button({ text: 'Details', actionId: ACTION_IDS.jobDetails, value: encodeJobValue({ cluster, jobId }) });
}

/**
 * The `/slurm jobs` list: a header, counts by state, the filter in words, one section per job
 * with a Details button, and Previous/Next buttons whose value re-runs the same query at
 * another page. Always within Slack's limits, whatever the number of jobs; a filter too long
 * for a button value gets no pager, and the footer says to narrow it. Never throws.
 */
export function renderJobs(input: JobsViewInput): SlackMessage {
  const { cluster, filter } = input;
  const now = input.now ?? new Date();
  const filterText = describeFilter(filter);
  const clusterText = `*${escapeMrkdwn(cluster, 64)}*`;
  if (input.jobs.length === 0) {
    const text = `:zero: No jobs on ${clusterText} for ${filterText}.`;
    return {
      text: fallbackText(`No jobs on ${escapeMrkdwn(cluster, 64)} for ${filterText}.`),
      blocks: [
        section(text),
        ...(input.canSubmit ? [actions([submitJobButton(cluster)], BLOCK_IDS.jobsPager)] : []),
        context(`Finished jobs leave \`squeue\` after a few minutes. Updated ${slackDate(now)}`),
      ],
    };
  }
  const pageSize = clampPageSize(input.pageSize, JOBS_PAGE_SIZE, JOBS_MAX_PAGE_SIZE);
  const page = paginate(input.jobs, input.page ?? 0, pageSize);
  const counts = familyCounts(input.jobs);
  const blocks: KnownBlock[] = [
    header(`Jobs on ${cluster}`),
    section(`*${plural(page.total, 'job')}*  ·  ${counts.marked}\n${filterText}`),
    ...page.items.map((job) => section(jobRowText(job), detailsButton(cluster, job))),
  ];
  const pager: Button[] = [];
  const prevValue = page.hasPrevious ? tryEncodeJobsPageValue({ cluster, filter, page: page.page - 1 }) : undefined;
  const nextValue = page.hasNext ? tryEncodeJobsPageValue({ cluster, filter, page: page.page + 1 }) : undefined;
  if (prevValue) pager.push(button({ text: '← Previous', actionId: ACTION_IDS.jobsPagePrev, value: prevValue }));
  if (nextValue) pager.push(button({ text: 'Next →', actionId: ACTION_IDS.jobsPageNext, value: nextValue }));
  const submit = input.canSubmit ? [submitJobButton(cluster)] : [];
  if (pager.length + submit.length > 0) blocks.push(actions([...pager, ...submit], BLOCK_IDS.jobsPager));
  const shown = `${page.start + 1}–${page.start + page.items.length} of ${page.total}`;
  const notes = [`Page ${page.page + 1} of ${page.pageCount}`, `showing ${shown}`, `updated ${slackDate(now)}`];
  // A filter too long for a button value cannot be carried to the next page: say so instead.
  if (page.pageCount > 1 && pager.length === 0) notes.push('narrow the filter to page through the rest');
  blocks.push(context(notes.join('  ·  ')));
  return {
    text: fallbackText(
      `Jobs on ${escapeMrkdwn(cluster, 64)}: ${plural(page.total, 'job')} (${counts.plain}), page ${page.page + 1} of ${page.pageCount}.`,
    ),
    blocks,
  };
}
