/**
 * One validated configuration object: environment + configuration file + secrets.
 * This is the only module that reads `process.env`; everything else receives values.
 */
import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ACCESS_KEYS, CLUSTER_ACCESS_KEYS, parseAccessSettings, parseClusterAccess, type AccessSettings, type ClusterAccessFields } from './access/access-config';
import { CHANNEL_ID, describe, idList, isRecord, list, rejectUnknownKeys, SLACK_USER_ID, str, userMap, type Json } from './config-fields';
import { ChatopsError, ConfigError } from './errors';
import type { RunAsMethod } from './slurm/shell';
import { isValidTimeZone } from './slurm/time';

export type ExecutorKind = 'local' | 'ssm';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface SsmTarget {
  /** The head node's EC2 instance (or managed instance) id. */
  readonly instanceId?: string;
  /** A ParallelCluster name: the head node is found by its `parallelcluster:cluster-name` tag. */
  readonly clusterName?: string;
  readonly region?: string;
}

export interface ClusterConfig extends ClusterAccessFields {
  readonly name: string;
  /** One line shown by `/slurm clusters`. */
  readonly description?: string;
  readonly executor: ExecutorKind;
  readonly runAs: RunAsMethod;
  readonly ssm?: SsmTarget;
  /** Slurm's MinJobAge: how long a finished job stays visible to squeue/scontrol. */
  readonly minJobAgeSeconds: number;
  /** Whether slurmdbd accounting runs, so `sacct` can still find finished jobs. */
  readonly accounting: boolean;
  readonly timeoutSeconds: number;
  /** IANA zone of the head node's clock: Slurm prints times without a zone. */
  readonly timeZone: string;
  /**
   * Where Slurm's programs live when they are not on the PATH of a plain root shell: ParallelCluster
   * installs them in /opt/slurm/bin, which only login shells (and not SSM's) put on the PATH.
   */
  readonly slurmBinDir?: string;
}

export interface FileConfig extends AccessSettings {
  /** At least one; the first is the default for commands without `-c`. */
  readonly clusters: readonly ClusterConfig[];
  /** Slack user id -> Unix user on the clusters. */
  readonly users: Readonly<Record<string, string>>;
  readonly admins: readonly string[];
  /** Channel ids where the bot answers; empty = any. */
  readonly channels: readonly string[];
}

export interface EnvConfig {
  readonly slackSigningSecret?: string;
  readonly slackBotToken?: string;
  /** App-level token (`xapp-…`): the local runner then uses Socket Mode instead of serving HTTP. */
  readonly slackAppToken?: string;
  readonly slackSecretArn?: string;
  readonly slackApiUrl: string;
  readonly configPath?: string;
  readonly workerFunctionName?: string;
  readonly stateTableName?: string;
  readonly scriptsBucket?: string;
  readonly port: number;
  readonly watchIntervalSeconds: number;
  readonly stateDir: string;
  readonly logLevel: LogLevel;
  readonly awsRegion?: string;
}

export interface Config extends FileConfig {
  readonly env: EnvConfig;
}

export interface SlackCredentials {
  readonly signingSecret: string;
  /** Absent locally when only `response_url` replies are needed. */
  readonly botToken?: string;
}

/** Socket Mode (local runner only): the app-level token opens the WebSocket; nothing is signed, so no signing secret. */
export interface SocketModeCredentials {
  readonly appToken: string;
  readonly botToken?: string;
}

const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const INSTANCE_ID = /^m?i-[0-9a-f]{8,17}$/;
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** A local cluster's clock is this machine's; ParallelCluster head nodes run on UTC. */
const LOCAL_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export const DEFAULT_FILE_CONFIG: FileConfig = {
  clusters: [
    { name: 'local', executor: 'local', runAs: 'runuser', minJobAgeSeconds: 300, accounting: false, timeoutSeconds: 60, timeZone: LOCAL_TIME_ZONE },
  ],
  users: {},
  admins: [],
  channels: [],
};

function int(v: Json, path: string, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(`expected a whole number from ${min} to ${max}, got ${describe(v)}`, path);
  }
  return v;
}

function bool(v: Json, path: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new ConfigError(`expected true or false, got ${describe(v)}`, path);
  return v;
}

function oneOf<T extends string>(v: Json, path: string, values: readonly T[], fallback?: T): T {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string' || !values.includes(v.trim() as T)) {
    throw new ConfigError(`expected one of ${values.join(', ')}, got ${describe(v)}`, path);
  }
  return v.trim() as T;
}

