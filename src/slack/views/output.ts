import { context, fallbackText, section, type SlackMessage } from './blocks';
import { codeBlock, escapeMrkdwn, inlineCode } from './escape';

export interface OutputViewInput {
  readonly cluster: string;
  readonly jobId: string;
  /** The file the text came from (the job's StdOut path). */
  readonly path: string;
  /** The end of the file, as read (untrusted). */
  readonly content: string;
  /** The file is longer than `content` (only its tail was read). */
  readonly truncated?: boolean;
  /** The full file size, when known. */
  readonly totalBytes?: number;
}

/** Slack shows a section of this length without "Show more" on desktop; more reads badly on a phone. */
const TAIL_CHARS = 2800;

/** The tail of a job's output file as a code block, the file path, and whether it was cut. */
export function renderJobOutput(input: OutputViewInput): SlackMessage {
  const id = escapeMrkdwn(input.jobId, 40);
  const title = `:page_facing_up: Output of job *${id}* on *${escapeMrkdwn(input.cluster, 64)}*: ${inlineCode(input.path, 300)}`;
  const body = codeBlock(input.content, TAIL_CHARS, 'tail');
  const cut = input.truncated === true || body.startsWith('```…');
  const notes = [cut ? 'Last lines only' : 'Whole file'];
  if (input.totalBytes !== undefined) notes.push(`${input.totalBytes} bytes in total`);
  return {
    text: fallbackText(`Output of job ${id}: ${inlineCode(input.path, 300)}`),
    blocks: [section(title), section(body), context(notes.join('  ·  '))],
  };
}
