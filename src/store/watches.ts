import { ChatopsError } from '../errors';
import { updateItem } from './optimistic';
import { epochSeconds, type Table, type TableItem } from './table';

export interface WatchOptions {
  /** Put the tail of the job's output in the alert. */
  readonly outputTail?: boolean;
}

/** A job whose end someone wants to hear about. One watch per job; adding again replaces it. */
export interface Watch {
  readonly cluster: string;
  readonly jobId: string;
  readonly slackUserId: string;
  readonly unixUser: string;
  /** Where the alert goes, in the thread `threadTs` if given; `cardTs` is the job card to update. */
  readonly channel: string;
  readonly threadTs?: string;
  readonly cardTs?: string;
  /** Epoch seconds. */
  readonly createdAt: number;
  readonly options: WatchOptions;
  /** Watcher ticks that could not check the job or post its alert, in a row. */
  readonly failures?: number;
  /** Epoch seconds at which a watcher tick claimed the alert (markAlerted); absent while watching. */
  readonly alertedAt?: number;
  /** Epoch seconds after which the store drops the watch (as read; `add` sets it anew). */
  readonly expiresAt?: number;
}

export interface WatchStoreOptions {
  /** Epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** A watch nobody alerted on is dropped after this. Default 30 days. */
  readonly ttlSeconds?: number;
  /**
   * After this, an alert claimed by a tick that neither removed the watch nor recorded a failure
   * (it crashed) can be claimed again, so the alert is late rather than lost. Default 15 minutes,
   * far longer than a tick, so overlapping ticks still cannot both win.
   */
  readonly alertLeaseSeconds?: number;
}

const CLUSTERS_PARTITION = 'watch-clusters';

/**
 * Watched jobs, by cluster. A partition per cluster plus an index partition of clusters with
 * watches; index entries are never deleted (a delete could race with an add) and expire with the
 * newest watch instead, so `listClusters` may name a cluster that has no watch left.
 */
export class WatchStore {
  private readonly now: () => number;
  private readonly ttlSeconds: number;
  private readonly alertLeaseSeconds: number;

  constructor(
    private readonly table: Table,
    options: WatchStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.ttlSeconds = options.ttlSeconds ?? 30 * 24 * 3600;
    this.alertLeaseSeconds = options.alertLeaseSeconds ?? 15 * 60;
  }

  /** Stores the watch, replacing any watch of the same job. @throws ChatopsError STORE when the store fails. */
  async add(watch: Watch): Promise<void> {
    const expiresAt = epochSeconds(this.now()) + this.ttlSeconds;
    // The index first: a watch must never exist that listClusters cannot find.
    await this.table.put({ pk: CLUSTERS_PARTITION, sk: watch.cluster, expiresAt });
    await updateItem(this.table, partition(watch.cluster), watch.jobId, () => ({
      write: { ...fromWatch(watch), expiresAt },
      result: undefined,
    }));
  }

  /**
   * Keeps the watch of a job that is still running from expiring: once less than half its lifetime is
   * left, the watch (and the cluster index entry) get a full lifetime again. No write before that, so a
   * watcher tick may call it for every waiting job. True when it wrote.
   * @throws ChatopsError STORE when the store fails.
   */
  async renewIfDue(watch: Watch): Promise<boolean> {
    const nowSeconds = epochSeconds(this.now());
    if (watch.expiresAt === undefined || watch.expiresAt - nowSeconds > this.ttlSeconds / 2) return false;
    const expiresAt = nowSeconds + this.ttlSeconds;
    await this.table.put({ pk: CLUSTERS_PARTITION, sk: watch.cluster, expiresAt });
    return updateItem(this.table, partition(watch.cluster), watch.jobId, (current) =>
      current === undefined ? { result: false } : { write: { ...current, expiresAt }, result: true });
  }

  /** True when there was a watch to remove. @throws ChatopsError STORE when the store fails. */
  remove(cluster: string, jobId: string): Promise<boolean> {
    return this.table.delete(partition(cluster), jobId);
  }

