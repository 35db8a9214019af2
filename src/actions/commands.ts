import { ValidationError } from '../errors';
import { jobIdText, parseJobIdArg } from '../slurm/jobid';
import { validateCount } from '../slurm/validate';
import { CONTROL_ACTIONS, type ControlAction } from './job-control';
import { MAX_OUTPUT_LINES } from './output-script';

/** The worker's commands for job actions; every value validated again when a Task arrives. */
export type ActionCommand =
  | { readonly kind: 'control'; readonly action: ControlAction; readonly jobId: string }
  | { readonly kind: 'output'; readonly jobId: string; readonly lines: number }
  | { readonly kind: 'watch'; readonly jobId: string }
  | { readonly kind: 'unwatch'; readonly jobId: string };

export const ACTION_COMMAND_KINDS: readonly ActionCommand['kind'][] = ['control', 'output', 'watch', 'unwatch'];

/** Lines `/slurm output ID` shows when none are asked for. */
export const DEFAULT_OUTPUT_LINES = 50;

/** The channel message (a job card) a button was clicked on, for chat.update and the watch's thread. */
export interface MessageOrigin {
  readonly channel: string;
  readonly ts: string;
  /** The thread the card sits in, when it is a reply itself. */
  readonly threadTs?: string;
  /** Who the card names as submitter (cardSubmitter). */
  readonly submittedBy?: string;
}

export function isActionCommand(command: { readonly kind: string }): command is ActionCommand {
  return (ACTION_COMMAND_KINDS as readonly string[]).includes(command.kind);
}

function bad(field: string, detail: string): ValidationError {
  return new ValidationError(`Malformed task: ${field} ${detail}.`, field);
}

function jobIdOf(v: unknown): string {
  if (typeof v !== 'string' || v.length > 40) throw bad('command.jobId', 'is missing or malformed');
  return jobIdText(parseJobIdArg(v));
}

/**
 * Checks an action command that arrived in a Task (JSON from outside the process).
 * @throws ValidationError naming the field at fault.
 */
export function validateActionCommand(c: Readonly<Record<string, unknown>>): ActionCommand {
  switch (c.kind) {
    case 'control': {
      if (!(CONTROL_ACTIONS as readonly unknown[]).includes(c.action)) throw bad('command.action', 'is not cancel, hold, release or requeue');
      return { kind: 'control', action: c.action as ControlAction, jobId: jobIdOf(c.jobId) };
    }
    case 'output': {
      if (typeof c.lines !== 'number') throw bad('command.lines', 'is not a number');
      return { kind: 'output', jobId: jobIdOf(c.jobId), lines: validateCount(c.lines, 'command.lines', 'The number of lines', { min: 1, max: MAX_OUTPUT_LINES }) };
    }
    case 'watch':
    case 'unwatch':
      return { kind: c.kind, jobId: jobIdOf(c.jobId) };
    default:
      throw bad('command.kind', `${JSON.stringify(c.kind)} is not a job action`);
  }
}

const CHANNEL = /^[CGD][A-Z0-9]{2,30}$/;
const TS = /^\d{1,12}\.\d{1,9}$/;
const USER = /^[UW][A-Z0-9]{2,20}$/;

/**
 * Checks a Task's `origin`.
 * @throws ValidationError for a malformed channel, ts or user id.
 */
export function validateOrigin(v: unknown): MessageOrigin | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('origin', 'is not an object');
  const o = v as Record<string, unknown>;
  const check = (value: unknown, pattern: RegExp, field: string, optional: boolean): string | undefined => {
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'string' || !pattern.test(value)) throw bad(`origin.${field}`, 'is malformed');
    return value;
  };
  const threadTs = check(o.threadTs, TS, 'threadTs', true);
  const submittedBy = check(o.submittedBy, USER, 'submittedBy', true);
  return {
    channel: check(o.channel, CHANNEL, 'channel', false)!,
    ts: check(o.ts, TS, 'ts', false)!,
    ...(threadTs !== undefined && { threadTs }),
    ...(submittedBy !== undefined && { submittedBy }),
  };
}

/** The Slurm command an ack names while the worker runs it. */
export function describeActionCommand(command: ActionCommand): string {
  switch (command.kind) {
    case 'control':
      return command.action === 'cancel' ? `scancel ${command.jobId}` : `scontrol ${command.action} ${command.jobId}`;
    case 'output':
      return `scontrol show job ${command.jobId} + tail -n ${command.lines}`;
    case 'watch':
      return `squeue --jobs=${command.jobId}`;
    case 'unwatch':
      return `unwatch ${command.jobId}`;
  }
}
