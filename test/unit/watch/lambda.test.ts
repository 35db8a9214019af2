import { parseFileConfig, readEnv } from '../../../src/config';
import { ConfigError } from '../../../src/errors';
import { ClusterHealthStore } from '../../../src/store/cluster-health';
import type { Table, TableItem } from '../../../src/store/table';
import { WatchStore } from '../../../src/store/watches';
import { SILENT_LOG } from '../../../src/tasks/log';
import { createWatcherHandler } from '../../../src/watch/lambda';
import type { WatcherDeps } from '../../../src/watch/tick';

/** A table with no watches, that counts the watcher's reads. */
function emptyTable(reads: string[]): Table {
  return {
    get: async () => undefined,
    put: async () => true,
    delete: async () => false,
    query: async (pk: string): Promise<TableItem[]> => (reads.push(pk), []),
  };
}

describe('createWatcherHandler', () => {
  it('builds once per container, retries a failed cold start, and runs one tick per event', async () => {
    const reads: string[] = [];
    let builds = 0;
    const table = emptyTable(reads);
    const handler = createWatcherHandler(async (): Promise<WatcherDeps> => {
      builds += 1;
      if (builds === 1) throw new ConfigError('not set', 'STATE_TABLE_NAME');
      return {
        config: { ...parseFileConfig(undefined), env: readEnv({}) },
        watches: new WatchStore(table),
        health: new ClusterHealthStore(table),
        executorFor: () => { throw new Error('no cluster call expected without watches'); },
        chat: { postMessage: async () => ({ ts: '1.1' }), update: async () => undefined },
        log: SILENT_LOG,
      };
    });
    await expect(handler()).rejects.toThrow(/STATE_TABLE_NAME/);
    await handler();
    await handler();
    expect(builds).toBe(2);
    expect(reads).toEqual(['watch-clusters', 'watch-clusters']);
  });
});
