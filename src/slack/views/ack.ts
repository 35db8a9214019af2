import { fallbackText, section, type SlackMessage } from './blocks';
import { escapeMrkdwn, inlineCode } from './escape';

export interface AckViewInput {
  readonly cluster: string;
  /** The command being run, in a word or two: `squeue`, `scancel 1234`. */
  readonly what: string;
}

/** The immediate ephemeral reply while the worker runs the command: "Running `squeue` on *local*…". */
export function renderAck(input: AckViewInput): SlackMessage {
  const text = `:hourglass_flowing_sand: Running ${inlineCode(input.what, 120)} on *${escapeMrkdwn(input.cluster, 64)}*…`;
  return { text: fallbackText(text), blocks: [section(text)] };
}
