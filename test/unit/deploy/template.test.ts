/**
 * Packages the service once (`serverless package`, offline, no AWS credentials) into a temporary
 * directory with known parameters, then checks the CloudFormation template and the function zips:
 * wiring, IAM least privilege, and what each bundle contains.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { allows, flatten, roleStatements, type FlatStatement, type Template } from './cfn';
import { readZip, type ZipEntry } from './zip';

const ROOT = resolve(__dirname, '../../..');
const STAGE = 'citest';
const PREFIX = `slurm-chatops-${STAGE}`;
const CONFIG_FILE = 'test/unit/deploy/fixtures/chatops.config.yml';
const CLUSTERS = 'alpha,beta';
const SLACK_BUNDLE_LIMIT = 1_500_000;

const FUNCTIONS = {
  slack: { logicalId: 'SlackLambdaFunction', role: 'SlackRole', bundle: 'src/handlers/slack.js' },
  worker: { logicalId: 'WorkerLambdaFunction', role: 'WorkerRole', bundle: 'src/handlers/worker.js' },
  watcher: { logicalId: 'WatcherLambdaFunction', role: 'WatcherRole', bundle: 'src/handlers/watcher.js' },
} as const;
type FunctionName = keyof typeof FUNCTIONS;
const NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** The actions AWS gives no resource-level permissions: Resource '*' is the only way to grant them. */
const NO_RESOURCE_TYPE = ['ssm:GetCommandInvocation', 'ssm:CancelCommand', 'ec2:DescribeInstances'];

/** AWS SDK v3 command class -> the IAM action it needs. A command missing here fails the IAM test on purpose. */
const SDK_COMMAND_ACTIONS: Readonly<Record<string, string>> = {
  GetSecretValueCommand: 'secretsmanager:GetSecretValue',
  InvokeCommand: 'lambda:InvokeFunction',
  GetCommand: 'dynamodb:GetItem',
  GetItemCommand: 'dynamodb:GetItem',
  PutCommand: 'dynamodb:PutItem',
  PutItemCommand: 'dynamodb:PutItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  DeleteItemCommand: 'dynamodb:DeleteItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  UpdateItemCommand: 'dynamodb:UpdateItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
  GetObjectCommand: 's3:GetObject',
  HeadObjectCommand: 's3:GetObject',
  PutObjectCommand: 's3:PutObject',
  PutObjectTaggingCommand: 's3:PutObjectTagging',
  SendCommandCommand: 'ssm:SendCommand',
  GetCommandInvocationCommand: 'ssm:GetCommandInvocation',
  CancelCommandCommand: 'ssm:CancelCommand',
  DescribeInstancesCommand: 'ec2:DescribeInstances',
};

let out: string;
let template: Template;
let zips: Record<FunctionName, ZipEntry[]>;

