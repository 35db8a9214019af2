import type { PartitionChoice } from '../slack/views/submit-modal';
import type { Partition } from '../slurm/types';
import { epochSeconds, type Table } from '../store/table';

export interface CachedPartitions {
  readonly partitions: readonly PartitionChoice[];
  /** Epoch seconds. */
  readonly fetchedAt: number;
}

export interface PartitionCacheOptions {
  readonly now?: () => number;
  /** Younger than this, the modal opens with the cached list and no refresh is asked for. Default 10 minutes. */
  readonly freshSeconds?: number;
  /** Older than this, the cached list is not shown at all. Default 7 days. */
  readonly keepSeconds?: number;
}

const SK = 'list';
const MAX_PARTITIONS = 100;

/** What the submit modal needs of sinfo's partitions. */
export function toPartitionChoices(partitions: readonly Partition[]): PartitionChoice[] {
  return partitions.slice(0, MAX_PARTITIONS).map((p) => ({
    name: p.name,
    isDefault: p.isDefault,
    timeLimitSeconds: p.timeLimitSeconds,
    availability: p.availability,
  }));
}

function isChoice(v: unknown): v is PartitionChoice {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  const limit = p.timeLimitSeconds;
  return typeof p.name === 'string' && typeof p.isDefault === 'boolean'
    && (limit === undefined || limit === null || typeof limit === 'number')
    && (p.availability === undefined || typeof p.availability === 'string');
}

/**
 * The partitions last seen on each cluster, in the state table, so that the slack function can
 * open the submit modal with the real list at once (it may not wait for the cluster) and the
 * worker refreshes it when it is stale.
 */
export class PartitionCache {
  private readonly now: () => number;
  private readonly freshSeconds: number;
  private readonly keepSeconds: number;

  constructor(private readonly table: Table, options: PartitionCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.freshSeconds = options.freshSeconds ?? 600;
    this.keepSeconds = options.keepSeconds ?? 7 * 24 * 3600;
  }

  /** The cached list, or undefined when none (or a malformed one) is stored. @throws ChatopsError STORE when the store fails. */
  async get(cluster: string): Promise<CachedPartitions | undefined> {
    const item = await this.table.get(partition(cluster), SK);
    if (item === undefined || !Array.isArray(item.partitions) || typeof item.fetchedAt !== 'number') return undefined;
    if (!item.partitions.every(isChoice)) return undefined;
    return { partitions: item.partitions, fetchedAt: item.fetchedAt };
  }

  /** Whether a cached list is recent enough to skip a refresh. */
  isFresh(cached: CachedPartitions): boolean {
    return epochSeconds(this.now()) - cached.fetchedAt < this.freshSeconds;
  }

  /** @throws ChatopsError STORE when the store fails. */
  async put(cluster: string, partitions: readonly PartitionChoice[]): Promise<void> {
    const fetchedAt = epochSeconds(this.now());
    await this.table.put({ pk: partition(cluster), sk: SK, partitions: partitions.slice(0, MAX_PARTITIONS), fetchedAt, expiresAt: fetchedAt + this.keepSeconds });
  }
}

function partition(cluster: string): string {
  return `partitions#${cluster}`;
}
