import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FAKE_CLUSTER, FAKE_CREDENTIALS } from '../test/support/ssm-endpoint';
import { SECRET_ARN } from './fake-aws';

export const WORKER_FUNCTION = 'slurm-chatops-bench-worker';
export const CLUSTER = 'prod';
export const REGION = 'eu-west-1';

export interface Endpoints {
  /** Lambda and Secrets Manager (FakeAws). */
  readonly aws: string;
  /** SSM and EC2 (the fake SSM endpoint); absent when the benchmark runs no command. */
  readonly ssm?: string;
  /** Base URL of the fake Slack Web API. */
  readonly slackApi: string;
  /** The state table on the DynamoDB emulator. */
  readonly dynamo: { readonly endpoint: string; readonly tableName: string };
}

/** A configuration file like a deployment's: one SSM cluster found by tag, its Slurm in `slurmBinDir`, alice mapped. */
export function writeBenchConfig(slurmBinDir: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'chatops-bench-'));
  const file = path.join(dir, 'chatops.config.yml');
  writeFileSync(
    file,
    ['clusters:', `  - name: ${CLUSTER}`, '    executor: ssm', `    ssm: { clusterName: ${FAKE_CLUSTER}, region: ${REGION} }`, `    slurmBinDir: ${slurmBinDir}`, 'users:', '  U0ALICE: alice', ''].join('\n'),
  );
  return file;
}

/**
 * What serverless.yml gives the functions in AWS, with the AWS SDK pointed at the loopback fakes
 * through its own endpoint variables: the code under test reads its environment as in production.
 */
export function lambdaEnvironment(configFile: string, endpoints: Endpoints): Record<string, string> {
  return {
    CHATOPS_CONFIG: configFile,
    SLACK_SECRET_ARN: SECRET_ARN,
    SLACK_API_URL: endpoints.slackApi,
    WORKER_FUNCTION_NAME: WORKER_FUNCTION,
    STATE_TABLE_NAME: endpoints.dynamo.tableName,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_LAMBDA: endpoints.aws,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.aws,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamo.endpoint,
    ...(endpoints.ssm !== undefined && { AWS_ENDPOINT_URL_SSM: endpoints.ssm, AWS_ENDPOINT_URL_EC2: endpoints.ssm }),
    LOG_LEVEL: 'ERROR',
  };
}

/** Points this process at the fakes, before the first handler call builds anything from the environment. */
export function useLambdaEnvironment(env: Record<string, string>): void {
  for (const name of ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'AWS_PROFILE', 'AWS_SESSION_TOKEN']) delete process.env[name];
  Object.assign(process.env, env);
}
