import { LambdaClient } from '@aws-sdk/client-lambda';
import { AwsLambdaReceiver } from '@slack/bolt';
import type { AwsHandler } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { accessServices } from '../access/services';
import { loadConfig, loadSlackCredentials } from '../config';
import { ConfigError } from '../errors';
import { keepOnSuccess } from '../keep-on-success';
import { openStateTable } from '../store/state-table';
import { submitListenerServices } from '../submit/services';
import { LambdaDispatcher } from '../tasks/lambda-dispatcher';
import { createLog } from '../tasks/log';
import { buildApp } from './app';
import { boltLevel, boltLogger } from './bolt-logger';
import { newRequestId } from './listeners/deps';
import { isBodyTooLarge } from './request-limits';

/**
 * The slack Lambda: config, secrets (Secrets Manager, once), the Bolt App on an AwsLambdaReceiver
 * and a LambdaDispatcher to the worker, built on the first event and kept for the container.
 * @throws ConfigError on that first event when WORKER_FUNCTION_NAME or a setting is missing or invalid.
 */
async function buildSlackHandler(): Promise<AwsHandler> {
  const config = loadConfig();
  const log = createLog(config.env.logLevel);
  const functionName = config.env.workerFunctionName;
  if (functionName === undefined) throw new ConfigError('not set: the name of the worker function (serverless.yml sets it)', 'WORKER_FUNCTION_NAME');
  const credentials = await loadSlackCredentials(config.env);
  const level = boltLevel(config.env.logLevel);
  const receiver = new AwsLambdaReceiver({ signingSecret: credentials.signingSecret, logger: boltLogger(log, level), logLevel: level });
  const table = openStateTable(config.env);
  const access = accessServices({ config, table, fetch: globalThis.fetch, botToken: async () => credentials.botToken, log });
  const lambda = new LambdaClient(config.env.awsRegion ? { region: config.env.awsRegion } : {});
  buildApp({
    receiver,
    credentials,
    deps: {
      config, log, dispatcher: new LambdaDispatcher(lambda, functionName), fetch: globalThis.fetch, newRequestId,
      submit: submitListenerServices(table),
      identity: access.identity,
    },
  });
  return receiver.toHandler();
}

/**
 * The handler API Gateway invokes; a failed cold start is retried on the next event. A body over
 * the limit is refused with 413 before anything else runs (not even the cold start).
 */
export function createSlackHandler(build: () => Promise<AwsHandler> = buildSlackHandler): AwsHandler {
  const handler = keepOnSuccess(build);
  return async (event, context) => {
    if (isBodyTooLarge(event)) return { statusCode: 413, body: '' };
    return (await handler())(event, context);
  };
}
