/*
 * A button click on a job card carries the card's blocks (Slack sends the message with a
 * block_actions payload). After an action the card is re-rendered from Slurm's fresh state, but who
 * submitted the job is not Slurm's to know: it is read back from the card's own headline, which
 * renderJobCard writes as "… submitted by <@U123> to …". A round-trip test pins the two together.
 */
const SUBMITTED_BY = /submitted by <@([UW][A-Z0-9]{2,20})>/;

/** The Slack user a job card names as its submitter; undefined for any other message. Never throws. */
export function cardSubmitter(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return undefined;
  const first = blocks[0] as { type?: unknown; text?: { text?: unknown } } | undefined;
  if (first?.type !== 'section' || typeof first.text?.text !== 'string') return undefined;
  return SUBMITTED_BY.exec(first.text.text)?.[1];
}
