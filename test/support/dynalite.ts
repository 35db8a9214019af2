import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** dynalite ships no types; this is the part of its API used here. */
type Dynalite = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;
const dynalite = require('dynalite') as Dynalite;

export interface LocalDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly docClient: DynamoDBDocumentClient;
  /** A table with string keys `pk` (hash) and `sk` (range), as serverless.yml declares it. */
  readonly tableName: string;
  close(): Promise<void>;
}

let tables = 0;

/**
 * Starts an in-memory dynalite (DynamoDB emulator, memory-level storage) on 127.0.0.1, port 0, and
 * creates the bot's table in it. Each call is its own server: tests never share state.
 */
export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const docClient = DynamoDBDocumentClient.from(client);
  const close = async (): Promise<void> => {
    client.destroy();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  };
  tables += 1;
  const tableName = `chatops-test-${process.pid}-${tables}`;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists({ client, minDelay: 1, maxWaitTime: 20 }, { TableName: tableName });
  } catch (error) {
    await close();
    throw error;
  }
  return { endpoint, client, docClient, tableName, close };
}