/** The environment of a machine with no AWS account: packaging must not need one. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[name];
  return env;
}

function packageService(outDir: string): void {
  try {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/.bin/serverless'),
        'package',
        '--package', outDir,
        '--stage', STAGE,
        '--region', 'eu-west-1',
        `--param=clusterNames=${CLUSTERS}`,
        `--param=configFile=${CONFIG_FILE}`,
      ],
      { cwd: ROOT, env: offlineEnv(), stdio: 'pipe', encoding: 'utf8' },
    );
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`serverless package failed:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error });
  }
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'chatops-package-'));
  packageService(out);
  template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  zips = Object.fromEntries(NAMES.map((name) => [name, readZip(join(out, `${name}.zip`))])) as typeof zips;
}, 180_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

const resource = (logicalId: string): Record<string, unknown> => {
  const found = template.Resources[logicalId];
  if (!found) throw new Error(`no resource ${logicalId}; have ${Object.keys(template.Resources).join(', ')}`);
  return found.Properties ?? {};
};
const ofType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
const environment = (name: FunctionName) =>
  (resource(FUNCTIONS[name].logicalId).Environment as { Variables: Record<string, unknown> }).Variables;
const bundleOf = (name: FunctionName): ZipEntry => {
  const entry = zips[name].find((e) => e.name === FUNCTIONS[name].bundle);
  if (!entry) throw new Error(`${name}.zip has no ${FUNCTIONS[name].bundle}`);
  return entry;
};
const logGroupArn = (name: FunctionName) =>
  `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${PREFIX}-${name}:*`;

describe('packaged CloudFormation template', () => {
  test('routes POST /slack/events, and nothing else, to the slack function', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(routes).toHaveLength(1);
    expect(routes[0]?.RouteKey).toBe('POST /slack/events');
    const integration = (routes[0]?.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1].Ref;
    expect(resource(integration)).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': ['SlackLambdaFunction', 'Arn'] },
    });
  });

  test('runs every function on nodejs22.x (arm64) with its own role and handler', () => {
    for (const name of NAMES) {
      expect(resource(FUNCTIONS[name].logicalId)).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: `src/handlers/${name}.handler`,
        Role: { 'Fn::GetAtt': [FUNCTIONS[name].role, 'Arn'] },
      });
    }
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  test('invokes the worker asynchronously with two retries, within the response_url lifetime', () => {
    const [, config] = ofType('AWS::Lambda::EventInvokeConfig').find(
      ([, r]) => (r.Properties?.FunctionName as { Ref: string }).Ref === 'WorkerLambdaFunction',
    ) ?? [];
    expect(config?.Properties).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 1800 });
    expect(environment('slack').WORKER_FUNCTION_NAME).toEqual({ Ref: 'WorkerLambdaFunction' });
  });

  test('runs the watcher on the schedule, one at a time, never from a queue of stale ticks', () => {
    const rules = ofType('AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(rules).toEqual([
      expect.objectContaining({
        ScheduleExpression: 'rate(1 minute)',
        State: 'ENABLED',
        Targets: [expect.objectContaining({ Arn: { 'Fn::GetAtt': ['WatcherLambdaFunction', 'Arn'] } })],
      }),
    ]);
    expect(resource('WatcherLambdaFunction').ReservedConcurrentExecutions).toBe(1);
    const [, config] = ofType('AWS::Lambda::EventInvokeConfig').find(
      ([, r]) => (r.Properties?.FunctionName as { Ref: string }).Ref === 'WatcherLambdaFunction',
    ) ?? [];
    expect(config?.Properties).toMatchObject({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
  });

  test('gives every function the environment config.ts reads, and nothing config.ts ignores', () => {
    const configSource = readFileSync(join(ROOT, 'src/config.ts'), 'utf8');
    for (const name of NAMES) {
      const env = environment(name);
      expect(env).toMatchObject({
        CHATOPS_CONFIG: `/var/task/${CONFIG_FILE}`,
        STATE_TABLE_NAME: { Ref: 'StateTable' },
        SCRIPTS_BUCKET: { Ref: 'ScriptsBucket' },
        SLACK_SECRET_ARN: { 'Fn::If': ['HasSlackSecretArn', '', `slurm-chatops/${STAGE}/slack`] },
        LOG_LEVEL: 'INFO',
      });
      const ours = Object.keys(env).filter((key) => !key.startsWith('POWERTOOLS_'));
      expect(ours.filter((key) => !configSource.includes(`'${key}'`))).toEqual([]);
    }
  });

  test('keeps state in an on-demand table whose items expire on expiresAt', () => {
    expect(resource('StateTable')).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  test('keeps scripts and SSM output in an encrypted, private, TLS-only bucket that forgets them', () => {
    const bucket = resource('ScriptsBucket');
    expect(bucket.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const rules = (bucket.LifecycleConfiguration as { Rules: { Prefix?: string; ExpirationInDays?: number }[] }).Rules;
    expect(rules.find((r) => r.Prefix === 'ssm-output/')?.ExpirationInDays).toBe(7);
    expect(rules.find((r) => r.Prefix === 'scripts/')?.ExpirationInDays).toBe(90);
    expect(resource('ScriptsBucketPolicy').PolicyDocument).toMatchObject({
      Statement: [
        expect.objectContaining({
          Effect: 'Deny',
          Principal: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Resource: [{ 'Fn::GetAtt': ['ScriptsBucket', 'Arn'] }, { 'Fn::Sub': '${ScriptsBucket.Arn}/*' }],
        }),
      ],
    });
  });

  test('keeps each function log for the configured retention', () => {
    const groups = ofType('AWS::Logs::LogGroup').map(([, r]) => r.Properties);
    expect(groups).toEqual(
      NAMES.map((name) => ({ LogGroupName: `/aws/lambda/${PREFIX}-${name}`, RetentionInDays: 30 })),
    );
  });

  test('outputs the request URL to paste into Slack, the table, the bucket and the head-node policy', () => {
    expect(template.Outputs?.SlackRequestUrl?.Value).toEqual({
      'Fn::Sub': 'https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/slack/events',
    });
    expect(template.Outputs?.StateTableName?.Value).toEqual({ Ref: 'StateTable' });
    expect(template.Outputs?.ScriptsBucketName?.Value).toEqual({ Ref: 'ScriptsBucket' });
    expect(template.Outputs?.HeadNodePolicyArn?.Value).toEqual({ Ref: 'HeadNodePolicy' });
  });
});

describe('IAM', () => {
  /** Whether a wildcard in this statement's resource is one of the documented, unavoidable ones. */
  function wildcardAllowed(statement: FlatStatement, resourceArn: string, owner: FunctionName | undefined): boolean {
    const { actions, condition } = statement;
    if (resourceArn === '*') return actions.every((a) => NO_RESOURCE_TYPE.includes(a));
    if (/^\$\{ScriptsBucket\.Arn\}\/(scripts|ssm-output)\/\*$/.test(resourceArn)) return actions.every((a) => a.startsWith('s3:'));
    if (/:(instance|managed-instance)\/\*$/.test(resourceArn)) {
      return (
        actions.length === 1 &&
        actions[0] === 'ssm:SendCommand' &&
        JSON.stringify(condition) ===
          JSON.stringify({ StringEquals: { 'aws:ResourceTag/parallelcluster:cluster-name': { 'Fn::Split': [',', CLUSTERS] } } })
      );
    }
    if (resourceArn.endsWith(`secret:slurm-chatops/${STAGE}/slack-??????`)) {
      return actions.length === 1 && actions[0] === 'secretsmanager:GetSecretValue';
    }
    if (owner && resourceArn === logGroupArn(owner)) {
      return actions.every((a) => a === 'logs:CreateLogStream' || a === 'logs:PutLogEvents');
    }
    return false;
  }

  test('grants no wildcard action, and wildcard resources only where IAM offers nothing narrower', () => {
    const policies: [string, FunctionName | undefined, FlatStatement[]][] = [];
    for (const [id, r] of Object.entries(template.Resources)) {
      if (r.Type === 'AWS::IAM::Role') {
        policies.push([id, NAMES.find((name) => FUNCTIONS[name].role === id), roleStatements(template, id)]);
      } else if (r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy') {
        policies.push([id, undefined, flatten(r.Properties?.PolicyDocument as { Statement: unknown[] })]);
      }
    }
    expect(policies.map(([id]) => id).sort()).toEqual(['HeadNodePolicy', 'SlackRole', 'WatcherRole', 'WorkerRole']);
    const violations: string[] = [];
    for (const [id, owner, statements] of policies) {
      for (const statement of statements) {
        for (const action of statement.actions) if (/[*?]/.test(action)) violations.push(`${id}: action ${action}`);
        for (const arn of statement.resources) {
          if (/[*?]/.test(arn) && !wildcardAllowed(statement, arn, owner)) {
            violations.push(`${id}: ${statement.actions.join(',')} on ${arn}`);
          }
        }
      }
    }
    expect(violations).toEqual([]);
  });

  test('lets only the worker and the watcher run commands, on tagged head nodes with AWS-RunShellScript', () => {
    expect(allows(roleStatements(template, 'SlackRole'), 'ssm:SendCommand')).toBe(false);
    for (const role of ['WorkerRole', 'WatcherRole']) {
      const resources = roleStatements(template, role)
        .filter((s) => s.actions.includes('ssm:SendCommand'))
        .flatMap((s) => s.resources)
        .sort();
      expect(resources).toEqual([
        '${ScriptsBucket.Arn}',
        'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*',
        'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:managed-instance/*',
        'arn:${AWS::Partition}:ssm:${AWS::Region}::document/AWS-RunShellScript',
      ]);
    }
  });

  test('lets only the slack function invoke the worker, and nothing else', () => {
    const invoking = ['SlackRole', 'WorkerRole', 'WatcherRole'].filter((role) =>
      allows(roleStatements(template, role), 'lambda:InvokeFunction'),
    );
    expect(invoking).toEqual(['SlackRole']);
    const resources = roleStatements(template, 'SlackRole')
      .filter((s) => s.actions.includes('lambda:InvokeFunction'))
      .flatMap((s) => s.resources);
    expect(resources).toEqual(['${WorkerLambdaFunction.Arn}']);
  });

  test('reads one secret, DynamoDB only on its table, S3 only under the bucket prefixes', () => {
    for (const name of NAMES) {
      for (const statement of roleStatements(template, FUNCTIONS[name].role)) {
        const services = new Set(statement.actions.map((a) => a.split(':')[0]));
        if (services.has('secretsmanager')) {
          // Both branches of the condition: the --param=slackSecretArn value (empty here), or the default secret.
          expect(statement.resources).toEqual([
            '',
            `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:slurm-chatops/${STAGE}/slack-??????`,
          ]);
        }
        if (services.has('dynamodb')) expect(statement.resources).toEqual(['${StateTable.Arn}']);
        if (services.has('s3')) {
          for (const arn of statement.resources) expect(arn).toMatch(/^\$\{ScriptsBucket\.Arn\}\/(scripts|ssm-output)\/\*$/);
        }
        if (services.has('logs')) expect(statement.resources).toEqual([logGroupArn(name)]);
      }
    }
  });

  test('lets the head node write command output under ssm-output/ and nothing else', () => {
    const statements = flatten(resource('HeadNodePolicy').PolicyDocument as { Statement: unknown[] });
    expect(statements).toEqual([
      { actions: ['s3:PutObject'], resources: ['${ScriptsBucket.Arn}/ssm-output/*'] },
      { actions: ['s3:GetEncryptionConfiguration'], resources: ['${ScriptsBucket.Arn}'] },
    ]);
  });

  test.each(NAMES)('grants the %s function every AWS call its bundle makes', (name) => {
    const code = bundleOf(name).read().toString('utf8');
    const commands = [...new Set([...code.matchAll(/\.([A-Z][A-Za-z0-9]*Command)\b/g)].map((m) => m[1] as string))];
    const statements = roleStatements(template, FUNCTIONS[name].role);
    const missing = commands.filter((command) => {
      const action = SDK_COMMAND_ACTIONS[command];
      return action === undefined || !allows(statements, action);
    });
    expect(missing.map((command) => `${command} -> ${SDK_COMMAND_ACTIONS[command] ?? 'no IAM mapping in this test'}`)).toEqual([]);
  });
});

