import { loadConfig } from '../config';
import { createLog } from '../tasks/log';

/**
 * EventBridge schedule. Completion alerts (the watcher) are not part of this version: each tick
 * checks the configuration and says so in the log, so the schedule and the function exist for
 * the release that adds them.
 */
export const handler = async (): Promise<void> => {
  const config = loadConfig();
  createLog(config.env.logLevel).info('watcher tick: completion alerts are not enabled in this version', {
    clusters: config.clusters.map((c) => c.name),
  });
};
