import { createWatcherHandler } from '../watch/lambda';

/** EventBridge schedule: one watcher tick (poll the watched jobs, post end-of-job alerts). */
export const handler = createWatcherHandler();
