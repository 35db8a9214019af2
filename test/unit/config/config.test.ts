import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadConfig, loadSlackCredentials, parseFileConfig, readEnv } from '../../../src/config';
import { ConfigError } from '../../../src/errors';

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

function writeTemp(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'chatops-config-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('configuration file', () => {
  it('defaults to one local cluster and nobody mapped', () => {
    const config = loadConfig({});
    expect(config.clusters).toEqual([
      { name: 'local', executor: 'local', runAs: 'runuser', minJobAgeSeconds: 300, accounting: false, timeoutSeconds: 60, timeZone: expect.any(String) },
    ]);
    expect(config.users).toEqual({});
    expect(config.env.port).toBe(3000);
  });

  it('reads a YAML file with every field', () => {
    const file = writeTemp(
      'chatops.yml',
      [
        'clusters:',
        '  - name: prod',
        '    executor: ssm',
        '    description: Production cluster',
        '    ssm: { clusterName: slurm-prod, region: eu-west-1 }',
        '    minJobAgeSeconds: 600',
        '    accounting: true',
        '  - name: local',
        '    executor: local',
        '    runAs: sudo',
        '    timeoutSeconds: 30',
        'users:',
        '  U0ALICE: alice',
        '  " U0BOB ": " bob "',
        'admins: [U0ALICE]',
        'channels: [C0OPS]',
      ].join('\n'),
    );
    const config = loadConfig({ CHATOPS_CONFIG: ` ${file} ` });
    expect(config.clusters.map((c) => c.name)).toEqual(['prod', 'local']);
    expect(config.clusters[0]).toEqual({
      name: 'prod', executor: 'ssm', description: 'Production cluster', runAs: 'runuser',
      ssm: { clusterName: 'slurm-prod', region: 'eu-west-1' }, minJobAgeSeconds: 600, accounting: true, timeoutSeconds: 60, timeZone: 'UTC',
      slurmBinDir: '/opt/slurm/bin',
    });
    expect(config.clusters[1]?.slurmBinDir).toBeUndefined();
    expect(config.clusters[1]).toMatchObject({ runAs: 'sudo', timeoutSeconds: 30 });
    expect(config.users).toEqual({ U0ALICE: 'alice', U0BOB: 'bob' });
    expect(config.admins).toEqual(['U0ALICE']);
    expect(config.channels).toEqual(['C0OPS']);
  });

  it('accepts the documented example file', () => {
    const config = loadConfig({ CHATOPS_CONFIG: path.resolve(__dirname, '../../../chatops.config.example.yml') });
    expect(config.clusters.map((c) => c.name)).toEqual(['local']);
    expect(config.users).toEqual({ U0123ALICE: 'alice' });
  });

  it('reads JSON too', () => {
    const file = writeTemp('c.json', JSON.stringify({ clusters: [{ name: 'a', executor: 'local' }], users: { U0A: 'a' } }));
    expect(loadConfig({ CHATOPS_CONFIG: file }).users).toEqual({ U0A: 'a' });
  });

  it('names the field at fault', () => {
    expect(configError(() => parseFileConfig({ clusters: [{ name: 'a', executor: 'ssh' }] }))).toBe(
      'clusters[0].executor: expected one of local, ssm, got string "ssh"',
    );
    expect(configError(() => parseFileConfig({ clusters: [{ name: 'a', executor: 'ssm' }] }))).toMatch(/^clusters\[0\]\.ssm: required/);
    expect(configError(() => parseFileConfig({ clusters: [{ name: 'a', executor: 'ssm', ssm: { instanceId: 'i-0123456789abcdef0', clusterName: 'x' } }] })))
      .toMatch(/^clusters\[0\]\.ssm: give exactly one of instanceId or clusterName/);
    expect(configError(() => parseFileConfig({ clusters: [{ name: 'a', executor: 'local' }, { name: 'a', executor: 'local' }] })))
      .toMatch(/^clusters\[1\]\.name: duplicate/);
    expect(configError(() => parseFileConfig({ clusters: [] }))).toMatch(/^clusters: at least one/);
    expect(configError(() => parseFileConfig({ clusters: [{ name: 'a', executor: 'local', timeoutSecond: 5 }] })))
      .toMatch(/^clusters\[0\]\.timeoutSecond: unknown field/);
    expect(configError(() => parseFileConfig({ clusters: [{ name: 'a', executor: 'local', timeoutSeconds: '60' }] })))
      .toMatch(/^clusters\[0\]\.timeoutSeconds: expected a whole number/);
    expect(configError(() => parseFileConfig({ users: { alice: 'alice' } }))).toMatch(/^users\.alice: expected a Slack user id/);
    expect(configError(() => parseFileConfig({ users: { U0A: 'Alice Smith' } }))).toMatch(/^users\.U0A: expected a Unix user name/);
    expect(configError(() => parseFileConfig({ admins: 'U0A' }))).toMatch(/^admins: expected a list/);
    expect(configError(() => parseFileConfig({ channels: ['#general'] }))).toMatch(/^channels\[0\]: expected a channel id/);
    expect(configError(() => parseFileConfig({ user: {} }))).toMatch(/^user: unknown field/);
    expect(configError(() => parseFileConfig(['x']))).toMatch(/expected a mapping/);
  });

  it('reports a file it cannot read or parse, with the path and the line', () => {
    expect(configError(() => loadConfig({ CHATOPS_CONFIG: '/nonexistent/chatops.yml' }))).toBe(
      '/nonexistent/chatops.yml: cannot read the configuration file (ENOENT)',
    );
    const bad = writeTemp('bad.yml', 'clusters:\n  - name: a\n   executor: local\n');
    expect(configError(() => loadConfig({ CHATOPS_CONFIG: bad }))).toMatch(/bad\.yml: not valid YAML at line \d/);
    const wrong = writeTemp('wrong.yml', 'clusters:\n  - name: a\n    executor: lcoal\n');
    expect(configError(() => loadConfig({ CHATOPS_CONFIG: wrong }))).toMatch(/wrong\.yml: clusters\[0\]\.executor: expected one of local, ssm/);
  });
});

