// Guards parseScontrolJobs against values with spaces or fake "Key=value" text, newlines in names,
// array and het listings, and keys added by newer Slurm versions.
import { parseScontrolJobs } from '../../../src/slurm/parsers/scontrol-job';
import { allFixtures, fixture, utc } from './fixtures';

const live = (name: string) => parseScontrolJobs(fixture('22.05', 'scontrol-job', name));

describe('parseScontrolJobs on 22.05 output recorded from the local cluster', () => {
  it('reads a running job', () => {
    const [job] = live('running');
    expect(job).toMatchObject({
      id: '132', baseId: '132', name: 'plain-run', user: 'alice', state: 'RUNNING', stateText: 'RUNNING',
      partition: 'compute', nodes: 'vm', nodeCount: 1, cpus: 1, elapsedSeconds: 1, timeLimitSeconds: 7200,
      submitTime: utc('2026-11-29T20:16:40'), startTime: utc('2026-11-29T20:16:41'),
      stdout: '/tmp/slurm-fixtures/run-132.out', workDir: '/tmp/slurm-fixtures', minMemory: '100M',
      batchHost: 'vm', restarts: 0, requeue: true, eligibleTime: utc('2026-11-29T20:16:40'),
    });
    expect(job?.endTime).toBeUndefined();
    expect(job?.exitCode).toBeUndefined();
    expect(job?.command).toBeUndefined();
    expect(job?.fields['AllocNode:Sid']).toBe('localhost:3152');
    expect(job?.fields.Power).toBe('');
  });

  it('keeps a job name that holds "Key=value" text whole, and the real owner', () => {
    expect(live('key_value_text_in_name')[0]).toMatchObject({ id: '135', name: 'a b UserId=root(0) x=1', user: 'alice', state: 'RUNNING' });
  });

  it('keeps a job name with a newline in one record', () => {
    const jobs = live('newline_in_name');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ name: 'line one\nline two', user: 'alice', partition: 'compute' });
  });

  it('reads unicode names', () => {
    expect(live('non_ascii_name')[0]?.name).toBe('résumé-ジョブ');
  });

  it('lists an array parent as its pending range and its tasks', () => {
    expect(live('array_parent_lists_tasks').map((j) => [j.id, j.baseId, j.arrayTaskId, j.state, j.stdout])).toEqual([
      ['138_[3-9%2]', '138', '3-9%2', 'PENDING', undefined],
      ['138_2', '138', '2', 'RUNNING', '/tmp/slurm-fixtures/sweep-138_2.out'],
      ['138_1', '138', '1', 'RUNNING', '/tmp/slurm-fixtures/sweep-138_1.out'],
    ]);
    expect(live('array_task').map((j) => j.id)).toEqual(['138_1']);
  });

  it('lists het components under the leader id', () => {
    expect(live('het_job').map((j) => [j.id, j.baseId, j.fields.HetJobIdSet])).toEqual([['143+0', '143', '143-144'], ['143+1', '143', '143-144']]);
  });

  it('reads pending jobs: hold, dependency, begin time', () => {
    expect(live('held')[0]).toMatchObject({ state: 'PENDING', reason: 'JobHeldUser' });
    expect(live('held')[0]?.expectedStart).toBeUndefined();
    expect(live('dependency')[0]).toMatchObject({ reason: 'Dependency', dependency: 'afterok:139(unfulfilled)' });
    expect(live('begin_time')[0]).toMatchObject({ user: 'bob', reason: 'BeginTime', expectedStart: utc('2026-11-29T21:16:40'), eligibleTime: utc('2026-11-29T21:16:40') });
  });

  it('reads how jobs ended', () => {
    expect(live('completed')[0]).toMatchObject({ state: 'COMPLETED', exitCode: { code: 0, signal: 0 }, stdout: '/tmp/slurm-fixtures/quick-128.out' });
    expect(live('failed_exit_code_3')[0]).toMatchObject({ state: 'FAILED', reason: 'NonZeroExitCode', exitCode: { code: 3, signal: 0 }, stderr: '/tmp/slurm-fixtures/exits-3-129.err' });
    expect(live('cancelled')[0]).toMatchObject({ state: 'CANCELLED', exitCode: { code: 0, signal: 15 } });
    expect(live('timeout')[0]).toMatchObject({ state: 'TIMEOUT', reason: 'TimeLimit', elapsedSeconds: 73, timeLimitSeconds: 60, exitCode: { code: 0, signal: 15 } });
  });
});

