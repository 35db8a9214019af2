import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalExecutor } from '../../src/exec/local-executor';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, SUBMIT_FIELDS, decodeJobValue, encodeClusterValue } from '../../src/slack/views/ids';
import { FileTable } from '../../src/store/file-table';
import { WatchStore } from '../../src/store/watches';
import { encodeSubmitMeta } from '../../src/submit/metadata';
import { startAppUnderTest, type AppUnderTest } from '../support/app-under-test';
import { SlackFake, type RecordedCall, type SlackFile } from '../support/slack-fake';
import { WORKSPACE } from '../support/slack-ids';
import {
  blockActionsRequest, fileInputValue, newTriggerId, plainTextValue, send, slashCommandRequest, staticSelectValue, viewSubmissionRequest,
  type SigningOptions,
} from '../support/slack-requests';
import { describeWithSlurm, scancelAll } from '../support/slurm';
import { visibleText } from '../support/visible-text';

type Values = Record<string, Record<string, unknown>>;

const F = SUBMIT_FIELDS;
const CHANNEL = WORKSPACE.channelId;
const SLEEP = '#!/bin/bash\nsleep 300\n';

/**
 * The jobs Slurm shows with this name (other tests may run jobs of the same users meanwhile), in any
 * state or only queued or running: Slurm 22.05 keeps a job sbatch refused as FAILED for MinJobAge.
 */
function jobsNamed(name: string, states = 'all'): string[] {
  const out = spawnSync('squeue', ['--noheader', `--states=${states}`, `--name=${name}`, '--format=%i'], { encoding: 'utf8' }).stdout;
  return out.split('\n').map((l) => l.trim()).filter(Boolean);
}

let names = 0;

/** A job name no other test uses. */
function uniqueName(what: string): string {
  names += 1;
  return `e2e-${what}-${process.pid}-${names}`;
}

/** `scontrol show job` as a field map (as root). */
function showJob(id: string): Record<string, string> {
  const out = spawnSync('scontrol', ['--oneliner', 'show', 'job', id], { encoding: 'utf8' }).stdout;
  const fields: Record<string, string> = {};
  for (const m of out.matchAll(/(\w+)=(\S*)/g)) fields[m[1]!] ??= m[2]!;
  const name = /JobName=(.*?) UserId=/.exec(out);
  if (name) fields.JobName = name[1]!;
  return fields;
}

/**
 * The submit modal end to end over HTTP: signed requests to the local runner, the fake Slack Web API
 * (views.open/update, files, chat.postMessage) and the real Slurm, jobs owned by the mapped users.
 */