function parseSsm(v: Json, path: string): SsmTarget {
  if (!isRecord(v)) throw new ConfigError(`expected a mapping with instanceId or clusterName, got ${describe(v)}`, path);
  rejectUnknownKeys(v, ['instanceId', 'clusterName', 'region'], path);
  const instanceId = v.instanceId === undefined ? undefined : str(v.instanceId, `${path}.instanceId`, INSTANCE_ID, 'an instance id like i-0123456789abcdef0');
  const clusterName = v.clusterName === undefined ? undefined : str(v.clusterName, `${path}.clusterName`, /^[A-Za-z][A-Za-z0-9-]{0,59}$/, 'a ParallelCluster name');
  const region = v.region === undefined ? undefined : str(v.region, `${path}.region`, AWS_REGION, 'an AWS region like eu-west-1');
  if ((instanceId === undefined) === (clusterName === undefined)) {
    throw new ConfigError('give exactly one of instanceId or clusterName', path);
  }
  return { ...(instanceId && { instanceId }), ...(clusterName && { clusterName }), ...(region && { region }) };
}

function timeZoneOf(v: Json, path: string, fallback: string): string {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !isValidTimeZone(v.trim())) throw new ConfigError(`expected an IANA time zone like UTC or Europe/Paris, got ${describe(v)}`, path);
  return v.trim();
}

const PARALLELCLUSTER_SLURM_BIN = '/opt/slurm/bin';
const ABSOLUTE_DIR = /^\/[A-Za-z0-9._/-]{0,200}$/;

function parseCluster(v: Json, path: string): ClusterConfig {
  if (!isRecord(v)) throw new ConfigError(`expected a mapping with name and executor, got ${describe(v)}`, path);
  rejectUnknownKeys(v, ['name', 'description', 'executor', 'runAs', 'ssm', 'minJobAgeSeconds', 'accounting', 'timeoutSeconds', 'timeZone', 'slurmBinDir', ...CLUSTER_ACCESS_KEYS], path);
  const name = str(v.name, `${path}.name`, CLUSTER_NAME, 'a name of letters, digits, - and _ (at most 40)');
  const executor = oneOf<ExecutorKind>(v.executor, `${path}.executor`, ['local', 'ssm']);
  const runAs = oneOf<RunAsMethod>(v.runAs, `${path}.runAs`, ['runuser', 'sudo'], 'runuser');
  let ssm: SsmTarget | undefined;
  if (executor === 'ssm') {
    if (v.ssm === undefined) throw new ConfigError('required when executor is ssm (instanceId or clusterName)', `${path}.ssm`);
    ssm = parseSsm(v.ssm, `${path}.ssm`);
  } else if (v.ssm !== undefined) {
    throw new ConfigError('only used when executor is ssm', `${path}.ssm`);
  }
  const description = v.description === undefined ? undefined : str(v.description, `${path}.description`, /^[^\n]{1,200}$/, 'one line of text');
  const slurmBinDir = v.slurmBinDir === undefined
    ? (executor === 'ssm' ? PARALLELCLUSTER_SLURM_BIN : undefined)
    : str(v.slurmBinDir, `${path}.slurmBinDir`, ABSOLUTE_DIR, 'an absolute directory like /opt/slurm/bin');
  return {
    name,
    ...(description !== undefined && { description }),
    executor,
    runAs,
    ...(ssm && { ssm }),
    minJobAgeSeconds: int(v.minJobAgeSeconds, `${path}.minJobAgeSeconds`, 0, 65533, 300),
    accounting: bool(v.accounting, `${path}.accounting`, false),
    timeoutSeconds: int(v.timeoutSeconds, `${path}.timeoutSeconds`, 1, 900, 60),
    timeZone: timeZoneOf(v.timeZone, `${path}.timeZone`, executor === 'local' ? LOCAL_TIME_ZONE : 'UTC'),
    ...(slurmBinDir !== undefined && { slurmBinDir }),
    ...parseClusterAccess(v, path),
  };
}

/**
 * Validates a parsed configuration file (YAML or JSON, already decoded).
 * @throws ConfigError naming the field at fault, e.g. `clusters[1].executor: expected one of local, ssm`.
 */
