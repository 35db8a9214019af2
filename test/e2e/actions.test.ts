import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { setAuditSink, type AuditLine } from '../../src/audit';
import { renderJobCard } from '../../src/slack/views/job-card';
import { ACTION_IDS, encodeJobValue } from '../../src/slack/views/ids';
import { WatchStore } from '../../src/store/watches';
import { openStateTable } from '../../src/store/state-table';
import { WORKSPACE } from '../support/slack-ids';
import { describeWithSlurm, sbatchAs, scancelAll, waitForJobState } from '../support/slurm';
import { Harness } from './job-harness';

/**
 * Job actions end to end: signed slash commands and button clicks over HTTP to the local runner,
 * the real Slurm acting as the mapped Unix users, answers through the Slack fake.
 */

const CONFIG = `clusters:
  - name: local
    executor: local
users:
  U0ALICE: alice
  U0BOB: bob
  U0ADMIN: carol
admins: [U0ADMIN]
`;

const SLEEPER = '#!/bin/bash\nsleep 600\n';

function stateOf(id: string): string {
  return spawnSync('squeue', ['--noheader', '--states=all', '--jobs', id, '--format=%T %r'], { encoding: 'utf8' }).stdout.trim();
}

/** A Cancel button with Slack's confirmation dialog, in a message's blocks. */
function cancelButton(blocks: unknown[] | undefined): { confirm?: { title: { text: string }; confirm: { text: string } } } | undefined {
  for (const block of blocks ?? []) {
    const elements = (block as { elements?: { action_id?: string }[] }).elements ?? [];
    const found = elements.find((e) => e.action_id === ACTION_IDS.jobCancel);
    if (found) return found as never;
  }
  return undefined;
}

