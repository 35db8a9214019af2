import { GetObjectCommand, PutObjectCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ChatopsError } from '../errors';
import type { StdinSource } from '../exec/executor';
import { scriptKey, type ScriptOwner, type ScriptStore, type StoredScript } from './script-store';

export interface S3ScriptStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
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

  constructor(private readonly options: S3ScriptStoreOptions) {
    this.expiry = options.urlExpirySeconds ?? 300;
    this.now = options.now ?? (() => new Date());
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
    try {
      const command = new GetObjectCommand({ Bucket: this.options.bucket, Key: stored.location });
      const url = await getSignedUrl(this.options.client, command, { expiresIn: this.expiry, signingDate: this.now() });
      return { kind: 'url', url };
    } catch (cause) {
      throw failure('signing', cause);
    }
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
