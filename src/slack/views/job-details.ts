import { isEndState, stateFamily } from '../../slurm/states';
import type { ExitCode, Job, SlurmNode } from '../../slurm/types';
import {
  actions, button, confirmDialog, context, fallbackText, fieldsSection, header, section,
  type Button, type KnownBlock, type SlackMessage,
} from './blocks';
import { escapeMrkdwn, inlineCode } from './escape';
import { formatDuration, formatElapsed, formatWhen, plural, slackDate, stateLabel, stateMarker } from './format';
import { ACTION_IDS, BLOCK_IDS, encodeJobValue } from './ids';
import { explainPending } from './pending-reason';

/** What `scontrol show job` adds to a Job; each shown when present. */
export interface JobExtras {
  readonly account?: string;
  readonly qos?: string;
  readonly command?: string;
  readonly restarts?: number;
}

export interface JobDetailsInput {
  readonly cluster: string;
  readonly job: Job & JobExtras;
  /** The cluster's nodes (or the job's partition's), for the cloud-nodes note on pending jobs. */
  readonly nodes?: readonly SlurmNode[];
  /** Slurm's MinJobAge: how long finished jobs stay visible to squeue/scontrol. */
  readonly minJobAgeSeconds?: number;
  /** Whether the caller already watches this job (Watch becomes Stop watching). */
  readonly watching?: boolean;
  /** False hides the buttons that change the job (unmapped users, other people's jobs). Default true. */
  readonly canAct?: boolean;
  readonly now?: Date;
}

const SIGNALS: Readonly<Record<number, string>> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE', 9: 'SIGKILL',
  10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM', 24: 'SIGXCPU', 25: 'SIGXFSZ',
};

/** `0`, `1`, `killed by signal 9 (SIGKILL)`, `1, signal 15 (SIGTERM)`. */
export function formatExitCode(exit: ExitCode): string {
  if (exit.signal === 0) return String(exit.code);
  const name = SIGNALS[exit.signal];
  const signal = `signal ${exit.signal}${name ? ` (${name})` : ''}`;
  return exit.code === 0 ? `killed by ${signal}` : `${exit.code}, ${signal}`;
}

const END_ADVICE: Readonly<Partial<Record<Job['state'], string>>> = {
  TIMEOUT: 'It ran past its time limit and Slurm stopped it. Resubmit with a longer `--time` if the partition allows it.',
  OUT_OF_MEMORY: 'It used more memory than it asked for and was killed. Resubmit with a larger `--mem` or `--mem-per-cpu`.',
  NODE_FAIL: 'A node it ran on failed. Resubmit it; tell an admin if it happens again.',
  BOOT_FAIL: 'Its nodes failed to boot. Resubmit it; tell an admin if it happens again.',
  PREEMPTED: 'A higher-priority job preempted it.',
  DEADLINE: 'It could not finish before its `--deadline`.',
  FAILED: 'It ended with a non-zero exit code or failed to start. Check its error output.',
};

function isHeld(job: Job): boolean {
  if (job.state === 'REQUEUE_HOLD' || job.state === 'RESV_DEL_HOLD') return true;
  return /^(JobHeldUser|JobHeldAdmin|launch failed requeued held)/i.test(job.reason?.trim() ?? '');
}

function field(label: string, value: string): string {
  return `*${label}*\n${value}`;
}

function nodesText(job: Job): string {
  if (!job.nodes && job.nodeCount === undefined) return '—';
  const list = job.nodes ? inlineCode(job.nodes, 400) : '';
  const count = job.nodeCount !== undefined ? plural(job.nodeCount, 'node') : '';
  return list && count ? `${list} (${count})` : list || count;
}

function summaryFields(job: Job): string[] {
  const fields = [
    field('Name', inlineCode(job.name, 300)),
    field('State', `${stateMarker(job.state)} ${stateLabel(job.state, job.stateText)}`),
    field('User', inlineCode(job.user, 64)),
    field('Partition', inlineCode(job.partition, 200)),
    field('Elapsed / limit', formatElapsed(job.elapsedSeconds, job.timeLimitSeconds)),
    field('Nodes', nodesText(job)),
  ];
  if (job.cpus !== undefined) fields.push(field('CPUs', String(job.cpus)));
  if (job.minMemory) fields.push(field('Memory', inlineCode(job.minMemory, 40)));
  if (job.exitCode) fields.push(field('Exit code', formatExitCode(job.exitCode)));
  return fields;
}

function contextFields(job: Job & JobExtras, now: Date): string[] {
  const fields: string[] = [];
  if (job.submitTime) fields.push(field('Submitted', formatWhen(job.submitTime, now)));
  if (job.startTime) fields.push(field(job.startTime > now ? 'Starts' : 'Started', formatWhen(job.startTime, now)));
  else if (job.expectedStart) fields.push(field('Expected start', formatWhen(job.expectedStart, now)));
  if (job.endTime) fields.push(field(isEndState(job.state) ? 'Ended' : 'Ends by', formatWhen(job.endTime, now)));
  if (job.arrayJobId) {
    fields.push(field('Array job', `${inlineCode(job.arrayJobId, 40)}${job.arrayTaskId ? `, task ${inlineCode(job.arrayTaskId, 200)}` : ''}`));
  }
  if (job.dependency) fields.push(field('Dependency', inlineCode(job.dependency, 500)));
  if (job.account) fields.push(field('Account', inlineCode(job.account, 64)));
  if (job.qos) fields.push(field('QOS', inlineCode(job.qos, 64)));
  if (job.restarts) fields.push(field('Restarts', String(job.restarts)));
  return fields;
}

