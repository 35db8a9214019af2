import { createSlackHandler } from '../slack/lambda';

/** API Gateway (HTTP API, payload 2.0) -> Bolt: verifies, authorizes, acks, dispatches to the worker. */
export const handler = createSlackHandler();
