import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_FILE_CONFIG } from '../../../src/config';
import { ExecError } from '../../../src/errors';
import type { ExecRequest } from '../../../src/exec/executor';
import type { SlackMessage } from '../../../src/slack/views/blocks';
import { SlackApiError } from '../../../src/slack/web-api';
import { FileTable } from '../../../src/store/file-table';
import { IdempotencyStore } from '../../../src/store/idempotency';
import { WatchStore } from '../../../src/store/watches';
import { LocalScriptStore } from '../../../src/submit/local-script-store';
import { PartitionCache } from '../../../src/submit/partition-cache';
import { runSubmit, type SubmitRunDeps } from '../../../src/submit/run-submit';
import type { SubmitSlackApi } from '../../../src/submit/slack-api';
import type { SubmitCommand } from '../../../src/submit/submit-task';
import { SILENT_LOG } from '../../../src/tasks/log';
import { RecordedExecutor, fails, ok } from '../tasks/fake-executor';
import { visibleText } from '../views/slack-limits';

const CLUSTER = DEFAULT_FILE_CONFIG.clusters[0]!;
const CTX = { requestId: 'req1', teamId: 'T0CHATOPS', userId: 'U0ALICE', unixUser: 'alice' };
const KEY = 'submit:T0CHATOPS:V0MODAL1';
const SCRIPT = '#!/bin/bash\nsleep 1\n';

/** The Web API as the worker sees it: posts recorded, a channel the bot is not in refused like Slack does. */
class FakeSlackApi implements SubmitSlackApi {
  readonly posts: { channel: string; message: SlackMessage }[] = [];
  readonly files = new Map<string, { url: string; size: number }>();
  notIn = new Set<string>();
  broken = false;

  async fileInfo(fileId: string) {
    const file = this.files.get(fileId);
    if (file === undefined) throw new SlackApiError('files.info', 'file_not_found');
    return { downloadUrl: file.url, size: file.size };
  }

  async postMessage(channel: string, message: SlackMessage) {
    if (this.notIn.has(channel)) throw new SlackApiError('chat.postMessage', 'not_in_channel');
    if (this.broken) throw new SlackApiError('chat.postMessage', 'internal_error');
    this.posts.push({ channel, message });
    const landed = channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
    return { channel: landed, ts: `1700000000.00000${this.posts.length}` };
  }

  async updateView(): Promise<void> {}
}

