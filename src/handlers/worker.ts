import { createWorkerHandler } from '../tasks/lambda';

/** Async invoke with a Task from the slack function: runs it and answers through its response_url. */
export const handler = createWorkerHandler();
