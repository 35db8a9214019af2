import { stateFamily, type JobState } from '../../slurm/states';
import { context, fallbackText, section, type KnownBlock, type SlackMessage } from './blocks';
import { codeBlock, escapeMrkdwn, inlineCode } from './escape';
import { plural } from './format';
import { cleanTerminalText } from './terminal-text';

/** One of the job's files as it was read on the cluster. */
export type OutputStreamView =
  | {
      readonly key: 'stdout' | 'stderr';
      readonly path: string;
      readonly status: 'ok';
      readonly text: string;
      /** Only the end of the file is in `text`. */
      readonly cut: boolean;
      readonly size?: number;
    }
  | {
      readonly key: 'stdout' | 'stderr';
      readonly path: string;
      readonly status: 'missing' | 'denied' | 'error';
      /** The tool's words (untrusted). */
      readonly message: string;
    };

export interface JobOutputViewInput {
  readonly cluster: string;
  readonly jobId: string;
  readonly state?: JobState;
  /** stdout first; stderr only when it goes to another file. Empty: the job has no output file. */
  readonly streams: readonly OutputStreamView[];
  /** How many lines were asked for. */
  readonly lines: number;
  /** Whose file permissions applied (`root` for an admin). */
  readonly readAs: string;
}

/**
 * Characters of each file shown: Slack shows a section this long without "Show more" on desktop, and
 * two of them (output and errors) stay far below a message's limits.
 */
export const OUTPUT_TAIL_CHARS = 2800;

function label(key: 'stdout' | 'stderr'): string {
  return key === 'stdout' ? 'Output' : 'Errors';
}

/** What streamBlocks needs to know besides the stream. */
export interface StreamContext {
  readonly state?: JobState;
  readonly lines: number;
  readonly readAs: string;
  /** Default OUTPUT_TAIL_CHARS. */
  readonly maxChars?: number;
}

/** The blocks for one file: a title line and its tail as a code block, or why there is nothing to show. */
export function streamBlocks(stream: OutputStreamView, input: StreamContext): KnownBlock[] {
  const title = `*${label(stream.key)}* ${inlineCode(stream.path, 300)}`;
  if (stream.status === 'ok') {
    if (stream.path === '/dev/null') return [section(`${title}: discarded (the job writes it to /dev/null).`)];
    const text = cleanTerminalText(stream.text);
    if (text.trim() === '') return [section(`${title}: empty so far.`)];
    const body = codeBlock(text, input.maxChars ?? OUTPUT_TAIL_CHARS, 'tail');
    const cut = stream.cut || body.startsWith('```…');
    const notes = [cut ? `last lines only (asked for ${plural(input.lines, 'line')})` : 'whole file'];
    if (stream.size !== undefined) notes.push(`${stream.size.toLocaleString('en-US')} bytes in total`);
    return [section(`${title}  ·  ${notes.join(', ')}`), section(body)];
  }
  if (stream.status === 'missing') {
    const pending = input.state !== undefined && stateFamily(input.state) === 'pending';
    return [section(pending
      ? `${title}: no output yet, the job has not started.`
      : `${title}: the file does not exist. The job has written nothing yet, or the file was moved or deleted.`)];
  }
  if (stream.status === 'denied') {
    return [section(`:lock: ${title}: ${inlineCode(input.readAs, 40)} may not read this file (its permissions on the cluster say so).`)];
  }
  return [section(`${title}: could not be read: ${inlineCode(stream.message || 'unknown error', 300)}`)];
}

/**
 * The tail of a job's output, and of its error file when separate: each as a code block (escape
 * and control characters removed, cut at the front with a note when long), or a plain sentence
 * saying why there is nothing to show. Never throws.
 */
export function renderJobOutputStreams(input: JobOutputViewInput): SlackMessage {
  const id = escapeMrkdwn(input.jobId, 40);
  const where = `job *${id}* on *${escapeMrkdwn(input.cluster, 64)}*`;
  const blocks: KnownBlock[] = [section(`:page_facing_up: Output of ${where}`)];
  if (input.streams.length === 0) {
    blocks.push(section('This job has no output file: an interactive job prints to the terminal that started it.'));
  }
  for (const stream of input.streams) blocks.push(...streamBlocks(stream, input));
  blocks.push(context(`Read as ${inlineCode(input.readAs, 40)}  ·  ${inlineCode(`/slurm output ${input.jobId} LINES`, 60)} shows more or fewer lines`));
  return { text: fallbackText(`Output of job ${id} on ${escapeMrkdwn(input.cluster, 64)}.`), blocks };
}
