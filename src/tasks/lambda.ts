import { accessServices } from '../access/services';
import { actionServices } from '../actions/services';
import { loadConfig, loadSlackCredentials, type Config } from '../config';
import { ConfigError } from '../errors';
import { openStateTable } from '../store/state-table';
import type { Table } from '../store/table';
import { submitWorkerServices, type SubmitWorkerServices } from '../submit/services';
import { createLog, type Log } from './log';
import { createWorker } from './worker';

/**
 * The submit services need the bot token (Secrets Manager in AWS). A configuration without one runs
 * the read commands only; a failure to reach Secrets Manager throws, so the next event tries again.
 */
async function submitServices(config: Config, table: Table, log: Log): Promise<SubmitWorkerServices | undefined> {
  let botToken: string | undefined;
  try {
    botToken = (await loadSlackCredentials(config.env)).botToken;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.warn('no Slack credentials for the worker: job submission is off', { error });
  }
  return botToken === undefined ? undefined : submitWorkerServices({ config, table, botToken, fetch: globalThis.fetch });
}

/** The worker Lambda's handler: config, secrets and executors built on the first event, kept for the container. */
export function createWorkerHandler(): (event: unknown) => Promise<void> {
  let worker: ((event: unknown) => Promise<void>) | undefined;
  return async (event) => {
    if (worker === undefined) {
      const config = loadConfig();
      const log = createLog(config.env.logLevel);
      // One table (one DynamoDB client) for the container; credentials are cached by loadSlackCredentials.
      const table = openStateTable(config.env);
      const botToken = async (): Promise<string | undefined> => (await loadSlackCredentials(config.env)).botToken;
      const submit = await submitServices(config, table, log);
      const actions = actionServices({ config, table, fetch: globalThis.fetch, botToken, log });
      const access = accessServices({ config, table, fetch: globalThis.fetch, botToken, log });
      worker = createWorker({ config, log, fetch: globalThis.fetch, ...(submit && { submit }), actions, links: access.links });
    }
    await worker(event);
  };
}