describe('parseScontrolJobs on 23.11 / 24.05 formats (from the documentation)', () => {
  it('reads a job configuring on cloud nodes, with mail keys', () => {
    expect(parseScontrolJobs(fixture('23.11', 'scontrol-job', 'configuring_on_cloud_nodes'))[0]).toMatchObject({
      id: '1201', user: 'ec2-user', state: 'CONFIGURING', nodes: 'queue1-dy-c5xlarge-[1-3]', nodeCount: 3, cpus: 12,
      command: '/home/ec2-user/cfd/run.sbatch', qos: 'normal', minMemory: '7600M',
      fields: expect.objectContaining({ MailType: 'END,FAIL', ReqTRES: 'cpu=4,mem=7600M,node=1,billing=4' }),
    });
  });

  it('reads a pending array range with a throttle and a node range "1-1"', () => {
    expect(parseScontrolJobs(fixture('23.11', 'scontrol-job', 'pending_array_range_with_throttle'))[0]).toMatchObject({
      id: '1220_[4-10%2]', baseId: '1220', arrayJobId: '1220', arrayTaskId: '4-10%2', nodeCount: 1, reason: 'JobArrayTaskLimit',
    });
  });

  it('reads memory per CPU and comments with spaces and "--mem=" inside', () => {
    const [job] = parseScontrolJobs(fixture('23.11', 'scontrol-job', 'out_of_memory_with_comment'));
    expect(job).toMatchObject({
      name: 'big mem job', state: 'OUT_OF_MEMORY', exitCode: { code: 0, signal: 125 }, minMemory: '1900M',
      comment: 'retry with --mem=16G please', fields: expect.objectContaining({ AdminComment: 'flagged by admin: too big' }),
    });
  });

  it('reads new keys and survives a key it has never heard of', () => {
    const [job] = parseScontrolJobs(fixture('24.05', 'scontrol-job', 'new_keys_and_unknown_key'));
    expect(job).toMatchObject({
      name: 'résumé-ジョブ', elapsedSeconds: 93784, timeLimitSeconds: 259200, command: '/home/alice/train.sh --epochs 10',
      workDir: '/home/alice/my runs', stdout: '/home/alice/my runs/out.log', stderr: '/home/alice/my runs/err.log',
    });
    expect(job?.fields).toMatchObject({ TresPerNode: 'gres/gpu:1', MailUser: 'alice@example.com', SegmentSize: '0', FutureKey2025: 'some value' });
  });

  it('reads a dependency that can never be satisfied', () => {
    expect(parseScontrolJobs(fixture('24.05', 'scontrol-job', 'pending_dependency_never_satisfied'))[0]).toMatchObject({
      reason: 'DependencyNeverSatisfied', dependency: 'afterok:2001_*(failed)',
    });
  });
});

describe('parseScontrolJobs robustness', () => {
  it.each(allFixtures('scontrol-job'))('%s: every record has a numeric base id and an owner', (_name, text) => {
    const jobs = parseScontrolJobs(text);
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      expect(job.baseId).toMatch(/^\d+$/);
      expect(job.user).toMatch(/^[a-z_][a-z0-9_.-]*$/);
    }
  });

  it('reads nothing from an error or empty output', () => {
    expect(parseScontrolJobs('')).toEqual([]);
    expect(parseScontrolJobs('slurm_load_jobs error: Invalid job id specified\n')).toEqual([]);
  });
});
