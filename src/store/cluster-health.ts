import { updateItem } from './optimistic';
import { epochSeconds, type Table, type TableItem } from './table';

export interface ClusterHealth {
  /** Watcher ticks in a row that could not reach the cluster. */
  readonly failures: number;
  /** Whether the "cluster unreachable" warning went out for this run of failures. */
  readonly warned: boolean;
  /** Epoch seconds of the first failure of this run. */
  readonly failingSince?: number;
  readonly lastError?: string;
}

export interface FailureOutcome {
  readonly health: ClusterHealth;
  /** True for exactly one caller per run of failures: the one that posts the warning. */
  readonly postWarning: boolean;
}

export interface ClusterHealthStoreOptions {
  /** Epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** Consecutive failures before the warning (a single blip says nothing). Default 3. */
  readonly warnAfterFailures?: number;
  /** Health of a cluster nobody checks any more is forgotten after this. Default 30 days. */
  readonly ttlSeconds?: number;
}

const PARTITION = 'cluster-health';
const HEALTHY: ClusterHealth = { failures: 0, warned: false };

/**
 * Whether each cluster answered the watcher lately, so that a down head node gives one warning and
 * one "reachable again", not one per tick. Transitions are conditional writes: of two overlapping
 * ticks only one is told to post.
 */
export class ClusterHealthStore {
  private readonly now: () => number;
  private readonly warnAfterFailures: number;
  private readonly ttlSeconds: number;

  constructor(
    private readonly table: Table,
    options: ClusterHealthStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.warnAfterFailures = options.warnAfterFailures ?? 3;
    this.ttlSeconds = options.ttlSeconds ?? 30 * 24 * 3600;
  }

  /** @throws ChatopsError STORE when the store fails. */
  async get(cluster: string): Promise<ClusterHealth> {
    const item = await this.table.get(PARTITION, cluster);
    return item === undefined ? HEALTHY : toHealth(item);
  }

  /**
   * Counts one failed check; `postWarning` is true when this failure reaches the threshold and no
   * warning went out yet. `error` is kept for the warning's text (keep it free of secrets).
   * @throws ChatopsError STORE when the store fails.
   */
  recordFailure(cluster: string, error: string): Promise<FailureOutcome> {
    const nowSeconds = epochSeconds(this.now());
    return updateItem(this.table, PARTITION, cluster, (current) => {
      const before = current === undefined ? HEALTHY : toHealth(current);
      const postWarning = !before.warned && before.failures + 1 >= this.warnAfterFailures;
      const health: ClusterHealth = {
        failures: before.failures + 1,
        warned: before.warned || postWarning,
        failingSince: before.failingSince ?? nowSeconds,
        lastError: error,
      };
      return { write: { ...health, expiresAt: nowSeconds + this.ttlSeconds }, result: { health, postWarning } };
    });
  }

  /**
   * Records that the cluster answered. True for exactly one caller when a warning had gone out:
   * that caller posts "reachable again".
   * @throws ChatopsError STORE when the store fails.
   */
  recordSuccess(cluster: string): Promise<boolean> {
    const nowSeconds = epochSeconds(this.now());
    return updateItem(this.table, PARTITION, cluster, (current) => {
      const before = current === undefined ? HEALTHY : toHealth(current);
      if (before.failures === 0 && !before.warned) return { result: false };
      return { write: { ...HEALTHY, expiresAt: nowSeconds + this.ttlSeconds }, result: before.warned };
    });
  }
}

function toHealth(item: TableItem): ClusterHealth {
  const { failures, warned, failingSince, lastError } = item;
  return {
    failures: typeof failures === 'number' ? failures : 0,
    warned: warned === true,
    ...(typeof failingSince === 'number' && { failingSince }),
    ...(typeof lastError === 'string' && { lastError }),
  };
}
