/** scripts/slack-manifest.mjs, run as users run it: stack outputs in, a manifest to paste into Slack out. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '../../..');
const URL = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/slack/events';

interface Manifest {
  features: { slash_commands: { command: string; url?: string; usage_hint?: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    interactivity: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

function run(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/slack-manifest.mjs'), ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function manifestFrom(args: string[], input = ''): Manifest {
  const result = run(args, input);
  expect(result).toMatchObject({ status: 0, stderr: '' });
  return parse(result.stdout) as Manifest;
}

// What `serverless info --verbose` prints after a deploy, colours included.
const INFO_TEXT = [
  'service: slurm-chatops',
  'stage: dev',
  'region: eu-west-1',
  'stack: slurm-chatops-dev',
  `endpoint: POST - ${URL}`,
  'functions:',
  '  slack: slurm-chatops-dev-slack',
  '\u001b[90m',
  'Stack Outputs:\u001b[39m',
  '  StateTableName: slurm-chatops-dev-StateTable-1A2B3C',
  `  SlackRequestUrl: ${URL}`,
  '  ScriptsBucketName: slurm-chatops-dev-scriptsbucket-1a2b3c',
  '',
].join('\n');

const DESCRIBE_STACKS = JSON.stringify({
  Stacks: [{ StackName: 'slurm-chatops-dev', Outputs: [{ OutputKey: 'SlackRequestUrl', OutputValue: URL }] }],
});

describe('slack/manifest.yml', () => {
  test('asks for the minimum: a /slurm command, interactivity, three bot scopes, no socket mode', () => {
    const template = parse(readFileSync(join(ROOT, 'slack/manifest.yml'), 'utf8')) as Manifest;
    expect(template.features.slash_commands.map((c) => c.command)).toEqual(['/slurm']);
    expect(template.features.slash_commands[0]?.usage_hint).toBeTruthy();
    expect(template.oauth_config.scopes.bot).toEqual(['commands', 'chat:write', 'files:read']);
    expect(template.settings).toMatchObject({
      interactivity: { is_enabled: true },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    });
  });
});

describe('scripts/slack-manifest.mjs', () => {
  test.each([
    ['the text of serverless info --verbose', INFO_TEXT],
    ['aws cloudformation describe-stacks JSON', DESCRIBE_STACKS],
    ['an Outputs array', JSON.stringify([{ OutputKey: 'SlackRequestUrl', OutputValue: URL }])],
    ['serverless info without --verbose', INFO_TEXT.replace(/ {2}SlackRequestUrl.*\n/, '')],
  ])('fills both request URLs from %s', (_what, input) => {
    const manifest = manifestFrom([], input);
    expect(manifest.features.slash_commands[0]?.url).toBe(URL);
    expect(manifest.settings.interactivity.request_url).toBe(URL);
    expect(manifest.oauth_config.scopes.bot).toEqual(['commands', 'chat:write', 'files:read']);
  });

  test('reads a URL given directly, and adds the e-mail scopes only when asked', () => {
    const manifest = manifestFrom(['--url', URL, '--email-mapping']);
    expect(manifest.features.slash_commands[0]?.url).toBe(URL);
    expect(manifest.oauth_config.scopes.bot).toEqual(['commands', 'chat:write', 'files:read', 'users:read', 'users:read.email']);
  });

  test('writes a Socket Mode manifest without any request URL', () => {
    const manifest = manifestFrom(['--socket-mode']);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.slash_commands[0]).not.toHaveProperty('url');
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true });
  });

  test('keeps the comments that explain each scope', () => {
    const text = run(['--url', URL]).stdout;
    expect(text).toContain('files:read  the job script a user uploads in the submit modal');
    expect(text).not.toContain('REPLACE-ME');
  });

  test.each([
    ['no URL in the input', [], 'nothing to see here', /no SlackRequestUrl found/],
    ['a plain http URL', ['--url', 'http://example.com/slack/events'], '', /expected https:\/\/<host>\/slack\/events/],
    ['another path', ['--url', 'https://example.com/events'], '', /expected https:\/\/<host>\/slack\/events/],
    ['a missing outputs file', ['--outputs', '/nonexistent/stack.json'], '', /ENOENT/],
    ['an unknown option', ['--stage', 'prod'], '', /Unknown option '--stage'/],
  ])('refuses %s with one line and status 2', (_what, args, input, message) => {
    const result = run(args, input);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
