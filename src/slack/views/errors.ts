import { isChatopsError, SlurmError, type ErrorCode } from '../../errors';
import { context, fallbackText, section, type SlackMessage } from './blocks';
import { codeBlock, escapeMrkdwn, inlineCode } from './escape';
import { formatDuration } from './format';

/** Every ErrorCode, plus UNEXPECTED for anything that is not a ChatopsError (a bug). */
export type ErrorViewCode = ErrorCode | 'UNEXPECTED';

export interface ErrorViewInput {
  readonly code: ErrorViewCode;
  /** Correlates the message with the logs; shown so users can quote it to an admin. */
  readonly requestId: string;
  /**
   * The error's message. Shown (escaped) only for codes whose messages are written for
   * users (VALIDATION, FORBIDDEN); other codes' messages may hold internals.
   */
  readonly message?: string;
  readonly cluster?: string;
  readonly jobId?: string;
  /** Slurm's own text for SLURM_ERROR (untrusted). */
  readonly slurmMessage?: string;
  /** Slurm's MinJobAge, for JOB_NOT_FOUND. */
  readonly minJobAgeSeconds?: number;
  /** Configured clusters, for UNKNOWN_CLUSTER. */
  readonly clusters?: readonly string[];
  readonly slashCommand?: string;
}

interface Explained {
  readonly what: string;
  readonly todo: string;
}

function on(input: ErrorViewInput): string {
  return input.cluster ? ` on *${escapeMrkdwn(input.cluster, 64)}*` : '';
}

function job(input: ErrorViewInput): string {
  return input.jobId ? `Job *${escapeMrkdwn(input.jobId, 40)}*` : 'The job';
}

function userMessage(input: ErrorViewInput, fallback: string): string {
  return input.message?.trim() ? escapeMrkdwn(input.message.trim(), 1000) : fallback;
}

const EXPLAIN: Readonly<Record<ErrorViewCode, (input: ErrorViewInput, slash: string) => Explained>> = {
  VALIDATION: (i, slash) => ({
    what: userMessage(i, 'That input is not something Slurm would accept.'),
    todo: `Fix the value and try again; ${inlineCode(`${slash} help`)} shows examples.`,
  }),
  NOT_MAPPED: (i, slash) => ({
    what: `Your Slack account is not mapped to a Unix user${on(i)}, so the bot cannot act for you.`,
    todo: `Ask an admin to map you, or use ${inlineCode(`${slash} link`)}.`,
  }),
  FORBIDDEN: (i) => ({
    what: userMessage(i, 'You are not allowed to do that.'),
    todo: 'You can change only your own jobs; admins can change any job. Ask an admin if you need this.',
  }),
  UNKNOWN_CLUSTER: (i) => ({
    what: i.cluster ? `There is no cluster named ${inlineCode(i.cluster, 64)}.` : 'That cluster is not configured.',
    todo: i.clusters && i.clusters.length > 0
      ? `Use one of: ${i.clusters.slice(0, 20).map((c) => inlineCode(c, 64)).join(', ')}.`
      : 'Ask an admin to add the cluster to the configuration.',
  }),
  JOB_NOT_FOUND: (i) => ({
    what: `${job(i)} was not found${on(i)}.`,
    todo: i.minJobAgeSeconds !== undefined && i.minJobAgeSeconds > 0
      ? `Check the job id. Finished jobs stay visible for ${formatDuration(i.minJobAgeSeconds)} after they end; after that Slurm forgets them.`
      : 'Check the job id. Finished jobs stay visible only a few minutes after they end.',
  }),
  EXEC_UNREACHABLE: (i) => ({
    what: `The bot could not reach the head node${on(i)}.`,
    todo: 'The head node may be stopped or its SSM agent offline. Try again in a minute; if it persists, tell an admin.',
  }),
  EXEC_TIMEOUT: (i) => ({
    what: `The head node${on(i)} did not answer in time.`,
    todo: 'Slurm may be busy. Try again; if you were changing a job, check its state first, the change may have happened.',
  }),
  EXEC_FAILED: (i) => ({
    what: `The command could not be run${on(i)}.`,
    todo: 'Tell an admin: the Slurm commands may be missing or the bot lacks a permission on the head node.',
  }),
  EXEC_TRUNCATED: (i) => ({
    what: `The answer from the head node${on(i)} was too large and was cut.`,
    todo: 'Narrow the query (one user, one state or one partition) and try again.',
  }),
  SLURM_ERROR: (i) => ({
    what: `Slurm refused${on(i)}:\n${codeBlock(i.slurmMessage ?? i.message ?? '', 2000)}`,
    todo: 'Check the job id and the options; Slurm says what it objects to above.',
  }),
  CONFIG_INVALID: () => ({
    what: 'The bot\'s configuration is invalid.',
    todo: 'Tell an admin: the configuration file needs fixing.',
  }),
  SLACK_API: () => ({
    what: 'Slack refused a message from the bot.',
    todo: 'Try again; if it persists, tell an admin.',
  }),
  STORE: () => ({
    what: 'The bot could not read or save its state (watches, submissions).',
    todo: 'Try again in a minute; if it persists, tell an admin.',
  }),
  UNEXPECTED: () => ({
    what: 'Something went wrong in the bot.',
    todo: 'Try again; if it persists, tell an admin and quote the request id.',
  }),
};

const MARKERS: Readonly<Partial<Record<ErrorViewCode, string>>> = {
  VALIDATION: ':pencil2:',
  NOT_MAPPED: ':bust_in_silhouette:',
  FORBIDDEN: ':lock:',
  JOB_NOT_FOUND: ':mag:',
  EXEC_TIMEOUT: ':hourglass:',
  EXEC_UNREACHABLE: ':electric_plug:',
};

/**
 * The message for a failure: what happened, what to do, and the request id in a context
 * block. No stack traces; Slurm's text is escaped inside a code block.
 */
export function renderError(input: ErrorViewInput): SlackMessage {
  const slash = input.slashCommand ?? '/slurm';
  const explained = (EXPLAIN[input.code] ?? EXPLAIN.UNEXPECTED)(input, slash);
  const marker = MARKERS[input.code] ?? ':warning:';
  const body = `${marker} ${explained.what}\n${explained.todo}`;
  const firstLine = explained.what.split('\n')[0] ?? '';
  return {
    text: fallbackText(`${firstLine} ${explained.todo}`),
    blocks: [section(body), context(`Request id ${inlineCode(input.requestId, 80)}  ·  ${inlineCode(input.code, 40)}`)],
  };
}

/**
 * The message for whatever a listener caught: ChatopsErrors by their code (Slurm's text for
 * SlurmError), anything else as UNEXPECTED without its details.
 */
export function renderCaughtError(
  error: unknown,
  details: Omit<ErrorViewInput, 'code' | 'message' | 'slurmMessage'>,
): SlackMessage {
  if (!isChatopsError(error)) return renderError({ ...details, code: 'UNEXPECTED' });
  return renderError({
    ...details,
    code: error.code,
    message: error.message,
    ...(error instanceof SlurmError ? { slurmMessage: error.slurmMessage } : {}),
  });
}
