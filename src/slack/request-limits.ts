/**
 * The largest request body the bot accepts; anything bigger is refused with 413 before the
 * signature is checked or a byte is parsed. Slack's own payloads stay well below it: the biggest,
 * the submit form sent back with a 3,000-character pasted script in a non-Latin script, 100
 * partitions and every other field filled, is about 85 KiB once URL-encoded (non-ASCII text costs
 * 9 bytes a character there); test/unit/hardening/request-checks.test.ts keeps that true.
 */
export const MAX_REQUEST_BODY_BYTES = 128 * 1024;

/** The parts of an API Gateway v2 event the size check reads. */
export interface SizedEvent {
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
}

/** The size in bytes of the body as sent: a base64 body is measured decoded, without decoding it. */
export function eventBodyBytes(event: SizedEvent): number {
  const body = event.body ?? '';
  if (event.isBase64Encoded !== true) return Buffer.byteLength(body, 'utf8');
  const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
  return Math.floor((body.length * 3) / 4) - padding;
}

/** Whether the Lambda event carries a body over the limit. */
export function isBodyTooLarge(event: SizedEvent, limit = MAX_REQUEST_BODY_BYTES): boolean {
  // A quick bound first: a UTF-8 string has at most 3 bytes per UTF-16 unit.
  if ((event.body?.length ?? 0) * 3 <= limit) return false;
  return eventBodyBytes(event) > limit;
}
