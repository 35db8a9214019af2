import { ValidationError } from '../errors';
import { checkSbatchArgs } from '../slurm/sbatch-options';
import type { Seconds } from '../slurm/types';
import { validateJobName, validatePartition } from '../slurm/validate';
import { MAX_PASTED_SCRIPT_CHARS } from '../slack/views/submit-modal';
import type { SubmitForm } from './form';

/** How the worker gets the script: the pasted text travels in the Task, an upload by its Slack file id. */
export type SubmitScript =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'file'; readonly fileId: string; readonly name: string };

/** The worker's command for a validated modal submission. */
export interface SubmitCommand {
  readonly kind: 'submit';
  /** The idempotency key claimed for this submission (submitKey). */
  readonly key: string;
  readonly script: SubmitScript;
  /** Validated long-form sbatch argv items. */
  readonly options: readonly string[];
  readonly jobName?: string;
  readonly partition?: string;
  readonly timeLimitSeconds?: Seconds;
  readonly alert: boolean;
  /** Where the job card goes. */
  readonly cardChannel: string;
}

/** The worker's command to fill an open submit modal with the cluster's partitions (views.update). */
export interface SubmitFormCommand {
  readonly kind: 'submit-form';
  readonly viewId: string;
  readonly hash?: string;
}

const VIEW_ID = /^V[A-Z0-9]{2,30}$/;
const TEAM_ID = /^[A-Z0-9]{2,32}$/;
const FILE_ID = /^F[A-Z0-9]{2,30}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;
const KEY = /^submit:[A-Z0-9]{2,32}:V[A-Z0-9]{2,30}$/;
const HASH = /^[A-Za-z0-9.]{1,100}$/;
const MAX_OPTIONS = 100;

/**
 * The idempotency key of one modal submission: the same view submitted twice (a Slack retry, a
 * double click) is the same submission. Each opening of the modal is a new view, and a view whose
 * submission failed validation never claimed its key, so a corrected form still goes through.
 * @throws ValidationError for a malformed team or view id.
 */
export function submitKey(teamId: string, viewId: string): string {
  if (!TEAM_ID.test(teamId) || !VIEW_ID.test(viewId)) throw new ValidationError('Malformed team or view id.', 'view');
  return `submit:${teamId}:${viewId}`;
}

/** The second key the worker claims right before sbatch, so a redelivered Task never runs it again. */
export function sbatchRunKey(key: string): string {
  return `${key}:sbatch`;
}

/** The worker's command for a form that passed parseSubmitForm. */
export function submitCommand(key: string, form: SubmitForm, cardChannel: string): SubmitCommand {
  const script: SubmitScript = form.script.kind === 'text'
    ? { kind: 'text', text: form.script.text }
    : { kind: 'file', fileId: form.script.file.id, name: form.script.file.name };
  return {
    kind: 'submit',
    key,
    script,
    options: form.options,
    ...(form.jobName !== undefined && { jobName: form.jobName }),
    ...(form.partition !== undefined && { partition: form.partition }),
    ...(form.timeLimitSeconds !== undefined && { timeLimitSeconds: form.timeLimitSeconds }),
    alert: form.alert,
    cardChannel,
  };
}

function bad(field: string, detail: string): ValidationError {
  return new ValidationError(`Malformed task: ${field} ${detail}.`, field);
}

function str(v: unknown, field: string, pattern: RegExp): string {
  if (typeof v !== 'string' || !pattern.test(v)) throw bad(field, 'is missing or malformed');
  return v;
}

function scriptOf(v: unknown): SubmitScript {
  if (typeof v !== 'object' || v === null) throw bad('command.script', 'is not an object');
  const s = v as Record<string, unknown>;
  if (s.kind === 'text') {
    if (typeof s.text !== 'string' || s.text.length === 0 || s.text.length > MAX_PASTED_SCRIPT_CHARS * 2) throw bad('command.script.text', 'is missing or too long');
    return { kind: 'text', text: s.text };
  }
  if (s.kind === 'file') {
    return { kind: 'file', fileId: str(s.fileId, 'command.script.fileId', FILE_ID), name: str(s.name, 'command.script.name', /^[^\n/]{1,255}$/) };
  }
  throw bad('command.script.kind', 'is neither text nor file');
}

function limitOf(v: unknown): Seconds | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw bad('command.timeLimitSeconds', 'is not a number of seconds');
  return v;
}

/**
 * Checks a submit command that arrived as JSON, every option again through the allow-list.
 * @throws ValidationError naming the field at fault.
 */
export function validateSubmitCommand(c: Record<string, unknown>): SubmitCommand {
  if (!Array.isArray(c.options) || c.options.length > MAX_OPTIONS || c.options.some((o) => typeof o !== 'string')) throw bad('command.options', 'is not a list of options');
  if (typeof c.alert !== 'boolean') throw bad('command.alert', 'is not true or false');
  const timeLimitSeconds = limitOf(c.timeLimitSeconds);
  return {
    kind: 'submit',
    key: str(c.key, 'command.key', KEY),
    script: scriptOf(c.script),
    options: checkSbatchArgs(c.options as string[], 'command.options'),
    ...(c.jobName !== undefined && { jobName: validateJobName(str(c.jobName, 'command.jobName', /^.{1,400}$/s), 'command.jobName') }),
    ...(c.partition !== undefined && { partition: validatePartition(str(c.partition, 'command.partition', /^.{1,64}$/), 'command.partition') }),
    ...(timeLimitSeconds !== undefined && { timeLimitSeconds }),
    alert: c.alert,
    cardChannel: str(c.cardChannel, 'command.cardChannel', CHANNEL_ID),
  };
}

/**
 * Checks a submit-form command that arrived as JSON.
 * @throws ValidationError naming the field at fault.
 */
export function validateSubmitFormCommand(c: Record<string, unknown>): SubmitFormCommand {
  return {
    kind: 'submit-form',
    viewId: str(c.viewId, 'command.viewId', VIEW_ID),
    ...(c.hash !== undefined && { hash: str(c.hash, 'command.hash', HASH) }),
  };
}
