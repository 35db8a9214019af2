import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DynamoTable } from '../../../src/store/dynamo-table';
import { FileTable } from '../../../src/store/file-table';
import type { Table } from '../../../src/store/table';
import { startDynalite } from '../../support/dynalite';

/** A clock the test moves by hand, shared by a table and the stores on it. Starts at a whole second. */
export class TestClock {
  ms = Date.UTC(2030, 0, 1);

  readonly now = (): number => this.ms;

  seconds(): number {
    return Math.floor(this.ms / 1000);
  }

  advanceSeconds(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export interface Backend {
  readonly table: Table;
  readonly clock: TestClock;
  close(): Promise<void>;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'chatops-store-'));
}

async function fileBackend(): Promise<Backend> {
  const dir = await tempDir();
  const clock = new TestClock();
  return {
    table: new FileTable(dir, { now: clock.now }),
    clock,
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

async function dynamoBackend(): Promise<Backend> {
  const dynamo = await startDynalite();
  const clock = new TestClock();
  return { table: new DynamoTable(dynamo.docClient, dynamo.tableName, { now: clock.now }), clock, close: dynamo.close };
}

/** Every Table implementation, for `describe.each`: the same contract must hold for all. */
export const BACKENDS: ReadonlyArray<readonly [string, () => Promise<Backend>]> = [
  ['FileTable', fileBackend],
  ['DynamoTable on dynalite', dynamoBackend],
];
