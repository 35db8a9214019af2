import { stateFamily, type JobState } from '../../slurm/states';
import { context, fallbackText, fieldsSection, section, type KnownBlock, type SlackMessage } from './blocks';
import { escapeMrkdwn, inlineCode, mention } from './escape';
import { familyMarker, formatDuration, plural, stateLabel, stateMarker } from './format';

export interface ArrayAlertInput {
  readonly cluster: string;
  readonly arrayJobId: string;
  readonly name: string;
  readonly mention: string;
  /** Tasks per end state, most frequent first. */
  readonly counts: readonly { readonly state: JobState; readonly count: number }[];
  readonly total: number;
  /** Task ids that failed (any failed-family state), as compact ranges: `3-5,9`. */
  readonly failedTasks: string;
  readonly failedCount: number;
  /** The longest run time of any task. */
  readonly longestRunSeconds?: number;
}

/**
 * One alert for a whole job array once every task has ended: how many tasks ended in each state and
 * which failed (so they can be resubmitted with `--array=<ids>`). Never throws.
 */
export function renderArrayAlert(input: ArrayAlertInput): SlackMessage {
  const id = escapeMrkdwn(input.arrayJobId, 40);
  const completed = input.counts.find((c) => c.state === 'COMPLETED')?.count ?? 0;
  const marker = input.failedCount > 0 ? familyMarker('failed') : completed === input.total ? familyMarker('done') : familyMarker('cancelled');
  const summary = input.failedCount > 0
    ? `${plural(input.failedCount, 'task')} of ${input.total} failed`
    : `${completed} of ${plural(input.total, 'task')} completed`;
  const text = `${marker} ${mention(input.mention, 'Someone')} array job *${id}* ${inlineCode(input.name, 120)} on *${escapeMrkdwn(input.cluster, 64)}* has ended: ${summary}.`;
  const fields = input.counts.slice(0, 9).map((c) => `*${stateMarker(c.state)} ${stateLabel(c.state)}*\n${plural(c.count, 'task')}`);
  if (input.longestRunSeconds !== undefined) fields.push(`*Longest task*\n${formatDuration(input.longestRunSeconds)}`);
  const blocks: KnownBlock[] = [section(text), fieldsSection(fields)];
  if (input.failedCount > 0) {
    const failedStates = input.counts.filter((c) => stateFamily(c.state) === 'failed').map((c) => stateLabel(c.state).toLowerCase());
    blocks.push(section(
      `*Failed tasks* (${failedStates.join(', ')}): ${inlineCode(input.failedTasks, 1500)}\n` +
      `Resubmit just those with ${inlineCode(`sbatch --array=${input.failedTasks}`, 1500)}; ` +
      `${inlineCode(`/slurm output ${input.arrayJobId}_<task>`, 60)} shows a task's output.`,
    ));
  }
  blocks.push(context(`Cluster *${escapeMrkdwn(input.cluster, 64)}*  ·  one alert for the whole array, sent when its last task ended`));
  return { text: fallbackText(`Array job ${id} on ${escapeMrkdwn(input.cluster, 64)} has ended: ${summary}.`), blocks };
}
