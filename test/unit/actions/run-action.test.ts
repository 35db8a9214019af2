import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runActionCommand, type ActionRun, type ActionTask } from '../../../src/actions/run-action';
import { parseFileConfig, readEnv, type Config } from '../../../src/config';
import type { ExecRequest, ExecResult, Executor } from '../../../src/exec/executor';
import type { ChatApi, PostMessage, UpdateMessage } from '../../../src/slack/chat';
import { FileTable } from '../../../src/store/file-table';
import { WatchStore } from '../../../src/store/watches';
import { SILENT_LOG } from '../../../src/tasks/log';
import { visibleText } from '../../support/visible-text';
import { fixture } from '../slurm/fixtures';

/** A head node that answers squeue with recorded output and scancel with what `scancel` holds. */
class FakeHeadNode implements Executor {
  readonly calls: ExecRequest[] = [];
  squeue = '';
  scancel: ExecResult = { stdout: '', stderr: 'scancel: Terminating job 104\n', exitCode: 0 };

  async run(request: ExecRequest): Promise<ExecResult> {
    this.calls.push(request);
    if (request.argv[0] === 'squeue') return { stdout: this.squeue, stderr: '', exitCode: 0 };
    if (request.argv[0] === 'scancel') return this.scancel;
    return { stdout: '', stderr: 'unexpected', exitCode: 1 };
  }
}

class FakeChat implements ChatApi {
  readonly updates: UpdateMessage[] = [];
  async postMessage(_message: PostMessage): Promise<{ ts: string }> {
    return { ts: '1.1' };
  }
  async update(message: UpdateMessage): Promise<void> {
    this.updates.push(message);
  }
}

const config: Config = {
  ...parseFileConfig({ clusters: [{ name: 'local', executor: 'local' }], users: { U0ALICE: 'alice', U0BOB: 'bob', U0ADMIN: 'carol' }, admins: ['U0ADMIN'] }),
  env: readEnv({}),
};

let dir: string;
let head: FakeHeadNode;
let chat: FakeChat;
let watches: WatchStore;
let run: ActionRun;