describe('runSubmit', () => {
  let dir: string;
  let deps: SubmitRunDeps;
  let slack: FakeSlackApi;
  let scripts: LocalScriptStore;
  let idempotency: IdempotencyStore;
  let watches: WatchStore;
  let replies: SlackMessage[];
  let downloads: Record<string, Buffer>;

  const command = (change: Partial<SubmitCommand> = {}): SubmitCommand => ({
    kind: 'submit', key: KEY, script: { kind: 'text', text: SCRIPT }, options: ['--time=00:05:00'], alert: true, cardChannel: 'C0GENERAL', ...change,
  });

  function setUp(answer: ConstructorParameters<typeof RecordedExecutor>[0]): RecordedExecutor {
    const executor = new RecordedExecutor(answer);
    deps = { ...deps, executor };
    return executor;
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'chatops-run-submit-'));
    const table = new FileTable(path.join(dir, 'state'));
    slack = new FakeSlackApi();
    scripts = new LocalScriptStore(dir);
    idempotency = new IdempotencyStore(table);
    watches = new WatchStore(table);
    replies = [];
    downloads = {};
    const partitions = new PartitionCache(table);
    await partitions.put('local', [{ name: 'compute', isDefault: true, timeLimitSeconds: null }]);
    deps = {
      cluster: CLUSTER, executor: new RecordedExecutor(), scripts, idempotency, watches, partitions, slack,
      download: async (url) => {
        const bytes = downloads[url];
        if (bytes === undefined) throw new Error(`unexpected download ${url}`);
        return bytes;
      },
      reply: async (message) => void replies.push(message),
      log: SILENT_LOG,
      now: () => new Date('2030-01-01T00:00:00Z'),
    };
    await idempotency.claim(KEY, 3600, 'slack-function');
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('runs ONE sbatch as the user in their home, the stored script on stdin, then posts the card and stores the watch', async () => {
    let stdinContent = '';
    const executor = setUp({ sbatch: (req: ExecRequest) => {
      if (req.stdin?.kind === 'file') stdinContent = readFileSync(req.stdin.path, 'utf8');
      return ok('4321\n');
    } });
    await runSubmit(deps, CTX, command());
    expect(executor.calls).toHaveLength(1);
    expect(executor.calls[0]).toMatchObject({ argv: ['sbatch', '--parsable', '--job-name=slack-job', '--time=00:05:00'], runAs: 'alice', cwd: 'home' });
    expect(stdinContent).toBe(SCRIPT);
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]!.channel).toBe('C0GENERAL');
    expect(visibleText(slack.posts[0]!.message)).toContain('Job *4321* `slack-job` submitted by <@U0ALICE> to `compute`');
    expect(await watches.get('local', '4321')).toMatchObject({ channel: 'C0GENERAL', threadTs: '1700000000.000001', cardTs: '1700000000.000001', unixUser: 'alice' });
    expect(await idempotency.get(KEY)).toMatchObject({ status: 'done', result: { outcome: 'submitted', jobId: '4321' } });
    expect(await scripts.record({ owner: { ...CTX, slackUserId: 'U0ALICE', cluster: 'local' }, location: path.join(dir, 'scripts/T0CHATOPS/U0ALICE/req1.sh') }))
      .toMatchObject({ status: 'submitted', jobId: '4321' });
    expect(replies).toEqual([]);
  });

  it('a Task delivered again never runs sbatch again and answers with the job', async () => {
    const executor = setUp({ sbatch: ok('4321\n') });
    await runSubmit(deps, CTX, command());
    await runSubmit(deps, { ...CTX, requestId: 'req2' }, command());
    expect(executor.calls).toHaveLength(1);
    expect(slack.posts).toHaveLength(1);
    expect(visibleText(replies[0]!)).toMatch(/already submitted: it is job \*4321\*/);
  });

  it('an uploaded file: files.info, the download, the file name as job name unless the script names the job', async () => {
    slack.files.set('F0JOB', { url: 'https://files.slack.com/F0JOB/train.sh', size: 40 });
    downloads['https://files.slack.com/F0JOB/train.sh'] = Buffer.from(SCRIPT);
    const executor = setUp({ sbatch: ok('77\n') });
    await runSubmit(deps, CTX, command({ script: { kind: 'file', fileId: 'F0JOB', name: 'train.sh' }, alert: false }));
    expect(executor.calls[0]!.argv).toEqual(['sbatch', '--parsable', '--job-name=train', '--time=00:05:00']);
    expect(await watches.get('local', '77')).toBeUndefined();

    await idempotency.claim('submit:T0CHATOPS:V0MODAL2', 3600, 'x');
    downloads['https://files.slack.com/F0JOB/train.sh'] = Buffer.from('#!/bin/bash\n#SBATCH -J mine -t 20\nsleep 1\n');
    await runSubmit(deps, { ...CTX, requestId: 'req2' }, command({ key: 'submit:T0CHATOPS:V0MODAL2', script: { kind: 'file', fileId: 'F0JOB', name: 'train.sh' }, options: [] }));
    expect(executor.calls[1]!.argv).toEqual(['sbatch', '--parsable']);
    expect(visibleText(slack.posts[1]!.message)).toMatch(/`mine` submitted by .* to `compute`[\s\S]*\*Time limit\*\n20m 00s/);
  });

  it('sbatch refuses: Slurm\'s reason, escaped, to the user; nothing posted; the script marked not submitted', async () => {
    setUp({ sbatch: fails('sbatch: error: Batch job submission failed: Invalid account <!channel> or account/partition combination specified\n') });
    await runSubmit(deps, CTX, command());
    expect(slack.posts).toEqual([]);
    expect(await watches.get('local', '4321')).toBeUndefined();
    const text = visibleText(replies[0]!);
    expect(text).toMatch(/Slurm refused the job on \*local\*\. That account does not exist/);
    expect(text).toContain('Invalid account &lt;!channel&gt; or account/partition combination specified');
    expect(text).not.toContain('<!channel>');
    expect(await idempotency.get(KEY)).toMatchObject({ status: 'done', result: { outcome: 'rejected' } });
    expect(await scripts.record({ owner: { ...CTX, slackUserId: 'U0ALICE', cluster: 'local' }, location: path.join(dir, 'scripts/T0CHATOPS/U0ALICE/req1.sh') }))
      .toMatchObject({ status: 'not_submitted', reason: expect.stringMatching(/Invalid account/) });
  });

  it('a head node that does not answer: the user is told the outcome is unknown, and no retry runs sbatch again', async () => {
    const executor = setUp({ sbatch: new ExecError('EXEC_TIMEOUT', 'timed out') });
    await runSubmit(deps, CTX, command());
    expect(visibleText(replies[0]!)).toMatch(/cannot tell whether the job was submitted[\s\S]*Check `\/slurm jobs` before submitting again/);
    expect(await idempotency.get(KEY)).toMatchObject({ result: { outcome: 'unknown' } });
    await runSubmit(deps, { ...CTX, requestId: 'req2' }, command());
    expect(executor.calls).toHaveLength(1);
  });

  it('sbatch missing on the cluster is the bot\'s problem, said so; nothing is submitted', async () => {
    setUp({});
    await runSubmit(deps, CTX, command());
    expect(visibleText(replies[0]!)).toMatch(/The command could not be run on \*local\*/);
    expect(slack.posts).toEqual([]);
  });

  it('an uploaded file that turns out binary is refused before sbatch', async () => {
    slack.files.set('F0BIN', { url: 'https://files.slack.com/F0BIN/a.sh', size: 4 });
    downloads['https://files.slack.com/F0BIN/a.sh'] = Buffer.from([0x23, 0x21, 0, 1]);
    const executor = setUp({ sbatch: ok('1\n') });
    await runSubmit(deps, CTX, command({ script: { kind: 'file', fileId: 'F0BIN', name: 'a.sh' } }));
    expect(executor.calls).toEqual([]);
    expect(visibleText(replies[0]!)).toMatch(/The job was not submitted to \*local\*: This looks like a binary file/);
    expect(await idempotency.get(KEY)).toMatchObject({ result: { outcome: 'failed', code: 'VALIDATION' } });
  });

  it('a channel the bot is not in: the card goes to the user\'s DMs, the watch follows it, the user is told', async () => {
    slack.notIn.add('C0PRIVATE');
    setUp({ sbatch: ok('55\n') });
    await runSubmit(deps, CTX, command({ cardChannel: 'C0PRIVATE' }));
    expect(slack.posts.map((p) => p.channel)).toEqual(['U0ALICE']);
    expect(await watches.get('local', '55')).toMatchObject({ channel: 'D0ALICE', threadTs: '1700000000.000001' });
    expect(visibleText(replies[0]!)).toMatch(/Job \*55\* was submitted to \*local\*, but I could not post in <#C0PRIVATE>: invite me there/);
  });

  it('Slack refusing the card for another reason: the user gets the card privately, and is told', async () => {
    slack.broken = true;
    setUp({ sbatch: ok('56\n') });
    await runSubmit(deps, CTX, command());
    expect(visibleText(replies[0]!)).toMatch(/Job \*56\* was submitted to \*local\*, but Slack refused its card in <#C0GENERAL>\. Use `\/slurm job 56`/);
    expect(visibleText(replies[1]!)).toContain('Job *56* `slack-job` submitted by <@U0ALICE>');
    expect(await watches.get('local', '56')).toMatchObject({ channel: 'C0GENERAL' });
  });
});