describe('function packages', () => {
  test.each(NAMES)('%s.zip holds its bundle and the configuration file, nothing else', (name) => {
    expect(zips[name].map((e) => e.name).sort()).toEqual([FUNCTIONS[name].bundle, CONFIG_FILE].sort());
    const config = zips[name].find((e) => e.name === CONFIG_FILE);
    expect(config?.read().toString('utf8')).toBe(readFileSync(join(ROOT, CONFIG_FILE), 'utf8'));
  });

  test('the slack bundle stays under 1.5 MB for fast cold starts', () => {
    expect(bundleOf('slack').size).toBeLessThan(SLACK_BUNDLE_LIMIT);
  });

  test('no bundle contains a dev dependency or test code', async () => {
    const state = JSON.parse(readFileSync(join(out, 'serverless-state.json'), 'utf8')) as {
      service: { custom: { esbuild: { exclude: string[]; plugins: string } & Record<string, unknown> } };
    };
    const { exclude, plugins, ...options } = state.service.custom.esbuild;
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    for (const name of NAMES) {
      // The same build as the plugin's, with a metafile listing every input that went in.
      const result = await build({
        ...options,
        entryPoints: [join(ROOT, `src/handlers/${name}.ts`)],
        external: exclude,
        plugins: require(join(ROOT, plugins)) as Plugin[],
        absWorkingDir: ROOT,
        outdir: join(out, 'metafile-build'),
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      expect(result.outputFiles[0]?.contents.length).toBe(bundleOf(name).size);
      const offending = Object.keys(result.metafile.inputs).filter((input) => {
        const at = input.indexOf('node_modules/');
        if (at < 0) return /^(test|scripts)\//.test(input);
        const pkg = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(input.slice(at))?.[1] ?? '';
        return lock.packages[pkg]?.dev === true;
      });
      expect(offending).toEqual([]);
    }
  });

  test.each(NAMES)('the %s bundle loads beside nothing but the AWS SDK and exports its handler', (name) => {
    const root = mkdtempSync(join(out, `run-${name}-`));
    const task = join(root, 'task');
    for (const entry of zips[name]) {
      mkdirSync(dirname(join(task, entry.name)), { recursive: true });
      writeFileSync(join(task, entry.name), entry.read());
    }
    // What the nodejs22.x runtime provides next to the code: the AWS SDK v3.
    mkdirSync(join(root, 'node_modules'));
    symlinkSync(join(ROOT, 'node_modules/@aws-sdk'), join(root, 'node_modules/@aws-sdk'));
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true' };
    for (const [key, value] of Object.entries(environment(name))) {
      env[key] = typeof value === 'string' ? value.replace('/var/task', task) : `${key.toLowerCase()}-placeholder`;
    }
    const run = spawnSync(
      process.execPath,
      ['-e', `const m = require(${JSON.stringify(join(task, FUNCTIONS[name].bundle))}); process.stdout.write(typeof m.handler);`],
      { cwd: task, env, encoding: 'utf8', timeout: 30_000 },
    );
    expect({ status: run.status, stdout: run.stdout, stderr: run.status === 0 ? '' : run.stderr }).toEqual({
      status: 0,
      stdout: 'function',
      stderr: '',
    });
  });
});
