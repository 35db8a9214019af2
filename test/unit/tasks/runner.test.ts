import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../../src/config';
import { FileTable } from '../../../src/store/file-table';
import { WatchStore } from '../../../src/store/watches';
import { ExecError } from '../../../src/errors';
import { createTaskRunner } from '../../../src/tasks/runner';
import { SILENT_LOG, type Log } from '../../../src/tasks/log';
import type { Task, TaskCommand } from '../../../src/tasks/task';
import { visibleText } from '../../support/visible-text';
import { captureFetch } from './capture-fetch';
import { fails, fixture, ok, RecordedExecutor } from './fake-executor';

const config: Config = { ...loadConfig({}), users: { U0ALICE: 'alice' } };

function task(command: TaskCommand, reply: Task['reply'] = 'replace'): Task {
  return {
    v: 1, requestId: 'req0000beef1', teamId: 'T0CHATOPS', userId: 'U0ALICE', channelId: 'C0GENERAL',
    responseUrl: 'https://hooks.slack.com/commands/T0CHATOPS/1/x', reply, cluster: 'local', unixUser: 'alice', command,
  };
}

function recordingLog(): Log & { records: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const records: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    records.push({ level, message, ...(fields && { fields: { ...fields } }) });
  };
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function buttonLabels(body: unknown): string[] {
  const blocks = (body as { blocks?: { type: string; elements?: { type: string; text?: { text: string } }[] }[] }).blocks ?? [];
  return blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).map((e) => e.text?.text ?? '') : []));
}

async function run(executor: RecordedExecutor, t: Task, status?: (url: string) => number, log: Log = SILENT_LOG) {
  const { fetch, posted } = captureFetch(status);
  await createTaskRunner({ config, executorFor: () => executor, fetch, log, now: () => new Date('2026-11-29T20:13:00Z') })(t);
  return posted;
}

