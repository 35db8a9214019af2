import { ValidationError } from '../errors';
import { SUBMIT_FIELDS } from '../slack/views/ids';
import { formatDuration } from '../slack/views/format';
import { ALERT_OPTION_VALUE, DEFAULT_PARTITION_VALUE, type PartitionChoice } from '../slack/views/submit-modal';
import { parseSbatchOptions, sbatchOption } from '../slurm/sbatch-options';
import type { Seconds } from '../slurm/types';
import { parseMemory, parseTimeLimit, validateCount, validateJobName, validatePartition, validateWorkDir } from '../slurm/validate';
import { printable } from '../slurm/values';
import { checkPastedScript, checkScriptFileName, checkScriptSize } from './script';

/** One element's state in `view.state.values`, as Slack sends it (only what the form reads). */
export interface ViewStateValue {
  readonly type?: string;
  readonly value?: string | null;
  readonly selected_option?: { readonly value: string } | null;
  readonly selected_options?: readonly { readonly value: string }[];
  readonly selected_conversation?: string | null;
  readonly files?: readonly unknown[];
}

/** `view.state.values`: block_id → action_id → state. */
export type ViewStateValues = Readonly<Record<string, Readonly<Record<string, ViewStateValue>>>>;

/** An uploaded file as the modal reports it; its content is fetched separately. */
export interface ScriptFileRef {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  /** Present in the modal's state; the worker asks files.info again rather than trusting it. */
  readonly downloadUrl?: string;
}

export type ScriptInput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'file'; readonly file: ScriptFileRef };

/** A submission every field of which passed validation: what the worker needs to run sbatch. */
export interface SubmitForm {
  readonly script: ScriptInput;
  /** Validated long-form sbatch argv items, fields first, then the extra options. */
  readonly options: readonly string[];
  readonly jobName?: string;
  readonly partition?: string;
  readonly timeLimitSeconds?: Seconds;
  readonly alert: boolean;
  /** The conversation picked for the job card. */
  readonly channelId?: string;
}

export type FormResult =
  | { readonly ok: true; readonly form: SubmitForm }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

export interface FormContext {
  /**
   * The cluster's partitions when known (from the cache): a partition outside them, or a time limit
   * over the partition's maximum (which Slurm would leave pending forever), is refused at once.
   */
  readonly partitions?: readonly PartitionChoice[];
}

/** Slack shows these under the field; a very long text (the allow-list) is cut. */
const MAX_ERROR_LENGTH = 1000;

type FieldName = keyof typeof SUBMIT_FIELDS;

/** The sbatch option each form field sets, so the extra options cannot set it a second time. */
const FIELD_OPTIONS: Readonly<Partial<Record<FieldName, { option: string; label: string }>>> = {
  jobName: { option: '--job-name', label: 'Job name' },
  partition: { option: '--partition', label: 'Partition' },
  timeLimit: { option: '--time', label: 'Time limit' },
  nodes: { option: '--nodes', label: 'Nodes' },
  ntasks: { option: '--ntasks', label: 'Tasks' },
  cpusPerTask: { option: '--cpus-per-task', label: 'CPUs per task' },
  memory: { option: '--mem', label: 'Memory' },
  workDir: { option: '--chdir', label: 'Working directory' },
};

function state(values: ViewStateValues, field: FieldName): ViewStateValue | undefined {
  const { blockId, actionId } = SUBMIT_FIELDS[field];
  return values[blockId]?.[actionId];
}

