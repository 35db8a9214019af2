import { loadConfig } from '../config';
import { createLog } from './log';
import { createWorker } from './worker';

/** The worker Lambda's handler: config and executors built on the first event, kept for the container. */
export function createWorkerHandler(): (event: unknown) => Promise<void> {
  let worker: ((event: unknown) => Promise<void>) | undefined;
  return async (event) => {
    if (worker === undefined) {
      const config = loadConfig();
      worker = createWorker({ config, log: createLog(config.env.logLevel), fetch: globalThis.fetch });
    }
    await worker(event);
  };
}
