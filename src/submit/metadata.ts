import { ValidationError } from '../errors';

/** What the submit modal carries from where it was opened to its submission (`private_metadata`). */
export interface SubmitModalMeta {
  readonly cluster: string;
  /** Where the command or button was used: the default channel for the job card. */
  readonly channelId?: string;
  /** The opening request's response_url: how to reach the user when the modal gave none. */
  readonly responseUrl?: string;
}

const VERSION = 1;
const CLUSTER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const CHANNEL = /^[CGD][A-Z0-9]{2,30}$/;
const URL_TEXT = /^https?:\/\/\S{1,1500}$/;

/**
 * `{"v":1,"c":"local","ch":"C0GENERAL","r":"https://hooks.slack.com/…"}`, well under Slack's 3,000
 * characters. A channel or URL that decodeSubmitMeta would refuse is left out rather than kept.
 */
export function encodeSubmitMeta(meta: SubmitModalMeta): string {
  const channel = meta.channelId !== undefined && CHANNEL.test(meta.channelId) ? meta.channelId : undefined;
  const url = meta.responseUrl !== undefined && URL_TEXT.test(meta.responseUrl) ? meta.responseUrl : undefined;
  return JSON.stringify({ v: VERSION, c: meta.cluster, ...(channel !== undefined && { ch: channel }), ...(url !== undefined && { r: url }) });
}

function stale(): ValidationError {
  return new ValidationError('This form is out of date. Close it and run /slurm submit again.', 'private_metadata');
}

/**
 * Reads the modal's private_metadata back.
 * @throws ValidationError when it is not what encodeSubmitMeta wrote (another version, or forged).
 */
export function decodeSubmitMeta(text: string): SubmitModalMeta {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ValidationError('This form is out of date. Close it and run /slurm submit again.', 'private_metadata', { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw stale();
  const { v, c, ch, r } = parsed as Record<string, unknown>;
  if (v !== VERSION || typeof c !== 'string' || !CLUSTER.test(c)) throw stale();
  if (ch !== undefined && (typeof ch !== 'string' || !CHANNEL.test(ch))) throw stale();
  if (r !== undefined && (typeof r !== 'string' || !URL_TEXT.test(r))) throw stale();
  return { cluster: c, ...(ch !== undefined && { channelId: ch as string }), ...(r !== undefined && { responseUrl: r as string }) };
}