function text(values: ViewStateValues, field: FieldName): string | undefined {
  const v = state(values, field)?.value;
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function fileRefs(values: ViewStateValues): ScriptFileRef[] {
  const files = state(values, 'script')?.files ?? [];
  return files.map((f) => {
    const r = (typeof f === 'object' && f !== null ? f : {}) as Record<string, unknown>;
    const id = typeof r.id === 'string' && /^F[A-Z0-9]{2,30}$/.test(r.id) ? r.id : undefined;
    if (id === undefined) throw new ValidationError('The uploaded file could not be read; upload it again.', SUBMIT_FIELDS.script.blockId);
    return {
      id,
      name: typeof r.name === 'string' ? r.name : '',
      size: typeof r.size === 'number' ? r.size : 0,
      ...(typeof r.url_private_download === 'string' && { downloadUrl: r.url_private_download }),
    };
  });
}

function scriptInput(values: ViewStateValues): ScriptInput {
  const files = fileRefs(values);
  const pasted = text(values, 'scriptText');
  const fileBlock = SUBMIT_FIELDS.script.blockId;
  if (files.length > 1) throw new ValidationError('Upload one job script, not several.', fileBlock);
  const file = files[0];
  if (file !== undefined && pasted !== undefined) {
    throw new ValidationError('Give the script one way: remove the uploaded file or the pasted text.', SUBMIT_FIELDS.scriptText.blockId);
  }
  if (file !== undefined) {
    checkScriptFileName(file.name, fileBlock);
    checkScriptSize(file.size, fileBlock);
    return { kind: 'file', file };
  }
  if (pasted !== undefined) return { kind: 'text', text: checkPastedScript(pasted, SUBMIT_FIELDS.scriptText.blockId) };
  throw new ValidationError('Upload a job script or paste one below.', fileBlock);
}

function partitionOf(values: ViewStateValues, context: FormContext): string | undefined {
  const chosen = state(values, 'partition')?.selected_option?.value;
  if (chosen === undefined || chosen === DEFAULT_PARTITION_VALUE) return undefined;
  const blockId = SUBMIT_FIELDS.partition.blockId;
  const partition = validatePartition(chosen, blockId);
  const known = context.partitions ?? [];
  if (known.length > 0 && !known.some((p) => p.name === partition)) {
    throw new ValidationError(`"${printable(partition)}" is not a partition of this cluster; pick one from the list.`, blockId);
  }
  return partition;
}

/** Why a time limit is over the chosen (or default) partition's maximum, if it is. */
function overPartitionLimit(seconds: Seconds, partition: string | undefined, context: FormContext): string | undefined {
  const chosen = context.partitions?.find((p) => (partition === undefined ? p.isDefault : p.name === partition));
  if (chosen === undefined || seconds === null) return undefined;
  const max = chosen.timeLimitSeconds;
  if (typeof max !== 'number' || seconds <= max) return undefined;
  return `Partition "${printable(chosen.name)}" allows at most ${formatDuration(max)}; ask for less time or pick another partition.`;
}

/**
 * Reads and validates the submit modal without touching the cluster: the script (uploaded file's
 * name and size, or the pasted text in full), each field through the domain validators and the
 * sbatch allow-list, and the extra options, which may not repeat an option a field already sets.
 * Every field at fault gets its own message, keyed by block_id for `response_action: "errors"`.
 * An uploaded file's content is checked later, once fetched (see checkScript). Pure; never throws.
 */
export function parseSubmitForm(values: ViewStateValues, context: FormContext = {}): FormResult {
  const errors: Record<string, string> = {};
  const attempt = <T>(blockId: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const key = error.field !== undefined && error.field.startsWith('submit_') ? error.field : blockId;
      errors[key] ??= error.message.length > MAX_ERROR_LENGTH ? `${error.message.slice(0, MAX_ERROR_LENGTH - 1)}…` : error.message;
      return undefined;
    }
  };
  const block = (field: FieldName): string => SUBMIT_FIELDS[field].blockId;
  const script = attempt(block('script'), () => scriptInput(values));
  const jobNameText = text(values, 'jobName');
  const jobName = jobNameText === undefined ? undefined : attempt(block('jobName'), () => validateJobName(jobNameText, block('jobName')));
  const partition = attempt(block('partition'), () => partitionOf(values, context));
  const timeText = text(values, 'timeLimit');
  const time = timeText === undefined ? undefined : attempt(block('timeLimit'), () => parseTimeLimit(timeText, block('timeLimit')));
  const overLimit = time === undefined ? undefined : overPartitionLimit(time.seconds, partition, context);
  if (overLimit !== undefined) errors[block('timeLimit')] ??= overLimit;
  const nodesText = text(values, 'nodes');
  const nodes = nodesText === undefined ? undefined : attempt(block('nodes'), () => sbatchOption('--nodes', nodesText.trim(), block('nodes')));
  const count = (field: FieldName, label: string, max: number): number | undefined => {
    const t = text(values, field);
    return t === undefined ? undefined : attempt(block(field), () => validateCount(t, block(field), label, { min: 1, max }));
  };
  const ntasks = count('ntasks', 'Tasks', 1000000);
  const cpus = count('cpusPerTask', 'CPUs per task', 100000);
  const memText = text(values, 'memory');
  const memory = memText === undefined ? undefined : attempt(block('memory'), () => parseMemory(memText, block('memory')));
  const dirText = text(values, 'workDir');
  const workDir = dirText === undefined ? undefined : attempt(block('workDir'), () => validateWorkDir(dirText, block('workDir')));
  const filled = new Map<string, string>();
  const fieldOptions: string[] = [];
  const add = (field: FieldName, item: string | undefined, typed: boolean): void => {
    const spec = FIELD_OPTIONS[field];
    if (!typed || spec === undefined) return;
    filled.set(spec.option, spec.label);
    if (item !== undefined) fieldOptions.push(item);
  };
  add('jobName', jobName === undefined ? undefined : sbatchOption('--job-name', jobName), jobNameText !== undefined);
  add('partition', partition === undefined ? undefined : sbatchOption('--partition', partition), partition !== undefined);
  add('timeLimit', time === undefined ? undefined : `--time=${time.slurm}`, timeText !== undefined);
  add('nodes', nodes, nodesText !== undefined);
  add('ntasks', ntasks === undefined ? undefined : `--ntasks=${ntasks}`, text(values, 'ntasks') !== undefined);
  add('cpusPerTask', cpus === undefined ? undefined : `--cpus-per-task=${cpus}`, text(values, 'cpusPerTask') !== undefined);
  add('memory', memory === undefined ? undefined : `--mem=${memory.slurm}`, memText !== undefined);
  add('workDir', workDir === undefined ? undefined : sbatchOption('--chdir', workDir), dirText !== undefined);
  const extraText = text(values, 'options');
  const extra = extraText === undefined ? [] : attempt(block('options'), () => {
    const parsed = parseSbatchOptions(extraText, block('options'));
    for (const item of parsed) {
      const name = item.split('=')[0]!;
      const label = filled.get(name);
      if (label !== undefined) throw new ValidationError(`${name} is already set by the ${label} field; set it in one place only.`, block('options'));
    }
    return parsed;
  }) ?? [];
  const alert = (state(values, 'watch')?.selected_options ?? []).some((o) => o.value === ALERT_OPTION_VALUE);
  const channel = state(values, 'alertChannel')?.selected_conversation ?? undefined;
  if (Object.keys(errors).length > 0 || script === undefined) return { ok: false, errors };
  return {
    ok: true,
    form: {
      script,
      options: [...fieldOptions, ...extra],
      ...(jobName !== undefined && { jobName }),
      ...(partition !== undefined && { partition }),
      ...(time !== undefined && { timeLimitSeconds: time.seconds }),
      alert,
      ...(channel !== undefined && channel !== null && { channelId: channel }),
    },
  };
}
