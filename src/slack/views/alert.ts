import { stateFamily } from '../../slurm/states';
import type { Job } from '../../slurm/types';
import { alertTips, cpuEfficiency, memoryUse, type JobUsage } from './alert-tips';
import { context, fallbackText, fieldsSection, section, type KnownBlock, type SlackMessage } from './blocks';
import { escapeMrkdwn, inlineCode, mention } from './escape';
import { formatDuration, formatElapsed, formatMemoryMb, plural, slackDate, stateLabel, stateMarker } from './format';
import { formatExitCode } from './job-details';
import { streamBlocks, type OutputStreamView } from './job-output';

/** The tail that goes with an alert: the files as read (as the job's watcher), or why none could be. */
export type AlertOutput =
  | { readonly streams: readonly OutputStreamView[]; readonly lines: number; readonly readAs: string }
  | { readonly unavailable: string };

export interface JobAlertInput {
  readonly cluster: string;
  /** The job as it ended. */
  readonly job: Job;
  /** Slack user to mention: who asked for the alert. */
  readonly mention: string;
  /** From sacct, where the cluster keeps accounting. */
  readonly usage?: JobUsage;
  readonly output?: AlertOutput;
}

/** Alerts are read in a busy channel: a shorter tail than `/slurm output` shows. */
const ALERT_TAIL_CHARS = 1500;

function headline(input: JobAlertInput): string {
  const { job } = input;
  const exit = job.exitCode && (job.exitCode.code !== 0 || job.exitCode.signal !== 0) ? `, exit code ${formatExitCode(job.exitCode)}` : '';
  return `${stateMarker(job.state)} ${mention(input.mention, 'Someone')} job *${escapeMrkdwn(job.id, 40)}* ${inlineCode(job.name, 120)} ` +
    `on *${escapeMrkdwn(input.cluster, 64)}* ended: *${stateLabel(job.state, job.stateText)}*${exit}.`;
}

function usageFields(usage: JobUsage | undefined): string[] {
  const fields: string[] = [];
  const mem = memoryUse(usage);
  if (usage?.maxRssMb !== undefined) {
    const of = usage.reqMemMb ? ` of ${formatMemoryMb(usage.reqMemMb)} asked${mem !== undefined ? ` (${Math.round(mem * 100)}%)` : ''}` : '';
    fields.push(`*Peak memory*\n${formatMemoryMb(usage.maxRssMb)}${of}`);
  }
  const cpu = cpuEfficiency(usage);
  if (cpu !== undefined) fields.push(`*CPU efficiency*\n${Math.round(cpu * 100)}% of ${plural(usage?.cpus ?? 0, 'CPU')}`);
  return fields;
}

/**
 * The end-of-job alert: who to tell, the end state in words, exit code (and signal), run time against
 * the time limit, nodes; with accounting, peak memory against the request and CPU efficiency; a tip
 * for the next run; and for failures the last lines of output. Never throws.
 */
export function renderJobAlert(input: JobAlertInput): SlackMessage {
  const { job } = input;
  const fields = [
    `*State*\n${stateMarker(job.state)} ${stateLabel(job.state, job.stateText)}`,
    `*Exit code*\n${job.exitCode ? formatExitCode(job.exitCode) : '—'}`,
    `*Run time / limit*\n${formatElapsed(job.elapsedSeconds, job.timeLimitSeconds)}`,
    `*Nodes*\n${job.nodes ? inlineCode(job.nodes, 300) : '—'}`,
    ...usageFields(input.usage),
  ];
  if (job.endTime) fields.push(`*Ended*\n${slackDate(job.endTime)}`);
  const blocks: KnownBlock[] = [section(headline(input)), fieldsSection(fields)];
  const tips = alertTips({
    state: job.state,
    ...(job.exitCode && { exitCode: job.exitCode }),
    ...(job.timeLimitSeconds !== undefined && { timeLimitSeconds: job.timeLimitSeconds }),
    ...(input.usage && { usage: input.usage }),
  });
  if (tips.length > 0) blocks.push(section(tips.map((t) => `:bulb: ${t}`).join('\n')));
  const output = input.output;
  if (output && 'unavailable' in output) blocks.push(context(`Output: ${escapeMrkdwn(output.unavailable, 500)}`));
  else if (output) {
    for (const stream of output.streams) {
      blocks.push(...streamBlocks(stream, { state: job.state, lines: output.lines, readAs: output.readAs, maxChars: ALERT_TAIL_CHARS }));
    }
  }
  const id = escapeMrkdwn(job.id, 40);
  blocks.push(context(`Cluster *${escapeMrkdwn(input.cluster, 64)}*  ·  partition ${inlineCode(job.partition, 64)}  ·  ${inlineCode(`/slurm output ${job.id}`, 60)} for more output`));
  const exit = job.exitCode && stateFamily(job.state) === 'failed' ? ` (exit code ${formatExitCode(job.exitCode)})` : '';
  return {
    text: fallbackText(`Job ${id} ${inlineCode(job.name, 80)} on ${escapeMrkdwn(input.cluster, 64)} ended: ${stateLabel(job.state, job.stateText)}${exit}.`),
    blocks,
  };
}

export interface VanishedAlertInput {
  readonly cluster: string;
  readonly jobId: string;
  readonly mention: string;
  /** Slurm's MinJobAge on this cluster. */
  readonly minJobAgeSeconds: number;
  /** Whether the cluster keeps accounting (sacct) — which did not know the job either. */
  readonly accounting: boolean;
  /** When the watch was made, epoch seconds. */
  readonly watchedSince?: number;
}

/**
 * The alert for a watched job that Slurm no longer knows and whose end nobody saw: it says the final
 * state is unknown and why (finished jobs are forgotten after MinJobAge; no accounting to ask), and
 * where to look instead. Never throws.
 */
export function renderJobVanishedAlert(input: VanishedAlertInput): SlackMessage {
  const id = escapeMrkdwn(input.jobId, 40);
  const on = `on *${escapeMrkdwn(input.cluster, 64)}*`;
  const why = input.accounting
    ? 'Slurm no longer lists it, and its accounting database (sacct) has no record of it either.'
    : `Slurm forgets a finished job ${formatDuration(input.minJobAgeSeconds)} after it ends, this cluster keeps no accounting (sacct) to ask instead, ` +
      'and the watcher could not check the job in that window (the cluster or the watcher was unreachable).';
  const text = `:grey_question: ${mention(input.mention, 'Someone')} job *${id}* ${on} has ended, but its final state is unknown. ${why}`;
  const notes = ['Its output file on the cluster, if it still exists, is the best record of how it ended.'];
  if (input.watchedSince !== undefined) notes.push(`Watched since ${slackDate(new Date(input.watchedSince * 1000))}.`);
  return {
    text: fallbackText(`Job ${id} on ${escapeMrkdwn(input.cluster, 64)} has ended; its final state is unknown.`),
    blocks: [section(text), context(notes.join('  '))],
  };
}
