import type { types } from '@slack/bolt';
import type { Seconds } from '../../slurm/types';
import { button, type Button } from './blocks';
import { escapeMrkdwn, inlineCode, plainText } from './escape';
import { formatDuration } from './format';
import { ACTION_IDS, CALLBACK_IDS, SUBMIT_FIELDS, encodeClusterValue } from './ids';

export type ModalView = types.ModalView;
type InputBlock = types.InputBlock;
type PlainTextOption = types.PlainTextOption;

/** The partition select's value for "let Slurm pick" (no `--partition`), while the real list is unknown. */
export const DEFAULT_PARTITION_VALUE = '__cluster_default__';

/** The value of the "alert me when it ends" checkbox. */
export const ALERT_OPTION_VALUE = 'alert';

/** The longest script Slack lets a user paste into a plain_text_input. */
export const MAX_PASTED_SCRIPT_CHARS = 3000;

/** A partition as the modal offers it. */
export interface PartitionChoice {
  readonly name: string;
  readonly isDefault: boolean;
  /** null = no limit; undefined = unknown. */
  readonly timeLimitSeconds?: Seconds;
  /** `UP`, `DOWN`, … as sinfo says; anything but UP is marked. */
  readonly availability?: string;
}

/** What the partition select shows: the real list, a loading state, or why the list is missing. */
export type PartitionsState =
  | { readonly kind: 'known'; readonly partitions: readonly PartitionChoice[] }
  | { readonly kind: 'loading' }
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface SubmitModalInput {
  readonly cluster: string;
  readonly unixUser: string;
  readonly partitions: PartitionsState;
  /** Preselected conversation for the job card: where the command ran. */
  readonly channelId?: string;
  /** encodeSubmitMeta's output. */
  readonly privateMetadata: string;
}

/** Slack's static_select takes at most 100 options. */
const MAX_OPTIONS = 100;

function plain(text: string, max = 2000): types.PlainTextElement {
  return { type: 'plain_text', text: plainText(text, max), emoji: true };
}

function textInput(
  field: keyof typeof SUBMIT_FIELDS,
  label: string,
  options: { hint?: string; placeholder?: string; multiline?: boolean; maxLength?: number } = {},
): InputBlock {
  const { blockId, actionId } = SUBMIT_FIELDS[field];
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label),
    ...(options.hint !== undefined && { hint: plain(options.hint) }),
    element: {
      type: 'plain_text_input',
      action_id: actionId,
      ...(options.multiline === true && { multiline: true }),
      ...(options.maxLength !== undefined && { max_length: options.maxLength }),
      ...(options.placeholder !== undefined && { placeholder: plain(options.placeholder, 150) }),
    },
  };
}

function limitLabel(p: PartitionChoice): string {
  if (p.timeLimitSeconds === undefined) return '';
  return p.timeLimitSeconds === null ? 'no time limit' : `max ${formatDuration(p.timeLimitSeconds)}`;
}

function partitionOption(p: PartitionChoice): PlainTextOption {
  const notes = [limitLabel(p), p.isDefault ? 'default' : '', p.availability && p.availability.toUpperCase() !== 'UP' ? p.availability.toLowerCase() : '']
    .filter((n) => n !== '');
  return { text: plain(notes.length > 0 ? `${p.name} (${notes.join(', ')})` : p.name, 75), value: p.name };
}

const DEFAULT_OPTION: PlainTextOption = { text: plain('Cluster default', 75), value: DEFAULT_PARTITION_VALUE };

function partitionBlock(state: PartitionsState): InputBlock {
  const { blockId, actionId } = SUBMIT_FIELDS.partition;
  const known = state.kind === 'known' ? state.partitions.filter((p) => p.name.length <= 150).slice(0, MAX_OPTIONS) : [];
  const options = known.length > 0 ? known.map(partitionOption) : [DEFAULT_OPTION];
  const preferred = known.find((p) => p.isDefault);
  const initial = preferred ? options[known.indexOf(preferred)]! : known.length > 0 ? undefined : DEFAULT_OPTION;
  const hint = state.kind === 'loading'
    ? 'Loading the cluster\'s partitions…'
    : state.kind === 'unavailable'
      ? `The partitions could not be listed (${state.reason}); the job goes to the cluster's default partition.`
      : 'Where the job runs; its maximum time limit is shown.';
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain('Partition'),
    hint: plain(hint),
    element: {
      type: 'static_select',
      action_id: actionId,
      placeholder: plain('Pick a partition', 150),
      options,
      ...(initial !== undefined && { initial_option: initial }),
    },
  };
}