describeWithSlurm('job submission through the modal', () => {
  let app: AppUnderTest;
  let slack: SlackFake;
  let url: string;
  let stateDir: string;
  const created = new Set<string>();
  const sbatchRuns = (): number => app.runs.filter((r) => r.argv[0] === 'sbatch').length;

  beforeAll(async () => {
    // The real executor, counted: a refused submission must not reach the cluster.
    app = await startAppUnderTest({
      config: 'clusters:\n  - name: local\n    executor: local\nusers:\n  U0ALICE: alice\n  U0BOB: bob\n',
      executor: new LocalExecutor(),
    });
    ({ slack, url, stateDir } = app);
  });

  afterAll(async () => {
    scancelAll([...created]);
    await app?.close();
  });

  let views = 0;

  /** A fresh view id, as each opening of the modal gets one. */
  function viewId(): string {
    views += 1;
    return `V0SUBMIT${String(views).padStart(4, '0')}`;
  }

  function submission(values: Values, options: { view?: string; userId?: string } = {}) {
    const responseUrl = slack.responseUrl();
    return {
      responseUrl,
      request: {
        callbackId: CALLBACK_IDS.submitModal,
        userId: options.userId ?? 'U0ALICE',
        viewId: options.view ?? viewId(),
        privateMetadata: encodeSubmitMeta({ cluster: 'local', channelId: CHANNEL, responseUrl: slack.responseUrl() }),
        values,
        responseUrls: [{ blockId: F.alertChannel.blockId, actionId: F.alertChannel.actionId, channelId: CHANNEL, responseUrl }],
      },
    };
  }

  function form(fields: Partial<Record<keyof typeof F, unknown>>): Values {
    const values: Values = {
      [F.alertChannel.blockId]: { [F.alertChannel.actionId]: { type: 'conversations_select', selected_conversation: CHANNEL } },
      [F.watch.blockId]: { [F.watch.actionId]: { type: 'checkboxes', selected_options: [{ value: 'alert', text: { type: 'plain_text', text: 'Alert me' } }] } },
    };
    for (const [name, state] of Object.entries(fields)) {
      const ids = F[name as keyof typeof F];
      values[ids.blockId] = { [ids.actionId]: state };
    }
    return values;
  }

  async function submit(values: Values, options: { view?: string; userId?: string; signing?: SigningOptions } = {}) {
    const s = submission(values, options);
    const res = await send(url, viewSubmissionRequest(s.request, options.signing));
    return { ...s, status: res.status, body: res.body === '' ? undefined : (JSON.parse(res.body) as { response_action: string; errors: Record<string, string> }) };
  }

  /** The job card posted for a submission, and the job id it names. */
  async function card(predicate: (call: RecordedCall) => boolean = () => true): Promise<{ call: RecordedCall; jobId: string }> {
    const call = await slack.waitFor('chat.postMessage', predicate, 20000);
    const blocks = call.args.blocks as { block_id?: string; elements?: { value?: string }[] }[];
    const actions = blocks.find((b) => b.block_id === BLOCK_IDS.jobCardActions);
    const jobId = decodeJobValue(actions?.elements?.[0]?.value ?? '').jobId;
    created.add(jobId);
    return { call, jobId };
  }

  it('/slurm submit opens the modal at once, then fills in the real partitions', async () => {
    const triggerId = newTriggerId();
    const res = await send(url, slashCommandRequest({ text: 'submit', userId: 'U0ALICE', responseUrl: slack.responseUrl(), triggerId }));
    expect(res.status).toBe(200);
    const open = await slack.waitFor('views.open', (c) => c.args.trigger_id === triggerId);
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: { block_id?: string; type: string; element?: Record<string, unknown>; hint?: { text: string } }[] };
    expect(view.callback_id).toBe(CALLBACK_IDS.submitModal);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ c: 'local', ch: CHANNEL });
    const ids = view.blocks.map((b) => b.block_id).filter(Boolean);
    for (const field of ['script', 'scriptText', 'jobName', 'partition', 'timeLimit', 'nodes', 'ntasks', 'cpusPerTask', 'memory', 'workDir', 'options', 'alertChannel', 'watch'] as const) {
      expect(ids).toContain(F[field].blockId);
    }
    const file = view.blocks.find((b) => b.block_id === F.script.blockId)!.element!;
    expect(file).toMatchObject({ type: 'file_input', filetypes: ['sh', 'slurm', 'sbatch', 'txt'], max_files: 1 });
    const channel = view.blocks.find((b) => b.block_id === F.alertChannel.blockId)!.element!;
    expect(channel).toMatchObject({ type: 'conversations_select', initial_conversation: CHANNEL, response_url_enabled: true });
    expect(visibleText({ blocks: view.blocks })).toMatch(/values typed in this form override them/);
    const update = await slack.waitFor('views.update', (c) => c.args.view_id === (open.response.view as { id: string }).id, 15000);
    const partition = (update.args.view as typeof view).blocks.find((b) => b.block_id === F.partition.blockId)!;
    expect(partition.element).toMatchObject({
      type: 'static_select',
      initial_option: { value: 'compute' },
      options: [{ value: 'compute', text: { text: 'compute (no time limit, default)' } }, { value: 'debug', text: { text: 'debug (max 30m 00s)' } }],
    });
  });

  it('the "Submit a job" button opens the same modal, now with the cached partitions', async () => {
    const triggerId = newTriggerId();
    const res = await send(url, blockActionsRequest({ actionId: ACTION_IDS.submitOpen, value: encodeClusterValue({ cluster: 'local' }), responseUrl: slack.responseUrl(), triggerId }));
    expect(res.status).toBe(200);
    const open = await slack.waitFor('views.open', (c) => c.args.trigger_id === triggerId);
    const blocks = (open.args.view as { blocks: { block_id?: string; element?: { options?: unknown[] } }[] }).blocks;
    expect(blocks.find((b) => b.block_id === F.partition.blockId)!.element!.options).toHaveLength(2);
  });

  it('a pasted script: the job runs as alice with the name, partition and time limit, and the card is posted', async () => {
    const before = slack.callsTo('chat.postMessage').length;
    const { status, body } = await submit(form({
      scriptText: plainTextValue(`\n${SLEEP}`),
      jobName: plainTextValue('e2e-pasted'),
      partition: staticSelectValue('debug'),
      timeLimit: plainTextValue('5'),
    }));
    expect(status).toBe(200);
    expect(body).toBeUndefined();
    const { call, jobId } = await card(() => slack.callsTo('chat.postMessage').length > before);
    await app.drain();
    const job = showJob(jobId);
    expect(job.UserId).toMatch(/^alice\(/);
    expect(job.JobName).toBe('e2e-pasted');
    expect(job.Partition).toBe('debug');
    expect(job.TimeLimit).toBe('00:05:00');
    expect(job.WorkDir).toBe('/home/alice');
    expect(call.args.channel).toBe(CHANNEL);
    const text = visibleText({ text: call.args.text as string, blocks: call.args.blocks as unknown[] });
    expect(text).toContain(`Job *${jobId}* \`e2e-pasted\` submitted by <@U0ALICE> to \`debug\``);
    expect(text).toContain('*Time limit*\n5m 00s');
    const posted = call.response as { ts: string };
    const watch = await new WatchStore(new FileTable(path.join(stateDir, 'state'))).get('local', jobId);
    expect(watch).toMatchObject({ channel: CHANNEL, threadTs: posted.ts, cardTs: posted.ts, slackUserId: 'U0ALICE', unixUser: 'alice' });
  });

  it('an uploaded file: fetched with the bot token, #SBATCH lines honoured, stored with its job id', async () => {
    const file: SlackFile = slack.registerFile({ name: 'train.sh', content: `#!/bin/bash\n#SBATCH --job-name=from-directive\n#SBATCH --time=7\nsleep 300\n` });
    const before = slack.callsTo('chat.postMessage').length;
    const { body } = await submit(form({ script: fileInputValue([file]), watch: { type: 'checkboxes', selected_options: [] } }), { userId: 'U0BOB' });
    expect(body).toBeUndefined();
    const { call, jobId } = await card(() => slack.callsTo('chat.postMessage').length > before);
    const job = showJob(jobId);
    expect(job.UserId).toMatch(/^bob\(/);
    expect(job.JobName).toBe('from-directive');
    expect(job.TimeLimit).toBe('00:07:00');
    expect(job.Partition).toBe('compute');
    expect(visibleText({ blocks: call.args.blocks as unknown[] })).toContain('`from-directive` submitted by <@U0BOB> to `compute`');
    expect(slack.callsTo('files.info').some((c) => c.args.file === file.id && c.token === WORKSPACE.botToken)).toBe(true);
    expect(slack.downloads.filter((d) => d.fileId === file.id).every((d) => d.served && d.token === WORKSPACE.botToken)).toBe(true);
    const dir = path.join(stateDir, 'scripts', WORKSPACE.teamId, 'U0BOB');
    const records = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>);
    expect(records).toContainEqual(expect.objectContaining({ status: 'submitted', jobId, unixUser: 'bob', cluster: 'local' }));
    expect(await new WatchStore(new FileTable(path.join(stateDir, 'state'))).get('local', jobId)).toBeUndefined();
  });

  describe('every validation error answers next to its field, and no job is created', () => {
    const big = '#!/bin/bash\n' + '#'.repeat(1024 * 1024);
    const cases: ReadonlyArray<[string, () => Values, string, RegExp]> = [
      ['no script', () => form({}), F.script.blockId, /Upload a job script or paste one/],
      ['a bad time limit', () => form({ scriptText: plainTextValue(SLEEP), timeLimit: plainTextValue('two hours') }), F.timeLimit.blockId, /is not a time limit/],
      ['a bad memory size', () => form({ scriptText: plainTextValue(SLEEP), memory: plainTextValue('4 gigs') }), F.memory.blockId, /is not a memory size/],
      ['a count out of range', () => form({ scriptText: plainTextValue(SLEEP), ntasks: plainTextValue('0') }), F.ntasks.blockId, /Tasks must be from 1/],
      ['an option off the allow-list', () => form({ scriptText: plainTextValue(SLEEP), options: plainTextValue('--uid=root') }), F.options.blockId, /--uid is not allowed/],
      ['an option a field already sets', () => form({ scriptText: plainTextValue(SLEEP), timeLimit: plainTextValue('5'), options: plainTextValue('-t 10') }), F.options.blockId, /--time is already set by the Time limit field/],
      ['a time limit over the partition\'s MaxTime', () => form({ scriptText: plainTextValue(SLEEP), partition: staticSelectValue('debug'), timeLimit: plainTextValue('2:00:00') }), F.timeLimit.blockId, /Partition "debug" allows at most 30m 00s/],
      ['a partition the cluster does not have', () => form({ scriptText: plainTextValue(SLEEP), partition: staticSelectValue('gpu') }), F.partition.blockId, /not a partition of this cluster/],
      ['a pasted script without #!', () => form({ scriptText: plainTextValue('sleep 300\n') }), F.scriptText.blockId, /must start with an interpreter line/],
      ['an uploaded script without #!', () => form({ script: fileInputValue([slack.registerFile({ name: 'job.sh', content: 'sleep 300\n' })]) }), F.script.blockId, /must start with an interpreter line/],
      ['a binary file', () => form({ script: fileInputValue([slack.registerFile({ name: 'job.sh', content: Buffer.from([0x23, 0x21, 0x2f, 0, 1, 2, 0x7f, 0x45, 0x4c, 0x46]) })]) }), F.script.blockId, /binary file/],
      ['a script over 1 MiB', () => form({ script: fileInputValue([slack.registerFile({ name: 'big.sh', content: big })]) }), F.script.blockId, /the limit is 1\.0 MiB/],
      ['a file that is not a script', () => form({ script: fileInputValue([slack.registerFile({ name: 'photo.png', content: 'x' })]) }), F.script.blockId, /ending in \.sh, \.slurm, \.sbatch, \.txt/],
      ['both a file and pasted text', () => form({ script: fileInputValue([slack.registerFile({ name: 'a.sh', content: SLEEP })]), scriptText: plainTextValue(SLEEP) }), F.scriptText.blockId, /one way/],
    ];
    it.each(cases)('%s', async (_name, values, blockId, message) => {
      const name = uniqueName('invalid');
      const before = sbatchRuns();
      const posts = slack.callsTo('chat.postMessage').length;
      const named = values();
      named[F.jobName.blockId] = { [F.jobName.actionId]: plainTextValue(name) };
      const { status, body } = await submit(named);
      expect(status).toBe(200);
      expect(body?.response_action).toBe('errors');
      expect(body?.errors[blockId]).toMatch(message);
      await app.drain();
      expect(sbatchRuns()).toBe(before);
      expect(jobsNamed(name)).toEqual([]);
      expect(slack.callsTo('chat.postMessage')).toHaveLength(posts);
    });

    it('several fields at once, each with its own message', async () => {
      const { body } = await submit(form({ timeLimit: plainTextValue('x'), memory: plainTextValue('y'), cpusPerTask: plainTextValue('-1') }));
      expect(Object.keys(body?.errors ?? {}).sort()).toEqual([F.cpusPerTask.blockId, F.memory.blockId, F.script.blockId, F.timeLimit.blockId].sort());
    });
  });

  it('the same submission delivered again (Slack retry, double click) submits one job', async () => {
    const name = uniqueName('once');
    const values = form({ scriptText: plainTextValue(SLEEP), jobName: plainTextValue(name) });
    const view = viewId();
    const [first, second] = await Promise.all([submit(values, { view }), submit(values, { view })]);
    const retried = await submit(values, { view, signing: { retry: { num: 1, reason: 'http_timeout' } } });
    for (const r of [first, second, retried]) expect(r.body).toBeUndefined();
    await app.drain();
    const named = jobsNamed(name);
    named.forEach((id) => created.add(id));
    expect(named).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes(name))).toHaveLength(1);
  });

  it('sbatch refuses: the user sees Slurm\'s reason, nothing is queued, the script is marked not submitted', async () => {
    const name = uniqueName('refused');
    const { responseUrl, body } = await submit(form({ scriptText: plainTextValue(SLEEP), jobName: plainTextValue(name), memory: plainTextValue('1000G') }), { userId: 'U0BOB' });
    expect(body).toBeUndefined();
    const answer = await slack.waitForResponse(responseUrl, () => true, 20000);
    const text = visibleText(answer.body);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(text).toMatch(/Slurm refused the job on \*local\*/);
    expect(text).toMatch(/Memory specification can not be satisfied/);
    expect(text).toMatch(/Nothing was queued/);
    expect(jobsNamed(name, 'PENDING,RUNNING,CONFIGURING,SUSPENDED')).toEqual([]);
    const dir = path.join(stateDir, 'scripts', WORKSPACE.teamId, 'U0BOB');
    const records = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>);
    expect(records).toContainEqual(expect.objectContaining({ status: 'not_submitted', reason: expect.stringMatching(/Memory specification/) }));
  });

  it('shell metacharacters in the name and options stay inert', async () => {
    const marker = path.join(tmpdir(), `chatops-pwned-${process.pid}`);
    rmSync(marker, { force: true });
    const name = `x$(touch ${marker})\`touch ${marker}\`;touch ${marker}|'"`;
    const before = slack.callsTo('chat.postMessage').length;
    const { body } = await submit(form({
      scriptText: plainTextValue(SLEEP),
      jobName: plainTextValue(name),
      options: plainTextValue(`--comment="; touch ${marker}" --export=NONE`),
      watch: { type: 'checkboxes', selected_options: [] },
    }));
    expect(body).toBeUndefined();
    const { jobId } = await card(() => slack.callsTo('chat.postMessage').length > before);
    expect(showJob(jobId).JobName).toBe(name);
    expect(existsSync(marker)).toBe(false);
  });
});