export function parseFileConfig(raw: Json): FileConfig {
  if (raw === undefined || raw === null) return DEFAULT_FILE_CONFIG;
  if (!isRecord(raw)) throw new ConfigError(`expected a mapping with clusters, users, admins, channels; got ${describe(raw)}`);
  rejectUnknownKeys(raw, ['clusters', 'users', 'admins', 'channels', ...ACCESS_KEYS], '');
  const clusterItems = raw.clusters === undefined ? undefined : list(raw.clusters, 'clusters');
  const clusters = clusterItems === undefined ? DEFAULT_FILE_CONFIG.clusters : clusterItems.map((c, i) => parseCluster(c, `clusters[${i}]`));
  if (clusters.length === 0) throw new ConfigError('at least one cluster is needed', 'clusters');
  const seen = new Set<string>();
  clusters.forEach((c, i) => {
    if (seen.has(c.name)) throw new ConfigError(`duplicate cluster name "${c.name}"`, `clusters[${i}].name`);
    seen.add(c.name);
  });
  const admins = idList(raw.admins, 'admins', SLACK_USER_ID, 'a Slack user id like U0123ABCD');
  const channels = idList(raw.channels, 'channels', CHANNEL_ID, 'a channel id like C0123ABCD');
  return { clusters, users: userMap(raw.users, 'users'), admins, channels, ...parseAccessSettings(raw) };
}

/**
 * Reads and validates the configuration file at `path` (YAML; JSON is YAML too).
 * @throws ConfigError when the file cannot be read, is not valid YAML (with its line), or has a bad field.
 */
export function readFileConfig(path: string): FileConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`cannot read the configuration file (${code})`, path, { cause });
  }
  let raw: Json;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    const line = cause instanceof YAMLParseError && cause.linePos ? ` at line ${cause.linePos[0].line}` : '';
    const what = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new ConfigError(`not valid YAML${line}: ${what}`, path, { cause });
  }
  try {
    return parseFileConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(e.message, path, { cause: e });
    throw e;
  }
}

/**
 * The configured cluster of that name, or the default (the first) when no name is given.
 * @throws ChatopsError UNKNOWN_CLUSTER when no configured cluster has that name.
 */
export function findCluster(config: FileConfig, name: string | undefined): ClusterConfig {
  const cluster = name === undefined ? config.clusters[0] : config.clusters.find((c) => c.name === name);
  if (cluster === undefined) throw new ChatopsError('UNKNOWN_CLUSTER', `There is no cluster named ${name ?? '(default)'}.`);
  return cluster;
}

/** Environment values, trimmed; empty counts as unset. */
type Env = Readonly<Record<string, string | undefined>>;

