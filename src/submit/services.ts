import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config';
import type { FetchFn } from '../slack/respond';
import { IdempotencyStore } from '../store/idempotency';
import type { Table } from '../store/table';
import { WatchStore } from '../store/watches';
import { LocalScriptStore } from './local-script-store';
import { PartitionCache } from './partition-cache';
import { S3ScriptStore } from './s3-script-store';
import type { ScriptStore } from './script-store';
import { createSubmitSlackApi, type SubmitSlackApi } from './slack-api';
import { downloadSlackFile, fileOrigins, type DownloadFetch } from './slack-file';

/** What the slack function needs to open and accept the submit modal. */
export interface SubmitListenerServices {
  readonly idempotency: IdempotencyStore;
  readonly partitions: PartitionCache;
  /** GET for the uploaded file, checked inside Slack's 3 seconds. */
  readonly downloadFetch: DownloadFetch;
}

/** What the worker needs to run submissions and fill the modal. */
export interface SubmitWorkerServices {
  readonly idempotency: IdempotencyStore;
  readonly watches: WatchStore;
  readonly partitions: PartitionCache;
  readonly scripts: ScriptStore;
  readonly slack: SubmitSlackApi;
  readonly download: (url: string) => Promise<Uint8Array>;
}

/** The slack function's submit services over the shared state table. */
export function submitListenerServices(table: Table, downloadFetch: DownloadFetch = globalThis.fetch): SubmitListenerServices {
  return { idempotency: new IdempotencyStore(table), partitions: new PartitionCache(table), downloadFetch };
}

export interface WorkerServicesOptions {
  readonly config: Config;
  readonly table: Table;
  readonly botToken: string;
  readonly fetch: FetchFn;
  readonly downloadFetch?: DownloadFetch;
  /** Default: a client for AWS_REGION, created when SCRIPTS_BUCKET is set. */
  readonly s3?: S3Client;
}

/**
 * The worker's submit services: scripts in S3 (`SCRIPTS_BUCKET`, presigned URLs for the head node)
 * when configured, else under STATE_DIR; the Web API and file downloads with the bot token.
 */
export function submitWorkerServices(options: WorkerServicesOptions): SubmitWorkerServices {
  const { config, table, botToken } = options;
  const downloadFetch = options.downloadFetch ?? globalThis.fetch;
  const bucket = config.env.scriptsBucket;
  const region = config.env.awsRegion ?? 'us-east-1';
  const scripts: ScriptStore = bucket !== undefined
    ? new S3ScriptStore({ client: options.s3 ?? new S3Client({ region }), bucket })
    : new LocalScriptStore(config.env.stateDir);
  const allowedOrigins = fileOrigins(config.env.slackApiUrl);
  return {
    idempotency: new IdempotencyStore(table),
    watches: new WatchStore(table),
    partitions: new PartitionCache(table),
    scripts,
    slack: createSubmitSlackApi({ fetch: options.fetch, apiUrl: config.env.slackApiUrl, botToken }),
    download: (url) => downloadSlackFile(downloadFetch, url, { token: botToken, allowedOrigins }),
  };
}
