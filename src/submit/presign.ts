import { createHash, createHmac } from 'node:crypto';

/** AWS credentials as the SDK's providers resolve them (a session token in Lambda). */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface PresignInput {
  /** The object's URL without a query: `https://bucket.s3.eu-west-1.amazonaws.com/scripts/x.sh`. */
  readonly url: URL;
  readonly region: string;
  readonly credentials: SigningCredentials;
  /** 1 s to 7 days, as S3 allows. */
  readonly expiresInSeconds: number;
  readonly now: Date;
}

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string): Buffer => createHmac('sha256', key).update(text, 'utf8').digest();

/**
 * A presigned S3 GET URL (Signature Version 4 in the query string, payload unsigned, only `host`
 * signed), so the head node can fetch one object with plain curl for a short while, with no AWS
 * credentials of its own. Pure: the clock and credentials come in.
 * @throws RangeError when the expiry is outside 1 s to 7 days.
 */
export function presignGetUrl(input: PresignInput): string {
  const expires = input.expiresInSeconds;
  if (!Number.isInteger(expires) || expires < 1 || expires > 7 * 24 * 3600) throw new RangeError(`presign expiry ${expires} s is outside 1 s to 7 days`);
  const longDate = input.now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const shortDate = longDate.slice(0, 8);
  const scope = `${shortDate}/${input.region}/s3/aws4_request`;
  const query: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${input.credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', longDate],
    ['X-Amz-Expires', String(expires)],
    ['X-Amz-SignedHeaders', 'host'],
  ];
  if (input.credentials.sessionToken !== undefined) query.push(['X-Amz-Security-Token', input.credentials.sessionToken]);
  const canonicalQuery = query
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  // S3 signs the path as sent: each segment encoded once, slashes kept.
  const path = input.url.pathname.split('/').map((s) => encode(decodeURIComponent(s))).join('/');
  const canonicalRequest = ['GET', path, canonicalQuery, `host:${input.url.host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', longDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${input.credentials.secretAccessKey}`, shortDate), input.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return `${input.url.protocol}//${input.url.host}${path}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  /** A custom endpoint (an S3 emulator, a proxy): path-style URLs under it. */
  readonly endpoint?: string;
}

/**
 * The URL of an S3 object: virtual-hosted style on AWS (path style for bucket names with dots,
 * which TLS certificates do not cover), path style under a custom endpoint.
 */
export function s3ObjectUrl(location: S3Location): URL {
  const key = location.key.split('/').map(encode).join('/');
  if (location.endpoint !== undefined) return new URL(`${location.endpoint.replace(/\/+$/, '')}/${location.bucket}/${key}`);
  const domain = location.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  if (location.bucket.includes('.')) return new URL(`https://s3.${location.region}.${domain}/${location.bucket}/${key}`);
  return new URL(`https://${location.bucket}.s3.${location.region}.${domain}/${key}`);
}