function envStr(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function envInt(env: Env, name: string, min: number, max: number, fallback: number): number {
  const v = envStr(env, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw new ConfigError(`expected a whole number from ${min} to ${max}, got "${v}"`, name);
  return n;
}

/** `SLACK_APP_TOKEN`, checked for the app-level prefix; a wrong token is named by its prefix only, never echoed. */
function appToken(env: Env): Pick<EnvConfig, 'slackAppToken'> {
  const v = envStr(env, 'SLACK_APP_TOKEN');
  if (v === undefined) return {};
  if (!v.startsWith('xapp-')) {
    throw new ConfigError(
      `expected an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write), got one starting with "${v.slice(0, 5)}"`,
      'SLACK_APP_TOKEN',
    );
  }
  return { slackAppToken: v };
}

/**
 * Typed, trimmed environment values with their defaults.
 * @throws ConfigError naming the variable at fault.
 */
export function readEnv(env: Env): EnvConfig {
  const rawUrl = envStr(env, 'SLACK_API_URL') ?? 'https://slack.com/api/';
  if (!/^https?:\/\/[^\s]+$/.test(rawUrl)) throw new ConfigError(`expected an http(s) URL, got "${rawUrl}"`, 'SLACK_API_URL');
  const level = (envStr(env, 'LOG_LEVEL') ?? 'INFO').toUpperCase();
  if (!['DEBUG', 'INFO', 'WARN', 'ERROR'].includes(level)) throw new ConfigError(`expected DEBUG, INFO, WARN or ERROR, got "${level}"`, 'LOG_LEVEL');
  const optional = (name: string, key: keyof EnvConfig): Partial<EnvConfig> => {
    const v = envStr(env, name);
    return v === undefined ? {} : { [key]: v };
  };
  return {
    ...optional('SLACK_SIGNING_SECRET', 'slackSigningSecret'),
    ...optional('SLACK_BOT_TOKEN', 'slackBotToken'),
    ...appToken(env),
    ...optional('SLACK_SECRET_ARN', 'slackSecretArn'),
    ...optional('CHATOPS_CONFIG', 'configPath'),
    ...optional('WORKER_FUNCTION_NAME', 'workerFunctionName'),
    ...optional('STATE_TABLE_NAME', 'stateTableName'),
    ...optional('SCRIPTS_BUCKET', 'scriptsBucket'),
    ...optional('AWS_REGION', 'awsRegion'),
    // Slack's Web API client joins method names onto this base, so it must end with a slash.
    slackApiUrl: rawUrl.endsWith('/') ? rawUrl : `${rawUrl}/`,
    port: envInt(env, 'PORT', 0, 65535, 3000),
    watchIntervalSeconds: envInt(env, 'WATCH_INTERVAL_SECONDS', 10, 86400, 60),
    stateDir: envStr(env, 'STATE_DIR') ?? '.local-state',
    logLevel: level as LogLevel,
  };
}

/**
 * The whole configuration: environment plus the file `CHATOPS_CONFIG` names (built-in default
 * without one: one `local` cluster, nobody mapped).
 * @throws ConfigError naming the variable or field at fault.
 */
export function loadConfig(env: Env = process.env): Config {
  const envConfig = readEnv(env);
  const file = envConfig.configPath === undefined ? DEFAULT_FILE_CONFIG : readFileConfig(envConfig.configPath);
  return { ...file, env: envConfig };
}

function credentialsFromJson(text: string | undefined, arn: string): SlackCredentials {
  let parsed: Json;
  try {
    parsed = JSON.parse(text ?? '');
  } catch (cause) {
    throw new ConfigError('the secret is not JSON; expected {"SLACK_SIGNING_SECRET": "...", "SLACK_BOT_TOKEN": "xoxb-..."}', arn, { cause });
  }
  if (!isRecord(parsed)) throw new ConfigError('the secret must be a JSON object', arn);
  const signingSecret = typeof parsed.SLACK_SIGNING_SECRET === 'string' ? parsed.SLACK_SIGNING_SECRET.trim() : '';
  if (signingSecret === '') throw new ConfigError('the secret has no SLACK_SIGNING_SECRET', arn);
  const botToken = typeof parsed.SLACK_BOT_TOKEN === 'string' ? parsed.SLACK_BOT_TOKEN.trim() : '';
  return { signingSecret, ...(botToken !== '' && { botToken }) };
}

const secretCache = new Map<string, Promise<SlackCredentials>>();

/**
 * Slack credentials: from Secrets Manager when `SLACK_SECRET_ARN` is set (fetched once per
 * container and cached; a failed fetch is retried on the next call), otherwise from the
 * environment (local mode).
 * @throws ConfigError when neither source has a signing secret, or the secret is malformed;
 *   the SDK's error (with `cause`) when Secrets Manager cannot be reached.
 */
export async function loadSlackCredentials(env: EnvConfig, client?: SecretsManagerClient): Promise<SlackCredentials> {
  const arn = env.slackSecretArn;
  if (arn === undefined) {
    if (env.slackSigningSecret === undefined) {
      throw new ConfigError(
        'not set. Copy it from your Slack app (Basic Information → App Credentials → Signing Secret) and run: ' +
          'SLACK_SIGNING_SECRET=<secret> npm start. To try the bot without Slack, give it and scripts/slack-send.mjs ' +
          'the same value: export SLACK_SIGNING_SECRET=slurm-chatops-local-dev-secret',
        'SLACK_SIGNING_SECRET',
      );
    }
    return { signingSecret: env.slackSigningSecret, ...(env.slackBotToken && { botToken: env.slackBotToken }) };
  }
  let pending = secretCache.get(arn);
  if (!pending) {
    const sm = client ?? new SecretsManagerClient(env.awsRegion ? { region: env.awsRegion } : {});
    pending = sm.send(new GetSecretValueCommand({ SecretId: arn })).then((out) => credentialsFromJson(out.SecretString, arn));
    secretCache.set(arn, pending);
    pending.catch(() => secretCache.delete(arn));
  }
  return pending;
}

/**
 * The local runner's Socket Mode credentials when `SLACK_APP_TOKEN` is set, undefined otherwise (HTTP).
 * Read from the environment only: Secrets Manager holds the Lambda deployment's signing secret.
 * @throws ConfigError when `SLACK_SECRET_ARN` is set too, since its bot token would silently go unused.
 */
export function socketModeCredentials(env: EnvConfig): SocketModeCredentials | undefined {
  if (env.slackAppToken === undefined) return undefined;
  if (env.slackSecretArn !== undefined) {
    throw new ConfigError('not read in Socket Mode (SLACK_APP_TOKEN is set): give SLACK_BOT_TOKEN in the environment instead', 'SLACK_SECRET_ARN');
  }
  return { appToken: env.slackAppToken, ...(env.slackBotToken && { botToken: env.slackBotToken }) };
}
