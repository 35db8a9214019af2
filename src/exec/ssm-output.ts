import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ExecError } from '../errors';

/** Where SSM Agent writes a command's full output (SendCommand's OutputS3BucketName / OutputS3KeyPrefix). */
export interface SsmOutputLocation {
  readonly client: S3Client;
  readonly bucket: string;
  readonly keyPrefix?: string;
}

export type OutputStream = 'stdout' | 'stderr';

/** GetCommandInvocation returns the first 24,000 characters of stdout and 8,000 of stderr, then these markers. */
export const INLINE_LIMITS: Readonly<Record<OutputStream, number>> = { stdout: 24_000, stderr: 8_000 };
const TRUNCATION_MARKERS: Readonly<Record<OutputStream, string>> = {
  stdout: '---Output truncated---',
  stderr: '---Error truncated----',
};

export function isTruncated(inline: string, stream: OutputStream): boolean {
  return inline.endsWith(TRUNCATION_MARKERS[stream]);
}

/** The key SSM Agent uses for AWS-RunShellScript: `<prefix>/<command>/<instance>/awsrunShellScript/0.awsrunShellScript/<stream>`. */
export function outputKey(keyPrefix: string | undefined, commandId: string, instanceId: string, stream: OutputStream): string {
  const prefix = (keyPrefix ?? '').replace(/^\/+|\/+$/g, '');
  return [prefix, commandId, instanceId, 'awsrunShellScript', '0.awsrunShellScript', stream].filter((part) => part !== '').join('/');
}

/**
 * The object key inside `StandardOutputUrl` / `StandardErrorUrl`, which SSM gives in path style
 * (`https://s3.<region>.amazonaws.com/<bucket>/<key>`); undefined when the URL is absent or not of that form.
 */
export function keyFromUrl(url: string | undefined, bucket: string): string | undefined {
  if (!url) return undefined;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const [, first, ...rest] = path.split('/');
  if (first === undefined || decodeURIComponent(first) !== bucket || rest.length === 0) return undefined;
  return rest.map(decodeURIComponent).join('/');
}

/**
 * Reads a whole output object.
 * @throws ExecError EXEC_TRUNCATED when the object cannot be read (the inline copy is incomplete and the full one is lost).
 */
export async function readOutputObject(location: SsmOutputLocation, key: string): Promise<string> {
  try {
    const object = await location.client.send(new GetObjectCommand({ Bucket: location.bucket, Key: key }));
    return (await object.Body?.transformToString('utf-8')) ?? '';
  } catch (cause) {
    throw new ExecError(
      'EXEC_TRUNCATED',
      `The command's output was cut by SSM and the full copy could not be read from s3://${location.bucket}/${key}; ` +
        'check that the bot may read that bucket (s3:GetObject).',
      { cause },
    );
  }
}
