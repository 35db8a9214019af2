import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_FILE_CONFIG } from '../../../src/config';
import { ExecError } from '../../../src/errors';
import { SUBMIT_FIELDS as F } from '../../../src/slack/views/ids';
import type { ModalView } from '../../../src/slack/views/submit-modal';
import { SlackApiError } from '../../../src/slack/web-api';
import { FileTable } from '../../../src/store/file-table';
import { PartitionCache } from '../../../src/submit/partition-cache';
import { runSubmitForm } from '../../../src/submit/run-submit-form';
import { SILENT_LOG } from '../../../src/tasks/log';
import { RecordedExecutor, fixture, ok } from '../tasks/fake-executor';

const CTX = { requestId: 'r1', unixUser: 'alice', channelId: 'C0GENERAL', responseUrl: 'https://hooks.slack.com/commands/T/1/x' };

describe('runSubmitForm', () => {
  let dir: string;
  let cache: PartitionCache;
  let updates: { viewId: string; hash?: string; view: ModalView }[];
  let refuse: string | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'chatops-form-'));
    cache = new PartitionCache(new FileTable(dir));
    updates = [];
    refuse = undefined;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const slack = {
    fileInfo: async () => ({ downloadUrl: '' }),
    postMessage: async () => ({ channel: '', ts: '' }),
    updateView: async (viewId: string, hash: string | undefined, view: ModalView) => {
      if (refuse !== undefined) throw new SlackApiError('views.update', refuse);
      updates.push({ viewId, ...(hash !== undefined && { hash }), view });
    },
  };

  function partitionElement(view: ModalView): Record<string, unknown> {
    return (view.blocks as { block_id?: string; element?: Record<string, unknown> }[]).find((b) => b.block_id === F.partition.blockId)!.element!;
  }

  it('lists the partitions as the user (one sinfo), caches them and updates the open modal under its hash', async () => {
    const executor = new RecordedExecutor({ sinfo: ok(fixture('sinfo-partitions/two_partitions_busy.txt')) });
    await runSubmitForm({ cluster: DEFAULT_FILE_CONFIG.clusters[0]!, executor, partitions: cache, slack, log: SILENT_LOG }, CTX, { kind: 'submit-form', viewId: 'V0OPEN', hash: 'h1' });
    expect(executor.calls).toHaveLength(1);
    expect(executor.calls[0]!.runAs).toBe('alice');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ viewId: 'V0OPEN', hash: 'h1' });
    expect(partitionElement(updates[0]!.view)).toMatchObject({ initial_option: { value: 'compute' }, options: [{ value: 'compute' }, { value: 'debug' }] });
    expect((await cache.get('local'))?.partitions.map((p) => p.name)).toEqual(['compute', 'debug']);
  });

  it('a cluster that cannot be asked: the modal says so and keeps "Cluster default"', async () => {
    const executor = new RecordedExecutor({ sinfo: new ExecError('EXEC_UNREACHABLE', 'down') });
    await runSubmitForm({ cluster: DEFAULT_FILE_CONFIG.clusters[0]!, executor, partitions: cache, slack, log: SILENT_LOG }, CTX, { kind: 'submit-form', viewId: 'V0OPEN' });
    const view = updates[0]!.view;
    expect(JSON.stringify(view)).toContain('could not be listed (the head node cannot be reached)');
    expect(partitionElement(view)).toMatchObject({ options: [{ value: '__cluster_default__' }] });
    expect(await cache.get('local')).toBeUndefined();
  });

  // Regression: "sinfo: command not found" used to read "Slurm refused to list them".
  it('a cluster without sinfo where the bot looks: the modal says Slurm is not installed there', async () => {
    const executor = new RecordedExecutor({ sinfo: { stdout: '', stderr: 'bash: line 1: sinfo: command not found\n', exitCode: 127 } });
    await runSubmitForm({ cluster: DEFAULT_FILE_CONFIG.clusters[0]!, executor, partitions: cache, slack, log: SILENT_LOG }, CTX, { kind: 'submit-form', viewId: 'V0OPEN' });
    expect(JSON.stringify(updates[0]!.view)).toContain('could not be listed (Slurm is not installed where the bot looks for it)');
  });

  it('a modal already submitted or closed is left alone', async () => {
    refuse = 'hash_conflict';
    const executor = new RecordedExecutor({ sinfo: ok(fixture('sinfo-partitions/two_partitions_busy.txt')) });
    await expect(runSubmitForm({ cluster: DEFAULT_FILE_CONFIG.clusters[0]!, executor, partitions: cache, slack, log: SILENT_LOG }, CTX, { kind: 'submit-form', viewId: 'V0OPEN', hash: 'old' }))
      .resolves.toBeUndefined();
  });
});