const task = (command: ActionTask['command'], userId = 'U0ALICE', unixUser = 'alice'): ActionTask => ({
  requestId: 'r1', teamId: 'T0CHATOPS', userId, unixUser, channelId: 'C0GENERAL', command,
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'chatops-actions-'));
  head = new FakeHeadNode();
  chat = new FakeChat();
  watches = new WatchStore(new FileTable(dir));
  run = { config, cluster: config.clusters[0]!, executor: head, log: SILENT_LOG, now: new Date('2030-01-01T00:00:00Z'), deps: { watches, chat: async () => chat } };
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runActionCommand', () => {
  it('runs as the mapped user; an admin runs as root', async () => {
    head.squeue = fixture('22.05', 'squeue', 'running');
    await runActionCommand(run, task({ kind: 'control', action: 'cancel', jobId: '104' }));
    expect(head.calls[0]).toMatchObject({ argv: ['scancel', '--verbose', '104'], runAs: 'alice' });
    await runActionCommand(run, task({ kind: 'control', action: 'cancel', jobId: '104' }, 'U0ADMIN', 'carol'));
    expect(head.calls[2]!.argv[0]).toBe('scancel');
    expect(head.calls[2]!.runAs).toBeUndefined();
  });

  it("updates the watched job's card, naming its submitter (from the watch) and who acted", async () => {
    head.squeue = fixture('22.05', 'squeue', 'running');
    const id = fixture('22.05', 'squeue', 'running').split('\x1f')[0]!;
    await watches.add({ cluster: 'local', jobId: id, slackUserId: 'U0ALICE', unixUser: 'alice', channel: 'C0OPS', cardTs: '1700.000200', threadTs: '1700.000200', createdAt: 1, options: {} });
    const message = await runActionCommand(run, task({ kind: 'control', action: 'cancel', jobId: id }, 'U0ADMIN', 'carol'));
    expect(chat.updates).toHaveLength(1);
    expect(chat.updates[0]).toMatchObject({ channel: 'C0OPS', ts: '1700.000200' });
    expect(visibleText(chat.updates[0]!)).toMatch(/submitted by <@U0ALICE>[\s\S]*Cancelled[\s\S]*Cancel requested by <@U0ADMIN> \(bot admin\)/);
    expect(visibleText(message)).toMatch(/Cancel requested for job/);
  });

  it('a refusal leaves the card alone', async () => {
    head.squeue = fixture('22.05', 'squeue', 'running');
    head.scancel = { stdout: '', stderr: fixture('22.05', 'errors', 'scancel_permission_denied'), exitCode: 210 };
    const id = fixture('22.05', 'squeue', 'running').split('\x1f')[0]!;
    await watches.add({ cluster: 'local', jobId: id, slackUserId: 'U0ALICE', unixUser: 'alice', channel: 'C0OPS', cardTs: '1700.000200', createdAt: 1, options: {} });
    const message = await runActionCommand(run, task({ kind: 'control', action: 'cancel', jobId: id }, 'U0BOB', 'bob'));
    expect(visibleText(message)).toMatch(/Slurm refused to cancel/);
    expect(chat.updates).toHaveLength(0);
  });

  it('watching a job that already ended stores nothing and says how it ended', async () => {
    head.squeue = fixture('22.05', 'squeue', 'failed_exit_code_3');
    const message = await runActionCommand(run, task({ kind: 'watch', jobId: '129' }));
    expect(visibleText(message)).toMatch(/Job \*129\* on \*local\* has already ended \(Failed\)/);
    expect(await watches.get('local', '129')).toBeUndefined();
  });

  it('watching an unknown job is JOB_NOT_FOUND; without a store, watches are refused', async () => {
    head.squeue = '';
    await expect(runActionCommand(run, task({ kind: 'watch', jobId: '5' }))).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
    await expect(runActionCommand({ ...run, deps: {} }, task({ kind: 'watch', jobId: '5' }))).rejects.toMatchObject({ code: 'STORE' });
  });

  it('a watch from a job card alerts in its thread', async () => {
    head.squeue = fixture('22.05', 'squeue', 'running');
    const id = fixture('22.05', 'squeue', 'running').split('\x1f')[0]!;
    await runActionCommand(run, { ...task({ kind: 'watch', jobId: id }), origin: { channel: 'C0OPS', ts: '1700.000300', submittedBy: 'U0ALICE' } });
    expect(await watches.get('local', id)).toMatchObject({ channel: 'C0OPS', cardTs: '1700.000300', threadTs: '1700.000300', slackUserId: 'U0ALICE', unixUser: 'alice' });
  });

  it("a watch on someone else's card alerts in its thread but leaves the card to its submitter", async () => {
    head.squeue = fixture('22.05', 'squeue', 'running');
    const id = fixture('22.05', 'squeue', 'running').split('\x1f')[0]!;
    await runActionCommand(run, { ...task({ kind: 'watch', jobId: id }, 'U0BOB', 'bob'), origin: { channel: 'C0OPS', ts: '1700.000300', submittedBy: 'U0ALICE' } });
    const watch = await watches.get('local', id);
    expect(watch).toMatchObject({ threadTs: '1700.000300', slackUserId: 'U0BOB' });
    expect(watch?.cardTs).toBeUndefined();
  });

  it('an admin can stop anyone\'s watch', async () => {
    await watches.add({ cluster: 'local', jobId: '9', slackUserId: 'U0ALICE', unixUser: 'alice', channel: 'C0OPS', createdAt: 1, options: {} });
    expect(visibleText(await runActionCommand(run, task({ kind: 'unwatch', jobId: '9' }, 'U0ADMIN', 'carol')))).toMatch(/Stopped watching/);
    expect(visibleText(await runActionCommand(run, task({ kind: 'unwatch', jobId: '9' })))).toMatch(/Nobody watches/);
  });
});