  /** @throws ChatopsError STORE when the store fails or the stored watch is malformed. */
  async get(cluster: string, jobId: string): Promise<Watch | undefined> {
    const item = await this.table.get(partition(cluster), jobId);
    return item === undefined ? undefined : toWatch(item);
  }

  /** @throws ChatopsError STORE when the store fails or a stored watch is malformed. */
  async listByCluster(cluster: string): Promise<Watch[]> {
    return (await this.table.query(partition(cluster))).map(toWatch);
  }

  /** Clusters that have (or recently had) watches. @throws ChatopsError STORE when the store fails. */
  async listClusters(): Promise<string[]> {
    return (await this.table.query(CLUSTERS_PARTITION)).map((item) => item.sk);
  }

  /**
   * Claims the job's end-of-job alert: true for exactly one of any overlapping callers, who then posts
   * it and calls `remove` (or `recordFailure` to let a later tick try again). False when the watch is
   * gone or another tick holds the claim.
   * @throws ChatopsError STORE when the store fails.
   */
  markAlerted(cluster: string, jobId: string): Promise<boolean> {
    const nowSeconds = epochSeconds(this.now());
    return updateItem(this.table, partition(cluster), jobId, (current) => {
      if (current === undefined) return { result: false };
      const claimedAt = current.alertedAt;
      if (typeof claimedAt === 'number' && nowSeconds < claimedAt + this.alertLeaseSeconds) return { result: false };
      return { write: { ...current, alertedAt: nowSeconds }, result: true };
    });
  }

  /**
   * Counts a tick that failed to check the job or to post its alert, and gives up any alert claim so
   * the next tick tries again. The new count, or undefined when the watch is gone.
   * @throws ChatopsError STORE when the store fails.
   */
  recordFailure(cluster: string, jobId: string): Promise<number | undefined> {
    return updateItem(this.table, partition(cluster), jobId, (current) => {
      if (current === undefined) return { result: undefined };
      const failures = (typeof current.failures === 'number' ? current.failures : 0) + 1;
      const { alertedAt: _released, ...rest } = current;
      return { write: { ...rest, failures }, result: failures };
    });
  }
}

function partition(cluster: string): string {
  return `watch#${cluster}`;
}

function fromWatch(watch: Watch): Record<string, unknown> {
  return { ...watch, options: { ...watch.options } };
}

function toWatch(item: TableItem): Watch {
  const { cluster, jobId, slackUserId, unixUser, channel, threadTs, cardTs, createdAt, options, failures, alertedAt, expiresAt } = item;
  const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';
  const optionalNumber = (value: unknown): boolean => value === undefined || typeof value === 'number';
  if (
    typeof cluster !== 'string' ||
    typeof jobId !== 'string' ||
    typeof slackUserId !== 'string' ||
    typeof unixUser !== 'string' ||
    typeof channel !== 'string' ||
    typeof createdAt !== 'number' ||
    typeof options !== 'object' ||
    options === null ||
    !optionalString(threadTs) ||
    !optionalString(cardTs) ||
    !optionalNumber(failures) ||
    !optionalNumber(alertedAt) ||
    !optionalNumber(expiresAt)
  ) {
    throw new ChatopsError('STORE', `malformed watch (${item.pk}, ${item.sk})`);
  }
  const outputTail = (options as Record<string, unknown>).outputTail;
  return {
    cluster,
    jobId,
    slackUserId,
    unixUser,
    channel,
    ...(threadTs !== undefined && { threadTs: threadTs as string }),
    ...(cardTs !== undefined && { cardTs: cardTs as string }),
    createdAt,
    options: typeof outputTail === 'boolean' ? { outputTail } : {},
    ...(failures !== undefined && { failures: failures as number }),
    ...(alertedAt !== undefined && { alertedAt: alertedAt as number }),
    ...(expiresAt !== undefined && { expiresAt: expiresAt as number }),
  };
}
