import { PutObjectCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { ChatopsError } from '../errors';
import type { StdinSource } from '../exec/executor';
import { presignGetUrl, s3ObjectUrl, type SigningCredentials } from './presign';
import { scriptKey, type ScriptOwner, type ScriptStore, type StoredScript } from './script-store';

export interface S3ScriptStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  readonly region: string;
  /** A custom endpoint (tests, proxies); path-style URLs. */
  readonly endpoint?: string;
  /** Default: the client's own credential provider (the Lambda role). */
  readonly credentials?: () => Promise<SigningCredentials>;
  /** How long the head node may fetch the script. Default 5 minutes: curl starts within seconds. */
  readonly urlExpirySeconds?: number;
  readonly now?: () => Date;
}

function failure(operation: string, cause: unknown): ChatopsError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ChatopsError('STORE', `script store ${operation} failed: ${detail}`, { cause });
}

function tagging(tags: Readonly<Record<string, string>>): string {
  return new URLSearchParams(tags).toString();
}

/**
 * AWS: each script as an object `scripts/<team>/<user>/<request>.sh` in SCRIPTS_BUCKET, with the
 * owner as metadata and its fate as tags (`status` pending / submitted / not-submitted, `job-id`),
 * so a bucket lifecycle rule can expire scripts that never became jobs. The head node fetches it
 * through a short-lived presigned URL, needing no S3 permission of its own.
 */
export class S3ScriptStore implements ScriptStore {
  private readonly expiry: number;
  private readonly now: () => Date;
  private readonly credentials: () => Promise<SigningCredentials>;

  constructor(private readonly options: S3ScriptStoreOptions) {
    this.expiry = options.urlExpirySeconds ?? 300;
    this.now = options.now ?? (() => new Date());
    this.credentials = options.credentials ?? (() => options.client.config.credentials());
  }

  /** @throws ChatopsError STORE when S3 refuses the object; ValidationError for malformed ids. */
  async save(owner: ScriptOwner, script: string): Promise<StoredScript> {
    const key = scriptKey(owner);
    try {
      await this.options.client.send(new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: script,
        ContentType: 'text/x-shellscript; charset=utf-8',
        Metadata: { cluster: owner.cluster, 'unix-user': owner.unixUser, 'slack-user': owner.slackUserId, team: owner.teamId, 'request-id': owner.requestId },
        Tagging: tagging({ status: 'pending', cluster: owner.cluster }),
      }));
    } catch (cause) {
      throw failure('upload', cause);
    }
    return { owner, location: key };
  }

  /** @throws ChatopsError STORE when no credentials can be had to sign the URL. */
  async stdinFor(stored: StoredScript): Promise<StdinSource> {
    let credentials: SigningCredentials;
    try {
      credentials = await this.credentials();
    } catch (cause) {
      throw failure('signing', cause);
    }
    const { bucket, region, endpoint } = this.options;
    const url = s3ObjectUrl({ bucket, key: stored.location, region, ...(endpoint !== undefined && { endpoint }) });
    return { kind: 'url', url: presignGetUrl({ url, region, credentials, expiresInSeconds: this.expiry, now: this.now() }) };
  }

  /** @throws ChatopsError STORE when S3 refuses the tags. */
  markSubmitted(stored: StoredScript, jobId: string): Promise<void> {
    return this.tag(stored, { status: 'submitted', 'job-id': jobId, cluster: stored.owner.cluster });
  }

  /** @throws ChatopsError STORE when S3 refuses the tags. The reason goes to the log, not to S3. */
  markNotSubmitted(stored: StoredScript, _reason: string): Promise<void> {
    return this.tag(stored, { status: 'not-submitted', cluster: stored.owner.cluster });
  }

  private async tag(stored: StoredScript, tags: Readonly<Record<string, string>>): Promise<void> {
    try {
      await this.options.client.send(new PutObjectTaggingCommand({
        Bucket: this.options.bucket,
        Key: stored.location,
        Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
      }));
    } catch (cause) {
      throw failure('tagging', cause);
    }
  }
}
