import { ValidationError } from '../errors';
import { parseJobIdArg, jobIdText } from '../slurm/jobid';
import { JOB_STATES, type JobState } from '../slurm/states';
import type { JobFilter } from '../slurm/types';
import { validatePartition, validateUserName } from '../slurm/validate';
import { validateActionCommand, validateOrigin, type ActionCommand, type MessageOrigin } from '../actions/commands';
import { validateSubmitCommand, validateSubmitFormCommand, type SubmitCommand, type SubmitFormCommand } from '../submit/submit-task';
import { validateLinkCommand, type LinkTaskCommand } from '../access/link-task';

export const TASK_VERSION = 1;

/** What the worker runs: the read commands that need the cluster (help and clusters are answered in the ack), and the submit modal's work. */
export type TaskCommand =
  | { readonly kind: 'jobs'; readonly filter: JobFilter; readonly page: number }
  | { readonly kind: 'job'; readonly jobId: string }
  | { readonly kind: 'nodes'; readonly page: number; readonly partition?: string }
  | { readonly kind: 'partitions' }
  | SubmitCommand
  | SubmitFormCommand
  | ActionCommand
  /** `/slurm link`'s proof check; the Task's unixUser is then the Unix user claimed, checked by the proof. */
  | LinkTaskCommand;

/**
 * One unit of work handed from the slack function to the worker, as JSON. Everything in it was
 * validated and authorized before dispatch; the worker validates it again because it arrives
 * from outside the process.
 */
export interface Task {
  readonly v: typeof TASK_VERSION;
  readonly requestId: string;
  readonly teamId: string;
  readonly userId: string;
  readonly channelId: string;
  readonly responseUrl: string;
  /** `replace`: the answer replaces the message that asked (the ack, or the page shown); `new`: a new ephemeral message. */
  readonly reply: 'replace' | 'new';
  readonly cluster: string;
  /** The mapped Unix user every command runs as. */
  readonly unixUser: string;
  readonly command: TaskCommand;
  /** The channel message (a job card) a job-action button was clicked on: updated in place, and the thread for a watch's alert. */
  readonly origin?: MessageOrigin;
}

const SLACK_ID = /^[A-Z0-9]{2,32}$/;
const REQUEST_ID = /^[A-Za-z0-9-]{1,64}$/;
const CLUSTER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const MAX_PAGE = 100_000;
const STATES: ReadonlySet<string> = new Set(JOB_STATES);

function bad(field: string, detail: string): ValidationError {
  return new ValidationError(`Malformed task: ${field} ${detail}.`, field);
}

function record(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(field, 'is not an object');
  return v as Record<string, unknown>;
}

function text(v: unknown, field: string, pattern: RegExp): string {
  if (typeof v !== 'string' || !pattern.test(v)) throw bad(field, 'is missing or malformed');
  return v;
}

function page(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_PAGE) throw bad(field, 'is not a page number');
  return v;
}

function stringList(v: unknown, field: string): readonly string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || v.length > 100 || v.some((x) => typeof x !== 'string')) {
    throw bad(field, 'is not a list of names');
  }
  return v as string[];
}

function filterOf(v: unknown): JobFilter {
  const f = record(v, 'command.filter');
  const users = stringList(f.users, 'command.filter.users')?.map((u) => validateUserName(u));
  const states = stringList(f.states, 'command.filter.states')?.map((s) => {
    if (!STATES.has(s)) throw bad('command.filter.states', `has unknown state ${JSON.stringify(s)}`);
    return s as JobState;
  });
  const jobIds = stringList(f.jobIds, 'command.filter.jobIds')?.map((j) => jobIdText(parseJobIdArg(j)));
  const partition = f.partition === undefined ? undefined : validatePartition(text(f.partition, 'command.filter.partition', /^.{1,64}$/));
  return {
    ...(users && { users }),
    ...(states && { states }),
    ...(partition !== undefined && { partition }),
    ...(jobIds && { jobIds }),
  };
}

function commandOf(v: unknown): TaskCommand {
  const c = record(v, 'command');
  switch (c.kind) {
    case 'jobs':
      return { kind: 'jobs', filter: filterOf(c.filter ?? {}), page: page(c.page, 'command.page') };
    case 'job':
      return { kind: 'job', jobId: jobIdText(parseJobIdArg(text(c.jobId, 'command.jobId', /^.{1,40}$/))) };
    case 'nodes': {
      const partition = c.partition === undefined ? undefined : validatePartition(text(c.partition, 'command.partition', /^.{1,64}$/));
      return { kind: 'nodes', page: page(c.page, 'command.page'), ...(partition !== undefined && { partition }) };
    }
    case 'partitions':
      return { kind: 'partitions' };
    case 'submit':
      return validateSubmitCommand(c);
    case 'submit-form':
      return validateSubmitFormCommand(c);
    case 'control':
    case 'output':
    case 'watch':
    case 'unwatch':
      return validateActionCommand(c);
    case 'link':
      return validateLinkCommand(c);
    default:
      throw bad('command.kind', `${JSON.stringify(c.kind)} is not a task`);
  }
}

function responseUrlOf(v: unknown, allowedOrigins: readonly string[]): string {
  const raw = text(v, 'responseUrl', /^https?:\/\/\S{1,2000}$/);
  let origin: string;
  try {
    origin = new URL(raw).origin;
  } catch {
    throw bad('responseUrl', 'is not a URL');
  }
  if (!allowedOrigins.includes(origin)) throw bad('responseUrl', `points at ${origin}, which is not Slack`);
  return raw;
}

function replyOf(v: unknown): Task['reply'] {
  if (v !== 'replace' && v !== 'new') throw bad('reply', 'is not replace or new');
  return v;
}

/** Where Slack's response URLs live, plus the Web API's own origin when SLACK_API_URL points elsewhere (tests, proxies). */
export function responseUrlOrigins(slackApiUrl: string): string[] {
  return ['https://hooks.slack.com', 'https://hooks.slack-gov.com', new URL(slackApiUrl).origin];
}

/**
 * Checks a Task that arrived as JSON: version, ids, response URL origin, and every value of the
 * command again through the domain validators.
 * @throws ValidationError naming the field at fault.
 */
export function validateTask(input: unknown, allowedOrigins: readonly string[]): Task {
  const t = record(input, 'task');
  if (t.v !== TASK_VERSION) throw bad('v', `is ${JSON.stringify(t.v)}, this worker runs version ${TASK_VERSION}`);
  return {
    v: TASK_VERSION,
    requestId: text(t.requestId, 'requestId', REQUEST_ID),
    teamId: text(t.teamId, 'teamId', SLACK_ID),
    userId: text(t.userId, 'userId', SLACK_ID),
    channelId: text(t.channelId, 'channelId', SLACK_ID),
    responseUrl: responseUrlOf(t.responseUrl, allowedOrigins),
    reply: replyOf(t.reply),
    cluster: text(t.cluster, 'cluster', CLUSTER),
    unixUser: validateUserName(text(t.unixUser, 'unixUser', /^.{1,32}$/), 'unixUser'),
    command: commandOf(t.command),
    ...(t.origin !== undefined && { origin: validateOrigin(t.origin) }),
  };
}
