import { execFileSync } from 'node:child_process';
import { installLinkCommand } from '../support/link-command';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalExecutor } from '../../src/exec/local-executor';
import { ACTION_IDS, encodeJobValue } from '../../src/slack/views/ids';
import { startAppUnderTest, type AppUnderTest } from '../support/app-under-test';
import { describeWithSlurm, sbatchAs, scancelAll } from '../support/slurm';
import { buttonValue } from './visible';

let BIN = '';

/**
 * Who may do what, end to end: signed requests over HTTP to the local runner, the real Slurm, the
 * shipped slurm-chatops-link script run by a real Unix user, and the Slack fake's users.info.
 * alice is mapped in the configuration, bob by his profile e-mail (and is a viewer), carol links
 * herself, mallory is nobody.
 */
describeWithSlurm('access control against the real Slurm', () => {
  let app: AppUnderTest;
  let root: string;
  let spool: string;
  let aliceJob: string;
  let bobJob: string;
  const audit: Record<string, unknown>[] = [];
  let stdout: jest.SpyInstance;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'chatops-access-'));
    chmodSync(root, 0o755);
    BIN = installLinkCommand(root);
    spool = path.join(root, 'spool');
    mkdirSync(spool);
    chmodSync(spool, 0o1733);
    app = await startAppUnderTest({
      executor: new LocalExecutor(),
      config: [
        'clusters:',
        '  - name: local',
        '    executor: local',
        `    linkDir: ${spool}`,
        '  - name: ops',
        '    executor: local',
        '    access: { channels: [C0OPS] }',
        'users:',
        '  U0ALICE: alice',
        'roles:',
        '  U0BOB: viewer',
        'emailDomain: example.org',
      ].join('\n'),
    });
    app.slack.registerUser({ id: 'U0BOB', name: 'bob', email: 'bob@example.org' });
    app.slack.registerUser({ id: 'U0CAROL', name: 'carol', email: 'carol@elsewhere.example' });
    aliceJob = sbatchAs('alice', '#!/bin/bash\nsleep 300\n', ['--job-name=access-alice', '--hold']);
    bobJob = sbatchAs('bob', '#!/bin/bash\nsleep 300\n', ['--job-name=access-bob', '--hold']);
    // Audit records are JSON lines on stdout (Powertools Logger).
    const write = process.stdout.write.bind(process.stdout);
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      for (const line of text.split('\n')) {
        if (line.includes('"audit"')) audit.push(JSON.parse(line) as Record<string, unknown>);
      }
      return write(chunk, ...(rest as []));
    });
  });

  afterAll(async () => {
    stdout?.mockRestore();
    scancelAll([aliceJob, bobJob].filter(Boolean));
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('tells someone nobody mapped why, and how to get access, without running anything', async () => {
    const before = app.runs.length;
    for (const text of ['jobs', `job ${aliceJob}`, `cancel ${aliceJob}`, 'submit', 'nodes']) {
      const { ackText } = await app.slash(text, { userId: 'U0MALLORY' });
      expect(ackText).toMatch(/not mapped to a Unix user yet/);
      expect(ackText).toMatch(/`\/slurm link YOUR_UNIX_USER`/);
      expect(ackText).toMatch(/`@example\.org` address/);
      expect(ackText).toMatch(/U0MALLORY: &lt;your Unix user name&gt;/);
    }
    await app.drain();
    expect(app.runs.length).toBe(before);
  });

  it('whoami says who each user is on each cluster, and where that comes from', async () => {
    expect((await app.slash('whoami', { userId: 'U0ALICE' })).ackText).toMatch(/`local`\*: Unix user `alice`, mapped in the bot's configuration; user:/);
    const bob = (await app.slash('whoami', { userId: 'U0BOB' })).ackText;
    expect(bob).toMatch(/`local`\*: Unix user `bob`, from your Slack profile e-mail; viewer:/);
    expect(bob).toMatch(/`ops`\*: Unix user `bob`.*_\(not in this channel\)_/);
    expect((await app.slash('whoami', { userId: 'U0CAROL' })).ackText).toMatch(/`local`\*: not linked/);
  });

  it('links carol once she proves it on the cluster with the shipped command, then runs as her', async () => {
    const { ackText, ack } = await app.slash('link carol', { userId: 'U0CAROL' });
    const code = /slurm-chatops-link ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(ackText)?.[1];
    expect(code).toBeDefined();
    const verify = buttonValue(ack.blocks as unknown[], ACTION_IDS.linkVerify);
    expect(verify).toBeDefined();

    // Someone else's click on carol's button runs nothing.
    const runsBefore = app.runs.length;
    const forged = await app.click({ actionId: ACTION_IDS.linkVerify, value: verify!, userId: 'U0MALLORY', isEphemeral: true });
    expect((await app.reply(forged.responseUrl)).text).toMatch(/given to someone else/);
    expect(app.runs.length).toBe(runsBefore);

    // Verify before running the command: not yet, and the button is offered again.
    const early = await app.click({ actionId: ACTION_IDS.linkVerify, value: verify!, userId: 'U0CAROL', isEphemeral: true });
    const notYet = await app.reply(early.responseUrl);
    expect(notYet.text).toMatch(new RegExp(`no proof for code \`${code}\``));
    expect(buttonValue(notYet.body.blocks as unknown[], ACTION_IDS.linkVerify)).toBe(verify);
    expect(app.runs.at(-1)).toEqual({ argv: ['stat', '-c', '%n|%u|%U|%a|%h|%F', '--', spool, `${spool}/${code}`], timeoutMs: 60000 });

    execFileSync('runuser', ['-u', 'carol', '--', 'env', `SLURM_CHATOPS_LINK_DIR=${spool}`, BIN, code!], { stdio: 'pipe' });
    const click = await app.click({ actionId: ACTION_IDS.linkVerify, value: verify!, userId: 'U0CAROL', isEphemeral: true });
    const linked = await app.reply(click.responseUrl);
    expect(linked.body.replace_original).toBe(true);
    expect(linked.text).toMatch(/Linked: on `local` your commands now run as Unix user `carol`/);
    expect(audit).toContainEqual(expect.objectContaining({
      message: 'audit',
      audit: expect.objectContaining({ action: 'link', result: 'success', user: 'U0CAROL', team: 'T0CHATOPS', channel: 'C0GENERAL', cluster: 'local', unixUser: 'carol' }),
    }));

    expect((await app.slash('whoami', { userId: 'U0CAROL' })).ackText).toMatch(/`local`\*: Unix user `carol`, linked by you with \/slurm link/);
    const jobs = await app.slash('jobs', { userId: 'U0CAROL' });
    await app.reply(jobs.responseUrl);
    expect(app.runs.at(-1)).toMatchObject({ runAs: 'carol' });

    // The code is used up.
    const again = await app.click({ actionId: ACTION_IDS.linkVerify, value: verify!, userId: 'U0CAROL', isEphemeral: true });
    expect((await app.reply(again.responseUrl)).text).toMatch(/expired or was already used/);

    expect((await app.slash('unlink', { userId: 'U0CAROL' })).ackText).toMatch(/Unlinked on `local`/);
    expect(audit).toContainEqual(expect.objectContaining({ audit: expect.objectContaining({ action: 'unlink', result: 'success', user: 'U0CAROL' }) }));
    const after = app.runs.length;
    expect((await app.slash('jobs', { userId: 'U0CAROL' })).ackText).toMatch(/not mapped to a Unix user yet/);
    await app.drain();
    expect(app.runs.length).toBe(after);
  });

  it('lets a viewer read their own jobs and nothing more, refusing the rest before the cluster', async () => {
    const own = await app.slash('jobs', { userId: 'U0BOB' });
    expect((await app.reply(own.responseUrl)).text).toContain(`*${bobJob}*`);
    expect(app.runs.at(-1)).toMatchObject({ runAs: 'bob' });
    const before = app.runs.length;
    expect((await app.slash('jobs --all', { userId: 'U0BOB' })).ackText).toMatch(/role on `local` is \*viewer\*, which does not let you look at other users' jobs/);
    expect((await app.slash(`cancel ${bobJob}`, { userId: 'U0BOB' })).ackText).toMatch(/does not let you change jobs/);
    expect((await app.slash('submit', { userId: 'U0BOB' })).ackText).toMatch(/does not let you submit jobs/);
    const click = await app.click({ actionId: ACTION_IDS.jobCancel, value: encodeJobValue({ cluster: 'local', jobId: aliceJob }), userId: 'U0BOB', isEphemeral: true });
    expect((await app.reply(click.responseUrl)).text).toMatch(/does not let you change jobs/);
    await app.drain();
    expect(app.runs.length).toBe(before);
    // Another user's job details: only the worker learns the owner, and refuses.
    const other = await app.slash(`job ${aliceJob}`, { userId: 'U0BOB' });
    expect((await app.reply(other.responseUrl)).text).toMatch(/viewer/);
  });

  it('keeps a cluster to its own channels, and refuses forged buttons before the cluster', async () => {
    const before = app.runs.length;
    expect((await app.slash('-c ops jobs', { userId: 'U0ALICE' })).ackText).toMatch(/I don't answer for `ops` in this channel.*<#C0OPS>/);
    const forged = [
      encodeJobValue({ cluster: 'ops', jobId: aliceJob }),
      encodeJobValue({ cluster: 'nowhere', jobId: aliceJob }),
      JSON.stringify({ v: 1, c: 'local', j: `${aliceJob};scancel -u root` }),
      JSON.stringify({ v: 1, c: 'local;id', j: aliceJob }),
    ];
    for (const value of forged) {
      const click = await app.click({ actionId: ACTION_IDS.jobCancel, value, userId: 'U0ALICE', isEphemeral: true });
      expect((await app.reply(click.responseUrl)).text).toMatch(/don't answer for `ops`|no cluster named|out of date or malformed/);
    }
    await app.drain();
    expect(app.runs.length).toBe(before);
    expect(execFileSync('squeue', ['--noheader', '--jobs', aliceJob, '--format=%T'], { encoding: 'utf8' }).trim()).toBe('PENDING');
  });
});