describeWithSlurm('job actions against the real Slurm', () => {
  let h: Harness;
  const jobs: string[] = [];
  let privateDir = '';

  const submit = (user: string, script = SLEEPER, args: string[] = []): string => {
    const id = sbatchAs(user, script, args);
    jobs.push(id);
    return id;
  };

  const audits: AuditLine[] = [];

  beforeAll(async () => {
    setAuditSink(async (line) => {
      audits.push(line);
    });
    h = await Harness.start({ configYaml: CONFIG });
  });

  afterAll(async () => {
    setAuditSink(undefined);
    scancelAll(jobs);
    for (const id of jobs) rmSync(`/tmp/slurm-${id}.out`, { force: true });
    await h?.close();
    if (privateDir) rmSync(privateDir, { recursive: true, force: true });
  });

  it('cancel own job: Slurm cancels it, the answer shows the new state', async () => {
    const id = submit('alice', SLEEPER, ['--job-name=mine']);
    await waitForJobState(id, ['RUNNING']);
    const { ackText, responseUrl } = await h.slash(`cancel ${id}`);
    expect(ackText).toMatch(new RegExp(`Running \`scancel ${id}\` on \\*local\\*`));
    const { body, text } = await h.reply(responseUrl);
    expect(body.replace_original).toBe(true);
    expect(text).toMatch(new RegExp(`Cancel requested for job \\*${id}\\* on \\*local\\* by <@U0ALICE>\\.`));
    expect(await waitForJobState(id, ['CANCELLED'])).toBe('CANCELLED');
    expect(audits.filter((a) => a.jobId === id)).toEqual([
      expect.objectContaining({ user: 'U0ALICE', unixUser: 'alice', action: 'cancel', result: 'success', cluster: 'local', channel: WORKSPACE.channelId }),
    ]);
  });

  it("bob cancelling alice's job: refused in plain words, the job keeps running", async () => {
    const id = submit('alice', SLEEPER, ['--job-name=not-bobs']);
    await waitForJobState(id, ['RUNNING']);
    const { text } = await h.reply((await h.slash(`cancel ${id}`, 'U0BOB')).responseUrl);
    expect(text).toMatch(new RegExp(`Slurm refused to cancel job \\*${id}\\*: it belongs to \`alice\`, and you act on the cluster as \`bob\``));
    expect(text).toMatch(/Only the job's owner or a bot admin can cancel it/);
    expect(text).toMatch(/Access\/permission denied/);
    expect(text).toMatch(/Running/);
    expect(audits.filter((a) => a.jobId === id)).toEqual([expect.objectContaining({ user: 'U0BOB', unixUser: 'bob', result: 'refused' })]);
    expect(cancelButton((await h.reply((await h.slash(`job ${id}`, 'U0BOB')).responseUrl)).body.blocks)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stateOf(id)).toMatch(/^RUNNING/);
  });

  it('the Cancel button asks for confirmation, and a confirmed click cancels and replaces the details', async () => {
    const id = submit('alice', SLEEPER, ['--job-name=click-me']);
    await waitForJobState(id, ['RUNNING']);
    const details = await h.reply((await h.slash(`job ${id}`)).responseUrl);
    const button = cancelButton(details.body.blocks);
    expect(button?.confirm?.title.text).toBe(`Cancel job ${id}?`);
    expect(button?.confirm?.confirm.text).toBe('Cancel job');
    const clicked = await h.click({ actionId: ACTION_IDS.jobCancel, value: encodeJobValue({ cluster: 'local', jobId: id }), userId: 'U0ALICE', isEphemeral: true });
    const { body, text } = await h.reply(clicked);
    expect(body.replace_original).toBe(true);
    expect(text).toMatch(new RegExp(`Cancel requested for job \\*${id}\\*`));
    expect(text).toMatch(new RegExp(`Job ${id} on local`));
    await waitForJobState(id, ['CANCELLED']);
  });

  it('an admin cancels anyone\'s job as root from its card: the card is updated in place and names the admin', async () => {
    const id = submit('alice', SLEEPER, ['--job-name=carded']);
    await waitForJobState(id, ['RUNNING']);
    const card = renderJobCard({ cluster: 'local', job: { id, name: 'carded', partition: 'compute', state: 'RUNNING' }, submittedBy: 'U0ALICE', unixUser: 'alice' });
    const { ts } = await h.chat().postMessage({ channel: WORKSPACE.channelId, ...card });
    const clicked = await h.click({
      actionId: ACTION_IDS.jobCancel, value: encodeJobValue({ cluster: 'local', jobId: id }), userId: 'U0ADMIN', messageTs: ts, messageBlocks: card.blocks,
    });
    const answer = await h.reply(clicked);
    expect(answer.body.replace_original).toBe(false);
    expect(answer.text).toMatch(/by <@U0ADMIN> \(bot admin, with root rights on the cluster\)/);
    await waitForJobState(id, ['CANCELLED']);
    const updated = await h.slack.waitFor('chat.update', (c) => (c.args as { ts?: string }).ts === ts);
    expect(updated.response.ok).toBe(true);
    const stored = h.slack.message(WORKSPACE.channelId, ts);
    const cardText = JSON.stringify(stored);
    expect(cardText).toMatch(/submitted by <@U0ALICE>/);
    expect(cardText).toMatch(/Cancel requested by <@U0ADMIN> \(bot admin\)/);
    expect(cardText).not.toMatch(/job_cancel/);
    expect(audits.filter((a) => a.jobId === id)).toEqual([
      expect.objectContaining({ user: 'U0ADMIN', unixUser: 'root', action: 'cancel', result: 'success', detail: 'bot admin' }),
    ]);
  });

  it('hold and release a pending job', async () => {
    const id = submit('alice', SLEEPER, ['--job-name=later', '--begin=now+1hour']);
    await waitForJobState(id, ['PENDING']);
    const held = await h.reply((await h.slash(`hold ${id}`)).responseUrl);
    expect(held.text).toMatch(new RegExp(`Held job \\*${id}\\*`));
    expect(stateOf(id)).toMatch(/JobHeldUser/);
    const released = await h.reply((await h.slash(`release ${id}`)).responseUrl);
    expect(released.text).toMatch(new RegExp(`Released job \\*${id}\\*`));
    expect(stateOf(id)).not.toMatch(/JobHeld/);
    const requeue = await h.reply((await h.slash(`requeue ${id}`)).responseUrl);
    expect(requeue.text).toMatch(/Slurm refused to requeue job .*has not started yet/);
  });

  it('output of a job with 10,000 lines: the tail, within Slack\'s limits', async () => {
    const id = submit('alice', '#!/bin/bash\nfor i in $(seq 1 10000); do echo "line $i of the job output"; done\nsleep 600\n', ['--job-name=chatty']);
    await waitForJobState(id, ['RUNNING']);
    await waitForFileLines(`/tmp/slurm-${id}.out`, 10_000);
    const { responseUrl } = await h.slash(`output ${id}`);
    const { status, text, body } = await h.reply(responseUrl);
    expect(status).toBe(200);
    expect(body.replace_original).toBe(true);
    expect(text).toMatch(/line 10000 of the job output```/);
    expect(text).not.toMatch(/line 1 of the job output/);
    expect(text).toMatch(/last lines only \(asked for 50 lines\)/);
    expect(text).toMatch(/Read as `alice`/);
  });

  it("output is read with the caller's permissions: bob cannot read alice's private file", async () => {
    privateDir = mkdtempSync('/home/alice/chatops-private-');
    chownSync(privateDir, uid('alice'), uid('alice'));
    chmodSync(privateDir, 0o700);
    const id = submit('alice', '#!/bin/bash\necho secret\nsleep 600\n', [`--output=${privateDir}/out-%j.txt`]);
    await waitForJobState(id, ['RUNNING']);
    const mine = await h.reply((await h.slash(`output ${id}`)).responseUrl);
    expect(mine.text).toMatch(/secret/);
    const bobs = await h.reply((await h.slash(`output ${id}`, 'U0BOB')).responseUrl);
    expect(bobs.text).toMatch(/`bob` may not read this file/);
    expect(bobs.text).not.toMatch(/secret/);
  });

  it('watch and unwatch: only who asked (or an admin) can stop a watch', async () => {
    const id = submit('alice');
    await waitForJobState(id, ['RUNNING']);
    expect((await h.reply((await h.slash(`watch ${id}`)).responseUrl)).text).toMatch(new RegExp(`Watching job \\*${id}\\* on \\*local\\*`));
    const watches = new WatchStore(openStateTable(h.config.env));
    expect(await watches.get('local', id)).toMatchObject({ slackUserId: 'U0ALICE', unixUser: 'alice', channel: WORKSPACE.channelId });
    expect((await h.reply((await h.slash(`watch ${id}`, 'U0BOB')).responseUrl)).text).toMatch(/<@U0ALICE> already watches/);
    expect((await h.reply((await h.slash(`unwatch ${id}`, 'U0BOB')).responseUrl)).text).toMatch(/only they or a bot admin can stop it/);
    expect((await h.reply((await h.slash(`unwatch ${id}`)).responseUrl)).text).toMatch(/Stopped watching/);
    expect(await watches.get('local', id)).toBeUndefined();
  });

  it('an unknown job: the friendly not-found answer', async () => {
    const { text } = await h.reply((await h.slash('cancel 4000000000')).responseUrl);
    expect(text).toMatch(/Slurm does not know job \*4000000000\* on \*local\*/);
  });
});

function uid(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

async function waitForFileLines(file: string, lines: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const count = Number(spawnSync('bash', ['-c', `wc -l < '${file}' 2>/dev/null || echo 0`], { encoding: 'utf8' }).stdout.trim());
    if (count >= lines) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${file} did not reach ${lines} lines`);
}
