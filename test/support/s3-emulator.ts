import { S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface S3Emulator {
  readonly endpoint: string;
  /** Path-style client with fixed test credentials; s3rver cannot serve virtual-hosted buckets on 127.0.0.1. */
  readonly client: S3Client;
  readonly bucket: string;
  readonly region: string;
  close(): Promise<void>;
}

export const TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** Starts s3rver on 127.0.0.1, a free port, in a fresh temporary directory, with one bucket. */
export async function startS3Emulator(bucket = 'chatops-test-output', region = 'us-east-1'): Promise<S3Emulator> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region, forcePathStyle: true, credentials: TEST_CREDENTIALS });
  return {
    endpoint,
    client,
    bucket,
    region,
    async close() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
