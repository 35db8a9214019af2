import { ChatopsError } from '../errors';

/**
 * One stored item. `pk` groups items into a partition, `sk` orders them inside it; every other
 * attribute is plain JSON (undefined values are dropped on write, as JSON.stringify drops them).
 */
export interface TableItem {
  readonly pk: string;
  readonly sk: string;
  /** Epoch seconds. From this second on the item is gone for every read and condition (DynamoDB TTL). */
  readonly expiresAt?: number;
  readonly [attribute: string]: unknown;
}

/** A scalar an `equals` condition can compare against. */
export type ConditionValue = string | number | boolean;

export interface AbsentCondition {
  readonly kind: 'absent';
}

export interface EqualsCondition {
  readonly kind: 'equals';
  readonly attr: string;
  readonly value: ConditionValue;
}

/**
 * `absent`: no live item has this key (none at all, or only an expired one).
 * `equals`: a live item has this key and its top-level `attr` equals `value`.
 */
export type Condition = AbsentCondition | EqualsCondition;

export interface PutOptions {
  readonly condition?: Condition;
}

export interface DeleteOptions {
  /** Only `equals` makes sense: a delete "if absent" could never remove anything. */
  readonly condition?: EqualsCondition;
}

export interface QueryOptions {
  /** Only items whose `sk` starts with this. */
  readonly skPrefix?: string;
}

/**
 * The bot's durable key-value state: DynamoDB in AWS, files on disk in local mode. Conditional writes
 * are atomic in both, which is what exactly-once submits and alerts are built on.
 *
 * Every method throws ChatopsError `STORE` (with the cause) when the backend fails; a condition that
 * does not hold is an answer (`false`), not an error.
 */
export interface Table {
  /** The live item, or undefined when there is none or it has expired. */
  get(pk: string, sk: string): Promise<TableItem | undefined>;
  /** Writes the whole item. False, and nothing written, when the condition does not hold. */
  put(item: TableItem, options?: PutOptions): Promise<boolean>;
  /** True when a live item (matching the condition) was removed; false when there was none or it did not match. */
  delete(pk: string, sk: string, options?: DeleteOptions): Promise<boolean>;
  /** Every live item of the partition, in `sk` order. */
  query(pk: string, options?: QueryOptions): Promise<TableItem[]>;
}

/** Whether the item has expired at `nowSeconds`. */
export function isExpired(item: { readonly expiresAt?: unknown }, nowSeconds: number): boolean {
  return typeof item.expiresAt === 'number' && item.expiresAt <= nowSeconds;
}

/** Whole epoch seconds, the unit of `expiresAt`. */
export function epochSeconds(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

/**
 * The item as it will be stored: plain JSON with valid keys.
 * @throws ChatopsError STORE when pk or sk is empty, expiresAt is not a whole number, or the item is not JSON.
 */
export function toStoredItem(item: TableItem): TableItem {
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(item));
  } catch (cause) {
    throw new ChatopsError('STORE', `item ${describeKey(item.pk, item.sk)} cannot be stored as JSON`, { cause });
  }
  const stored = copy as TableItem;
  checkKey(stored.pk, stored.sk);
  if (stored.expiresAt !== undefined && !Number.isSafeInteger(stored.expiresAt)) {
    throw new ChatopsError('STORE', `item ${describeKey(item.pk, item.sk)}: expiresAt must be whole epoch seconds`);
  }
  return stored;
}

/**
 * @throws ChatopsError STORE when pk or sk is not a non-empty string (DynamoDB refuses empty keys).
 */
export function checkKey(pk: unknown, sk: unknown): void {
  if (typeof pk !== 'string' || pk === '' || typeof sk !== 'string' || sk === '') {
    throw new ChatopsError('STORE', `invalid key ${describeKey(pk, sk)}: pk and sk must be non-empty strings`);
  }
}

/** @throws ChatopsError STORE when pk is not a non-empty string. */
export function checkPartitionKey(pk: unknown): void {
  if (typeof pk !== 'string' || pk === '') {
    throw new ChatopsError('STORE', `invalid partition key ${JSON.stringify(pk)}: it must be a non-empty string`);
  }
}

/** Whether a live item satisfies an `equals` condition (`absent` is about the item's existence alone). */
export function matchesEquals(item: TableItem | undefined, condition: EqualsCondition): boolean {
  return item !== undefined && item[condition.attr] === condition.value;
}

/** The ChatopsError for a backend failure, keeping what caused it. */
export function storeError(operation: string, cause: unknown): ChatopsError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ChatopsError('STORE', `state store ${operation} failed: ${detail}`, { cause });
}

function describeKey(pk: unknown, sk: unknown): string {
  return `(${JSON.stringify(pk)}, ${JSON.stringify(sk)})`;
}
