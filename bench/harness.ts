import { rmSync } from 'node:fs';
import path from 'node:path';
import { startDynalite, type LocalDynamo } from '../test/support/dynalite';
import { SlackFake } from '../test/support/slack-fake';
import { startFakeSsm, type FakeSsm } from '../test/support/ssm-endpoint';
import { FakeAws } from './fake-aws';
import { FakeSlurmBin } from './fake-slurm';
import { lambdaEnvironment, REGION, useLambdaEnvironment, writeBenchConfig } from './lambda-env';

/** The loopback world every benchmark of the app runs in: fake Slack, fake Lambda and Secrets Manager, fake SSM. */
export interface Harness {
  readonly slack: SlackFake;
  readonly aws: FakeAws;
  readonly ssm: FakeSsm;
  /** The state table (DynamoDB emulator), as STATE_TABLE_NAME names it in AWS. */
  readonly dynamo: LocalDynamo;
  /** The cluster's Slurm commands, as the SSM fake runs them. */
  readonly slurmBin: FakeSlurmBin;
  readonly configFile: string;
  /** The functions' environment, already applied to this process. */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** Starts the fakes and points this process's environment at them. */
export async function startHarness(): Promise<Harness> {
  const [slack, aws, ssm, dynamo] = await Promise.all([SlackFake.start(), FakeAws.start(), startFakeSsm({ region: REGION }), startDynalite()]);
  const slurmBin = FakeSlurmBin.create();
  const configFile = writeBenchConfig(slurmBin.dir);
  const env = lambdaEnvironment(configFile, { aws: aws.endpoint, ssm: ssm.endpoint, slackApi: slack.apiUrl, dynamo: { endpoint: dynamo.endpoint, tableName: dynamo.tableName } });
  useLambdaEnvironment(env);
  return {
    slack, aws, ssm, dynamo, slurmBin, configFile, env,
    close: async () => {
      await Promise.all([slack.close(), aws.close(), ssm.close(), dynamo.close()]);
      slurmBin.cleanup();
      rmSync(path.dirname(configFile), { recursive: true, force: true });
    },
  };
}
