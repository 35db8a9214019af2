import { ChatopsError } from '../errors';
import { updateItem } from './optimistic';
import { epochSeconds, type Table, type TableItem } from './table';

export type ClaimOutcome = 'claimed' | 'duplicate';

/** What a finished piece of work left for its duplicates to answer with (a job id, say). Plain JSON. */
export type IdempotencyResult = Readonly<Record<string, unknown>>;

export interface IdempotencyRecord {
  readonly key: string;
  /** Who claimed the key (a request id, a Slack user…), for the duplicate's answer and for logs. */
  readonly owner: string;
  readonly status: 'pending' | 'done';
  /** Epoch seconds. */
  readonly claimedAt: number;
  readonly expiresAt: number;
  readonly result?: IdempotencyResult;
}

export interface IdempotencyStoreOptions {
  /** Epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

const SK = 'claim';

/**
 * Exactly-once work on top of a conditional write: the first `claim` of a key wins until the claim
 * expires; every later one (a Slack retry, a Lambda retry, a double click) is a duplicate and can
 * read what the winner stored with `complete`.
 */
export class IdempotencyStore {
  private readonly now: () => number;

  constructor(
    private readonly table: Table,
    options: IdempotencyStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Claims `key` for `ttlSeconds` (how long duplicates can still arrive: minutes for Slack retries,
   * hours for Lambda's). Exactly one of any number of overlapping claims gets `'claimed'`.
   * @throws ChatopsError STORE when the store fails or `ttlSeconds` is not a positive whole number.
   */
  async claim(key: string, ttlSeconds: number, owner: string): Promise<ClaimOutcome> {
    if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
      throw new ChatopsError('STORE', `idempotency claim of ${key}: ttlSeconds must be a positive whole number`);
    }
    const claimedAt = epochSeconds(this.now());
    const won = await this.table.put(
      { pk: partition(key), sk: SK, key, owner, status: 'pending', claimedAt, expiresAt: claimedAt + ttlSeconds, rev: 1 },
      { condition: { kind: 'absent' } },
    );
    return won ? 'claimed' : 'duplicate';
  }

  /**
   * Records the outcome of the claimed work, keeping the claim's expiry. False when there is no
   * pending claim any more (it expired, was released, or was already completed).
   * @throws ChatopsError STORE when the store fails.
   */
  complete(key: string, result: IdempotencyResult): Promise<boolean> {
    return updateItem(this.table, partition(key), SK, (current) =>
      current?.status === 'pending'
        ? { write: { ...current, status: 'done', result }, result: true }
        : { result: false },
    );
  }

  /**
   * Gives a pending claim up, so that a retry can claim the key again: for work that failed before
   * any side effect. A completed claim stays (its work happened). True when a claim was released.
   * @throws ChatopsError STORE when the store fails.
   */
  release(key: string): Promise<boolean> {
    return this.table.delete(partition(key), SK, { condition: { kind: 'equals', attr: 'status', value: 'pending' } });
  }

  /** The live claim of `key`, if any. @throws ChatopsError STORE when the store fails or the item is malformed. */
  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const item = await this.table.get(partition(key), SK);
    return item === undefined ? undefined : toRecord(item);
  }
}

function partition(key: string): string {
  return `idem#${key}`;
}

function toRecord(item: TableItem): IdempotencyRecord {
  const { key, owner, status, claimedAt, expiresAt, result } = item;
  if (
    typeof key !== 'string' ||
    typeof owner !== 'string' ||
    (status !== 'pending' && status !== 'done') ||
    typeof claimedAt !== 'number' ||
    typeof expiresAt !== 'number' ||
    (result !== undefined && (typeof result !== 'object' || result === null))
  ) {
    throw new ChatopsError('STORE', `malformed idempotency record (${item.pk}, ${item.sk})`);
  }
  return { key, owner, status, claimedAt, expiresAt, ...(result !== undefined && { result: result as IdempotencyResult }) };
}