/**
 * The "Submit a Slurm job" modal: the job script (uploaded or pasted), job name, partition, time
 * limit, nodes, tasks, CPUs per task, memory, working directory, extra sbatch options, the
 * conversation for the job card (its response_url comes back with the submission) and "alert me
 * when it ends", checked. The partition list is the cluster's when known, else a loading state the
 * worker replaces with views.update; block and action ids stay the same so Slack keeps what the
 * user already typed. Never throws.
 */
export function renderSubmitModal(input: SubmitModalInput): ModalView {
  const f = SUBMIT_FIELDS;
  const alertOption: PlainTextOption = { text: plain('Alert me in the job card\'s thread when the job ends', 75), value: ALERT_OPTION_VALUE };
  const channel = input.channelId !== undefined && /^[CG][A-Z0-9]{2,}$/.test(input.channelId) ? input.channelId : undefined;
  const blocks: types.KnownBlock[] = [
    {
      type: 'context',
      elements: [{
        type: 'mrkdwn',
        text: `Cluster *${escapeMrkdwn(input.cluster, 64)}*, as Unix user ${inlineCode(input.unixUser, 40)}. `
          + '`#SBATCH` lines in the script apply; values typed in this form override them.',
      }],
    },
    {
      type: 'input',
      block_id: f.script.blockId,
      optional: true,
      label: plain('Job script'),
      hint: plain('A .sh, .slurm, .sbatch or .txt file of at most 1 MiB whose first line is #! (e.g. #!/bin/bash). Or paste the script below.'),
      element: { type: 'file_input', action_id: f.script.actionId, filetypes: ['sh', 'slurm', 'sbatch', 'txt'], max_files: 1 },
    },
    textInput('scriptText', '…or paste the script', {
      multiline: true,
      maxLength: MAX_PASTED_SCRIPT_CHARS,
      placeholder: '#!/bin/bash\n#SBATCH --time=10\nsrun hostname',
      hint: `Up to ${MAX_PASTED_SCRIPT_CHARS} characters; upload a file for longer scripts.`,
    }),
    textInput('jobName', 'Job name', { maxLength: 200, hint: 'Default: the script\'s #SBATCH --job-name, else the file name.' }),
    partitionBlock(input.partitions),
    textInput('timeLimit', 'Time limit', { placeholder: '30 or 2:00:00 or 1-00:00:00', hint: 'Minutes, HH:MM:SS or D-HH:MM:SS. Empty: the script\'s or the partition\'s default.' }),
    textInput('nodes', 'Nodes', { placeholder: '1', hint: 'A count, or a range such as 1-4.' }),
    textInput('ntasks', 'Tasks', { placeholder: '1' }),
    textInput('cpusPerTask', 'CPUs per task', { placeholder: '1' }),
    textInput('memory', 'Memory per node', { placeholder: '4G', hint: 'A whole number with K, M, G or T; a plain number means MB.' }),
    textInput('workDir', 'Working directory', {
      placeholder: `/home/${input.unixUser}`,
      hint: 'An absolute path (~ is not expanded). Default: your home directory on the cluster.',
    }),
    textInput('options', 'Other sbatch options', {
      placeholder: '--account=myproject --gres=gpu:1 --mail-type=END',
      hint: 'Allowed options only (e.g. --account, --qos, --gres, --constraint, --array, --dependency, --mail-type, --output).',
    }),
    {
      type: 'input',
      block_id: f.alertChannel.blockId,
      label: plain('Post the job card in'),
      hint: plain('The card has Details, Output and Cancel buttons; alerts go in its thread. I must be a member of the channel.'),
      element: {
        type: 'conversations_select',
        action_id: f.alertChannel.actionId,
        response_url_enabled: true,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(channel !== undefined ? { initial_conversation: channel } : { default_to_current_conversation: true }),
      },
    },
    {
      type: 'input',
      block_id: f.watch.blockId,
      optional: true,
      label: plain('Alert'),
      element: { type: 'checkboxes', action_id: f.watch.actionId, options: [alertOption], initial_options: [alertOption] },
    },
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.submitModal,
    title: plain('Submit a Slurm job', 24),
    submit: plain('Submit', 24),
    close: plain('Cancel', 24),
    private_metadata: input.privateMetadata,
    blocks,
  };
}

/** "Submit a job": opens this modal for `cluster` (messages other than help, e.g. the jobs list). */
export function submitJobButton(cluster: string): Button {
  return button({ text: 'Submit a job', actionId: ACTION_IDS.submitOpen, value: encodeClusterValue({ cluster }) });
}
