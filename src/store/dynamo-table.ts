import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  checkKey,
  checkPartitionKey,
  epochSeconds,
  isExpired,
  storeError,
  toStoredItem,
  type Condition,
  type DeleteOptions,
  type PutOptions,
  type QueryOptions,
  type Table,
  type TableItem,
} from './table';

export interface DynamoTableOptions {
  /** Epoch milliseconds; tests move time instead of sleeping. Default `Date.now`. */
  readonly now?: () => number;
}

interface Expression {
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues: Record<string, unknown>;
}

const LIVE = '(attribute_not_exists(#exp) OR #exp > :now)';

/**
 * The Table on DynamoDB: a table with string keys `pk` (hash) and `sk` (range) and TTL on `expiresAt`.
 * Reads are strongly consistent, so a watcher sees a watch the moment it was stored. DynamoDB removes
 * expired items lazily (within days), so every read and condition also checks `expiresAt` itself.
 */
export class DynamoTable implements Table {
  private readonly now: () => number;

  /** `client` is created once per container by the caller and shared. */
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoTableOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** @throws ChatopsError STORE when DynamoDB fails or the key is invalid. */
  async get(pk: string, sk: string): Promise<TableItem | undefined> {
    checkKey(pk, sk);
    const nowSeconds = epochSeconds(this.now());
    try {
      const out = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }),
      );
      const item = out.Item as TableItem | undefined;
      return item === undefined || isExpired(item, nowSeconds) ? undefined : item;
    } catch (cause) {
      throw storeError(`GetItem on ${this.tableName}`, cause);
    }
  }

  /** @throws ChatopsError STORE when DynamoDB fails or the item cannot be stored (see toStoredItem). */
  async put(item: TableItem, options: PutOptions = {}): Promise<boolean> {
    const stored = toStoredItem(item);
    const condition = options.condition && conditionExpression(options.condition, epochSeconds(this.now()));
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: stored, ...condition }));
      return true;
    } catch (cause) {
      if (isConditionFailure(cause)) return false;
      throw storeError(`PutItem on ${this.tableName}`, cause);
    }
  }

  /** @throws ChatopsError STORE when DynamoDB fails or the key is invalid. */
  async delete(pk: string, sk: string, options: DeleteOptions = {}): Promise<boolean> {
    checkKey(pk, sk);
    const nowSeconds = epochSeconds(this.now());
    const condition = options.condition && conditionExpression(options.condition, nowSeconds);
    try {
      // ALL_OLD tells which of two racing deletes removed the item: DynamoDB gives it to one only.
      const out = await this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: { pk, sk }, ReturnValues: 'ALL_OLD', ...condition }),
      );
      const old = out.Attributes as TableItem | undefined;
      return old !== undefined && !isExpired(old, nowSeconds);
    } catch (cause) {
      if (isConditionFailure(cause)) return false;
      throw storeError(`DeleteItem on ${this.tableName}`, cause);
    }
  }

  /** Follows LastEvaluatedKey: one Query page stops at 1 MB. @throws ChatopsError STORE when DynamoDB fails. */
  async query(pk: string, options: QueryOptions = {}): Promise<TableItem[]> {
    checkPartitionKey(pk);
    const names: Record<string, string> = { '#pk': 'pk', '#exp': 'expiresAt' };
    const values: Record<string, unknown> = { ':pk': pk, ':now': epochSeconds(this.now()) };
    let keyCondition = '#pk = :pk';
    if (options.skPrefix) {
      keyCondition += ' AND begins_with(#sk, :prefix)';
      names['#sk'] = 'sk';
      values[':prefix'] = options.skPrefix;
    }
    const input: QueryCommandInput = {
      TableName: this.tableName,
      ConsistentRead: true,
      KeyConditionExpression: keyCondition,
      FilterExpression: LIVE,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
    const items: TableItem[] = [];
    try {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
        items.push(...((page.Items ?? []) as TableItem[]));
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
    } catch (cause) {
      throw storeError(`Query on ${this.tableName}`, cause);
    }
    return items;
  }
}

function conditionExpression(condition: Condition, nowSeconds: number): Expression {
  if (condition.kind === 'absent') {
    return {
      ConditionExpression: 'attribute_not_exists(#pk) OR #exp <= :now',
      ExpressionAttributeNames: { '#pk': 'pk', '#exp': 'expiresAt' },
      ExpressionAttributeValues: { ':now': nowSeconds },
    };
  }
  return {
    ConditionExpression: `#attr = :value AND ${LIVE}`,
    ExpressionAttributeNames: { '#attr': condition.attr, '#exp': 'expiresAt' },
    ExpressionAttributeValues: { ':value': condition.value, ':now': nowSeconds },
  };
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
