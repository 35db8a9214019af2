import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { SlashCommand } from '@slack/bolt';
import { SlackFake } from '../../support/slack-fake';
import { TEST_SIGNING_SECRET } from '../../support/slack-ids';
import { startBoltApp, type RunningBoltApp } from './bolt-app';

const CLI = join(__dirname, '../../../scripts/slack-send.mjs');

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[], secret = TEST_SIGNING_SECRET): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, SLACK_SIGNING_SECRET: secret }, timeout: 20000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('scripts/slack-send.mjs against a real Bolt app', () => {
  let slack: SlackFake;
  let bolt: RunningBoltApp;
  const commands: SlashCommand[] = [];

  beforeAll(async () => {
    slack = await SlackFake.start();
    bolt = await startBoltApp(slack.apiUrl, (app) => {
      app.command('/slurm', async ({ command, ack, respond }) => {
        commands.push(command);
        if (command.text === 'help') {
          await ack({ response_type: 'ephemeral', text: 'Try `/slurm jobs` or <https://slurm.schedmd.com|the Slurm docs>.' });
          return;
        }
        await ack();
        await respond({ response_type: 'ephemeral', text: 'Looking up jobs…' });
        await new Promise((r) => setTimeout(r, 200));
        await respond({
          replace_original: true,
          text: '1 job',
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: 'Jobs on local' } },
            { type: 'section', fields: [{ type: 'mrkdwn', text: '*Job* 42' }, { type: 'mrkdwn', text: '*State* RUNNING' }] },
            { type: 'context', elements: [{ type: 'mrkdwn', text: 'partition debug &amp; user <@U0ALICE>' }] },
            {
              type: 'actions',
              elements: [
                { type: 'button', action_id: 'job_cancel', text: { type: 'plain_text', text: 'Cancel' }, value: '42' },
                { type: 'button', action_id: 'job_output', text: { type: 'plain_text', text: 'Output' }, value: '42' },
              ],
            },
          ],
        });
      });
    });
  });

  afterAll(async () => {
    await bolt.stop();
    await slack.close();
  });

  it('sends the command as the given user and prints every reply as terminal text', async () => {
    const run = await runCli(['/slurm jobs --all', '--user', 'U0BOB', '--url', bolt.url, '--settle', '1']);

    expect(run.code).toBe(0);
    expect(commands.at(-1)).toMatchObject({ command: '/slurm', text: 'jobs --all', user_id: 'U0BOB' });
    expect(run.stdout).toContain('── ack ──\n(acknowledged)');
    expect(run.stdout).toContain('── reply 1 (ephemeral) ──\nLooking up jobs…');
    expect(run.stdout).toContain(
      [
        '── reply 2 (ephemeral, replaces the original) ──',
        'Jobs on local',
        '=============',
        '  *Job* 42   *State* RUNNING',
        '  partition debug & user @U0ALICE',
        '[Cancel] [Output]',
      ].join('\n'),
    );
  });

  it('prints an ack that carries the answer, and stops once the bot is quiet', async () => {
    const run = await runCli(['/slurm', 'help', '--url', bolt.url, '--settle', '0.3']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Try `/slurm jobs` or the Slurm docs (https://slurm.schedmd.com).');
  });

  it('says so when the bot refuses the signature', async () => {
    const run = await runCli(['/slurm jobs', '--url', bolt.url], 'not-the-bots-secret');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the bot answered HTTP 401 (signature refused: the bot must use the same secret as this script, which signed with SLACK_SIGNING_SECRET)');
  });
});
