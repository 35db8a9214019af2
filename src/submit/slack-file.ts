import { ChatopsError, ValidationError } from '../errors';
import { MAX_SCRIPT_BYTES, checkScriptSize } from './script';

/** The standard fetch; passed in so the origin checks and limits are testable against a fake Slack. */
export type DownloadFetch = typeof globalThis.fetch;

export interface DownloadOptions {
  readonly token: string;
  /** Origins the bot token may be sent to: Slack's file host, plus SLACK_API_URL's origin (tests, proxies). */
  readonly allowedOrigins: readonly string[];
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

/** Where Slack serves private files, and the origin of the configured Web API URL. */
export function fileOrigins(slackApiUrl: string): string[] {
  return ['https://files.slack.com', new URL(slackApiUrl).origin];
}

/**
 * Downloads a private Slack file (`url_private_download`) with the bot token. The token is only
 * ever sent to an allowed origin, and the size limit holds while reading, whatever the headers say.
 * Slack answers a bad or under-scoped token with its sign-in page (HTML, status 200) rather than an
 * error, so an HTML answer is a failure too.
 * @throws ValidationError (field `script`) when the file is over the size limit.
 * @throws ChatopsError SLACK_API when the URL is not Slack's, the download fails or times out, or Slack
 *   answers with a web page instead of the file.
 */
export async function downloadSlackFile(fetchFn: DownloadFetch, url: string, options: DownloadOptions, field = 'script'): Promise<Uint8Array> {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch (cause) {
    throw new ChatopsError('SLACK_API', 'Slack gave a malformed file URL.', { cause });
  }
  if (!options.allowedOrigins.includes(origin)) throw new ChatopsError('SLACK_API', `The file URL points at ${origin}, which is not Slack; it was not fetched.`);
  const maxBytes = options.maxBytes ?? MAX_SCRIPT_BYTES;
  let response: Response;
  try {
    response = await fetchFn(url, {
      headers: { authorization: `Bearer ${options.token}` },
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (cause) {
    throw new ChatopsError('SLACK_API', 'The uploaded file could not be downloaded from Slack.', { cause });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ChatopsError('SLACK_API', `Slack answered HTTP ${response.status} for the uploaded file.`);
  }
  if (/^text\/html\b/i.test(response.headers.get('content-type') ?? '')) {
    await response.body?.cancel();
    throw new ChatopsError('SLACK_API', 'Slack answered with its sign-in page instead of the file: the bot token may not read files (it needs the files:read scope).');
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared)) {
    try {
      checkScriptSize(declared, field);
    } catch (error) {
      await response.body?.cancel();
      throw error;
    }
  }
  return readLimited(response, maxBytes, field);
}

async function readLimited(response: Response, maxBytes: number, field: string): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel();
        checkScriptSize(total, field);
        throw new ValidationError('The file is too large.', field);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ChatopsError) throw error;
    throw new ChatopsError('SLACK_API', 'The download of the uploaded file was cut off.', { cause: error });
  }
  return Buffer.concat(chunks);
}
