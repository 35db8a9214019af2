import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import path from 'node:path';
import type { EnvConfig } from '../config';
import { DynamoTable } from './dynamo-table';
import { FileTable } from './file-table';
import type { Table } from './table';

/**
 * The bot's durable state: DynamoDB (`STATE_TABLE_NAME`) in AWS, files under `STATE_DIR/state`
 * locally. Call once per container or process and share the result.
 */
export function openStateTable(env: EnvConfig): Table {
  if (env.stateTableName !== undefined) {
    const client = new DynamoDBClient(env.awsRegion ? { region: env.awsRegion } : {});
    return new DynamoTable(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), env.stateTableName);
  }
  return new FileTable(path.resolve(env.stateDir, 'state'));
}