describe('task runner', () => {
  it('runs squeue as the caller and replaces the ack with the list', async () => {
    const executor = new RecordedExecutor({ squeue: ok(fixture('squeue/mixed_listing.txt')) });
    const posted = await run(executor, task({ kind: 'jobs', filter: { users: ['alice'] }, page: 0 }));
    expect(executor.calls).toHaveLength(1);
    expect(executor.calls[0]).toMatchObject({ runAs: 'alice', timeoutMs: 60_000 });
    expect(executor.calls[0]!.argv).toContain('--users=alice');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.url).toBe('https://hooks.slack.com/commands/T0CHATOPS/1/x');
    expect(posted[0]!.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(visibleText(posted[0]!.body)).toMatch(/Jobs on local/);
  });

  it('shows a job card as a new message when asked from a Details button', async () => {
    const executor = new RecordedExecutor({ 'scontrol job': ok(fixture('scontrol-job/running.txt')) });
    const posted = await run(executor, task({ kind: 'job', jobId: '80' }, 'new'));
    expect(posted[0]!.body.replace_original).toBe(false);
    expect(visibleText(posted[0]!.body)).toMatch(/Job \d+ on local/);
  });

  it('offers Stop watching on a job the caller watches, and Watch when someone else does', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'chatops-runner-watch-'));
    try {
      const watches = new WatchStore(new FileTable(dir));
      const executor = new RecordedExecutor({ 'scontrol job': ok(fixture('scontrol-job/running.txt')) });
      const runWith = async () => {
        const { fetch, posted } = captureFetch();
        await createTaskRunner({ config, executorFor: () => executor, fetch, log: SILENT_LOG, actions: { watches } })(task({ kind: 'job', jobId: '80' }));
        return buttonLabels(posted[0]!.body);
      };
      await watches.add({ cluster: 'local', jobId: '80', slackUserId: 'U0ALICE', unixUser: 'alice', channel: 'C0GENERAL', createdAt: 0, options: {} });
      expect(await runWith()).toContain('Stop watching');
      await watches.add({ cluster: 'local', jobId: '80', slackUserId: 'U0BOB', unixUser: 'bob', channel: 'C0GENERAL', createdAt: 0, options: {} });
      const labels = await runWith();
      expect(labels).toContain('Watch');
      expect(labels).not.toContain('Stop watching');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('adds the start estimate and nodes for a waiting job, and still answers when those fail', async () => {
    const executor = new RecordedExecutor({
      'scontrol job': ok(fixture('scontrol-job/held.txt')),
      'squeue --start': new ExecError('EXEC_TIMEOUT', 'slow'),
      'scontrol node': ok(fixture('scontrol-node/busy.txt')),
    });
    const posted = await run(executor, task({ kind: 'job', jobId: '84' }));
    expect(executor.calls.map((c) => c.argv.slice(0, 4).join(' '))).toEqual(
      expect.arrayContaining(['scontrol --oneliner show job', 'scontrol --oneliner show node']),
    );
    expect(visibleText(posted[0]!.body)).toMatch(/Why it is waiting/);
  });

  it('says a job is not found on the cluster and for how long finished jobs stay visible', async () => {
    const executor = new RecordedExecutor({ scontrol: fails(fixture('errors/show_job_invalid_job_id.txt')) });
    const posted = await run(executor, task({ kind: 'job', jobId: '99' }));
    const text = visibleText(posted[0]!.body);
    expect(text).toMatch(/Job \*99\* was not found on \*local\*/);
    expect(text).toMatch(/stay visible for 5m 00s/);
    expect(text).toMatch(/req0000beef1/);
  });

  it('looks in accounting when the cluster keeps it', async () => {
    const withAccounting: Config = { ...config, clusters: [{ ...config.clusters[0]!, accounting: true }] };
    const executor = new RecordedExecutor({ scontrol: fails(fixture('errors/show_job_invalid_job_id.txt')), sacct: ok('') });
    const { fetch, posted } = captureFetch();
    await createTaskRunner({ config: withAccounting, executorFor: () => executor, fetch, log: SILENT_LOG })(task({ kind: 'job', jobId: '99' }));
    expect(executor.calls.map((c) => c.argv[0])).toEqual(['scontrol', 'sacct']);
    expect(visibleText(posted[0]!.body)).toMatch(/was not found/);
  });

  it('explains a missing Slurm instead of failing silently, as bash, runuser and sudo report it', async () => {
    for (const missing of [
      fails('bash: line 1: sinfo: command not found', 127),
      fails('runuser: failed to execute sinfo: No such file or directory'),
      fails('sudo: sinfo: command not found'),
    ]) {
      const posted = await run(new RecordedExecutor({ sinfo: missing }), task({ kind: 'partitions' }));
      expect(visibleText(posted[0]!.body)).toMatch(/could not be run on \*local\*[\s\S]*Slurm commands may be missing/);
    }
  });

  it('shows Slurm\'s own refusal, escaped', async () => {
    const executor = new RecordedExecutor({ squeue: fails('squeue: error: Invalid user: <!channel>') });
    const posted = await run(executor, task({ kind: 'jobs', filter: { users: ['nosuch'] }, page: 0 }));
    const text = visibleText(posted[0]!.body);
    expect(text).toMatch(/Invalid user: &lt;!channel&gt;/);
    expect(text).not.toMatch(/<!channel>/);
  });

  it('reports a timeout with the request id, and logs it with the request id', async () => {
    const log = recordingLog();
    const executor = new RecordedExecutor({ sinfo: new ExecError('EXEC_TIMEOUT', 'The command did not finish within 60 s') });
    const posted = await run(executor, task({ kind: 'partitions' }), undefined, log);
    expect(visibleText(posted[0]!.body)).toMatch(/did not answer in time/);
    expect(visibleText(posted[0]!.body)).toMatch(/req0000beef1/);
    expect(log.records).toContainEqual(expect.objectContaining({ message: 'task failed', fields: expect.objectContaining({ requestId: 'req0000beef1', code: 'EXEC_TIMEOUT' }) }));
  });

  it('says the mapped Unix user is missing on the cluster', async () => {
    const executor = new RecordedExecutor({ squeue: fails('runuser: user alice does not exist or the user entry does not contain all the required fields') });
    const posted = await run(executor, task({ kind: 'jobs', filter: {}, page: 0 }));
    expect(visibleText(posted[0]!.body)).toMatch(/Your Unix user alice does not exist on local/);
  });

  it('answers a task for a cluster that is no longer configured', async () => {
    const executor = new RecordedExecutor({});
    const posted = await run(executor, { ...task({ kind: 'partitions' }), cluster: 'gone' });
    expect(executor.calls).toHaveLength(0);
    expect(visibleText(posted[0]!.body)).toMatch(/no cluster named `gone`/);
  });

  it('falls back to a short error message when Slack refuses the answer', async () => {
    let calls = 0;
    const executor = new RecordedExecutor({ sinfo: ok(fixture('sinfo-partitions/two_partitions_busy.txt')) });
    const posted = await run(executor, task({ kind: 'partitions' }), () => (++calls === 1 ? 400 : 200));
    expect(posted).toHaveLength(2);
    expect(visibleText(posted[1]!.body)).toMatch(/Something went wrong in the bot/);
  });
});