describe('environment', () => {
  it('trims values, treats empty as unset and applies defaults', () => {
    const env = readEnv({ PORT: ' 4000 ', SLACK_API_URL: ' http://127.0.0.1:9/api ', SLACK_BOT_TOKEN: '  ', LOG_LEVEL: 'debug' });
    expect(env.port).toBe(4000);
    expect(env.slackApiUrl).toBe('http://127.0.0.1:9/api/');
    expect(env.slackBotToken).toBeUndefined();
    expect(env.logLevel).toBe('DEBUG');
    expect(readEnv({}).slackApiUrl).toBe('https://slack.com/api/');
  });

  it('names the variable at fault', () => {
    expect(configError(() => readEnv({ PORT: 'eighty' }))).toMatch(/^PORT: expected a whole number/);
    expect(configError(() => readEnv({ WATCH_INTERVAL_SECONDS: '1' }))).toMatch(/^WATCH_INTERVAL_SECONDS:/);
    expect(configError(() => readEnv({ SLACK_API_URL: 'slack.com' }))).toMatch(/^SLACK_API_URL:/);
    expect(configError(() => readEnv({ LOG_LEVEL: 'loud' }))).toMatch(/^LOG_LEVEL:/);
  });
});

describe('Slack credentials', () => {
  it('come from the environment in local mode, and say how to set a missing signing secret', async () => {
    await expect(loadSlackCredentials(readEnv({ SLACK_SIGNING_SECRET: 's3cret', SLACK_BOT_TOKEN: 'xoxb-1' }))).resolves.toEqual({
      signingSecret: 's3cret', botToken: 'xoxb-1',
    });
    await expect(loadSlackCredentials(readEnv({}))).rejects.toThrow(/SLACK_SIGNING_SECRET: not set.*SLACK_SIGNING_SECRET=<secret> npm start/);
  });

  describe('from Secrets Manager', () => {
    let server: Server;
    let calls: { target: string | undefined; body: unknown }[];
    let secretString: string;
    let client: SecretsManagerClient;

    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          calls.push({ target: req.headers['x-amz-target'] as string | undefined, body: JSON.parse(body) });
          res.setHeader('content-type', 'application/x-amz-json-1.1');
          res.end(JSON.stringify({ ARN: 'arn', Name: 'n', SecretString: secretString }));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      client = new SecretsManagerClient({
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => {
      calls = [];
    });

    it('reads the secret once and caches it for the container', async () => {
      secretString = JSON.stringify({ SLACK_SIGNING_SECRET: 'from-sm', SLACK_BOT_TOKEN: 'xoxb-sm' });
      const env = readEnv({ SLACK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:once', SLACK_SIGNING_SECRET: 'ignored' });
      const first = await loadSlackCredentials(env, client);
      const second = await loadSlackCredentials(env, client);
      expect(first).toEqual({ signingSecret: 'from-sm', botToken: 'xoxb-sm' });
      expect(second).toBe(first);
      expect(calls).toEqual([{ target: 'secretsmanager.GetSecretValue', body: { SecretId: 'arn:aws:secretsmanager:eu-west-1:1:secret:once' } }]);
    });

    it('says what a malformed secret lacks, and asks again next time', async () => {
      const env = readEnv({ SLACK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:bad' });
      secretString = JSON.stringify({ SLACK_BOT_TOKEN: 'xoxb' });
      await expect(loadSlackCredentials(env, client)).rejects.toThrow(/has no SLACK_SIGNING_SECRET/);
      secretString = 'not json';
      await expect(loadSlackCredentials(env, client)).rejects.toThrow(/not JSON/);
      expect(calls).toHaveLength(2);
    });
  });
});