function pathLines(job: Job & JobExtras): string[] {
  const lines: string[] = [];
  if (job.command) lines.push(`*Command* ${inlineCode(job.command, 600)}`);
  if (job.stdout) lines.push(`*Output* ${inlineCode(job.stdout, 600)}`);
  if (job.stderr && job.stderr !== job.stdout) lines.push(`*Errors* ${inlineCode(job.stderr, 600)}`);
  if (job.workDir) lines.push(`*Work dir* ${inlineCode(job.workDir, 600)}`);
  return lines;
}

/** Cancel, behind Slack's confirmation dialog: on job details and on job cards. */
export function cancelButton(value: string, job: { readonly id: string; readonly name: string }, running: boolean): Button {
  return button({
    text: 'Cancel job',
    actionId: ACTION_IDS.jobCancel,
    value,
    style: 'danger',
    confirm: confirmDialog(
      `Cancel job ${job.id}?`,
      `Job *${escapeMrkdwn(job.id, 40)}* ${inlineCode(job.name, 80)} will be cancelled${running ? ' and its processes killed' : ''}. This cannot be undone.`,
      'Cancel job',
    ),
  });
}

function actionButtons(cluster: string, job: Job, watching: boolean): Button[] {
  const value = encodeJobValue({ cluster, jobId: job.id });
  const id = escapeMrkdwn(job.id, 40);
  const name = inlineCode(job.name, 80);
  const family = stateFamily(job.state);
  const ended = isEndState(job.state);
  const held = isHeld(job);
  const buttons: Button[] = [button({ text: 'Refresh', actionId: ACTION_IDS.jobRefresh, value })];
  if (family !== 'pending' && !held) buttons.push(button({ text: 'Output', actionId: ACTION_IDS.jobOutput, value }));
  if (!ended) {
    buttons.push(watching
      ? button({ text: 'Stop watching', actionId: ACTION_IDS.jobUnwatch, value })
      : button({ text: 'Watch', actionId: ACTION_IDS.jobWatch, value }));
  }
  if (held) buttons.push(button({ text: 'Release', actionId: ACTION_IDS.jobRelease, value, style: 'primary' }));
  else if (job.state === 'PENDING') buttons.push(button({ text: 'Hold', actionId: ACTION_IDS.jobHold, value }));
  if (family === 'running' || job.state === 'SUSPENDED' || ended) {
    buttons.push(button({
      text: 'Requeue',
      actionId: ACTION_IDS.jobRequeue,
      value,
      confirm: confirmDialog(
        `Requeue job ${job.id}?`,
        `Job *${id}* ${name} goes back to the queue${family === 'running' ? ' and its current run is killed' : ''}. Its output files may be overwritten.`,
        'Requeue',
      ),
    }));
  }
  if (!ended) buttons.push(cancelButton(value, job, family === 'running'));
  return buttons;
}

/**
 * The job card: every known fact about the job, why it waits (pending/held), what an end
 * state means, and the buttons that apply to its state: Output, Watch, Hold or Release,
 * Requeue and Cancel (both behind a confirmation dialog). Never throws on an unknown state.
 */
export function renderJobDetails(input: JobDetailsInput): SlackMessage {
  const { cluster, job } = input;
  const now = input.now ?? new Date();
  const blocks: KnownBlock[] = [
    header(`Job ${job.id} on ${cluster}`),
    fieldsSection(summaryFields(job)),
  ];
  const more = contextFields(job, now);
  if (more.length > 0) blocks.push(fieldsSection(more));
  const paths = pathLines(job);
  if (paths.length > 0) blocks.push(section(paths.join('\n')));
  const pending = explainPending({ job, ...(input.nodes ? { nodes: input.nodes } : {}), now });
  if (pending) blocks.push(section(`*Why it is waiting*\n${pending.text}`));
  const advice = END_ADVICE[job.state];
  if (advice) blocks.push(section(`${stateMarker(job.state)} ${advice}`));
  if (input.canAct !== false) blocks.push(actions(actionButtons(cluster, job, input.watching === true), BLOCK_IDS.jobActions));
  const notes = [`Cluster *${escapeMrkdwn(cluster, 64)}*`, `updated ${slackDate(now)}`];
  if (input.minJobAgeSeconds !== undefined && input.minJobAgeSeconds > 0) {
    notes.push(`finished jobs stay visible for ${formatDuration(input.minJobAgeSeconds)}`);
  }
  blocks.push(context(notes.join('  ·  ')));
  const plainState = job.state === 'UNKNOWN' ? `Unknown (${escapeMrkdwn(job.stateText, 40)})` : stateLabel(job.state);
  return {
    text: fallbackText(`Job ${escapeMrkdwn(job.id, 40)} (${inlineCode(job.name, 80)}) on ${escapeMrkdwn(cluster, 64)}: ${plainState}.`),
    blocks,
  };
}
