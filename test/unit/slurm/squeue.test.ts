// Guards parseSqueue against real squeue output: odd job names (newline, unit separator, "Key=value",
// Slack mentions), arrays, het jobs, every way a job ends, and formats of newer Slurm versions.
import { parseSqueue } from '../../../src/slurm/parsers/squeue';
import { allFixtures, fixture, utc } from './fixtures';

const live = (name: string) => parseSqueue(fixture('22.05', 'squeue', name));

describe('parseSqueue on 22.05 output recorded from the local cluster', () => {
  it('reads a running job with its limits, memory and expanded output path', () => {
    expect(live('running')).toEqual([
      {
        id: '132', baseId: '132', name: 'plain-run', user: 'alice', state: 'RUNNING', stateText: 'RUNNING',
        partition: 'compute', nodes: 'vm', nodeCount: 1, cpus: 1,
        submitTime: utc('2026-11-29T20:16:40'), startTime: utc('2026-11-29T20:16:41'),
        elapsedSeconds: 1, timeLimitSeconds: 7200,
        stdout: '/tmp/slurm-fixtures/run-132.out', stderr: '/tmp/slurm-fixtures/run-132.out',
        workDir: '/tmp/slurm-fixtures', minMemory: '100M',
      },
    ]);
  });

  it('keeps names as Slurm stored them: unicode, Slack mentions (escaping is the views\' job)', () => {
    expect(live('non_ascii_name')[0]?.name).toBe('résumé-ジョブ');
    expect(live('slack_mention_name')[0]).toMatchObject({ name: '<!channel>', user: 'bob' });
  });

  it('guards against names that look like fields: a newline, a unit separator, "Key=value" text', () => {
    expect(live('newline_in_name')).toEqual([expect.objectContaining({ id: '136', name: 'line one\nline two', user: 'alice', state: 'RUNNING' })]);
    expect(live('unit_separator_in_name')).toEqual([expect.objectContaining({ id: '137', name: 'us\x1fsep|pipe', user: 'alice', partition: 'compute' })]);
    expect(live('key_value_text_in_name')).toEqual([expect.objectContaining({ name: 'a b UserId=root(0) x=1', user: 'alice' })]);
  });

  it('reads an array: running tasks and the folded pending range', () => {
    expect(live('array_running_tasks_and_pending_range').map((j) => [j.id, j.baseId, j.arrayJobId, j.arrayTaskId, j.state, j.stdout])).toEqual([
      ['138_[3-9%2]', '138', '138', '3-9%2', 'PENDING', undefined],
      ['138_2', '138', '138', '2', 'RUNNING', '/tmp/slurm-fixtures/sweep-138_2.out'],
      ['138_1', '138', '138', '1', 'RUNNING', '/tmp/slurm-fixtures/sweep-138_1.out'],
    ]);
    expect(live('array_running_tasks_and_pending_range')[0]?.reason).toBe('JobArrayTaskLimit');
  });

  it('reads a het job as leader+offset components of one base id', () => {
    expect(live('het_job').map((j) => [j.id, j.baseId, j.arrayJobId])).toEqual([['143+0', '143', undefined], ['143+1', '143', undefined]]);
  });

  it.each([
    ['held', 'JobHeldUser'],
    ['dependency', 'Dependency'],
    ['begin_time', 'BeginTime'],
    ['partition_time_limit', 'PartitionTimeLimit'],
  ])('reads a pending job (%s) with its reason and no start', (name, reason) => {
    const [job] = live(name);
    expect(job).toMatchObject({ state: 'PENDING', reason });
    expect(job?.startTime).toBeUndefined();
    expect(job?.endTime).toBeUndefined();
    expect(job?.nodes).toBeUndefined();
  });

  it('moves a pending job\'s StartTime to expectedStart', () => {
    expect(live('begin_time')[0]?.expectedStart).toEqual(utc('2026-11-29T21:16:40'));
    expect(live('dependency')[0]).toMatchObject({ dependency: 'afterok:139(unfulfilled)', timeLimitSeconds: null });
    expect(live('partition_time_limit')[0]).toMatchObject({ partition: 'debug', timeLimitSeconds: 3600 });
  });

  it('decodes exit codes from the raw wait status squeue prints', () => {
    expect(live('completed')[0]).toMatchObject({ state: 'COMPLETED', exitCode: { code: 0, signal: 0 }, endTime: utc('2026-11-29T20:16:41') });
    expect(live('failed_exit_code_3')[0]).toMatchObject({
      state: 'FAILED', reason: 'NonZeroExitCode', exitCode: { code: 3, signal: 0 },
      stdout: '/tmp/slurm-fixtures/exits-3-129.out', stderr: '/tmp/slurm-fixtures/exits-3-129.err',
    });
    expect(live('killed_by_signal_9')[0]).toMatchObject({ state: 'FAILED', exitCode: { code: 0, signal: 9 } });
    expect(live('cancelled')[0]).toMatchObject({ state: 'CANCELLED', user: 'bob', exitCode: { code: 0, signal: 15 } });
    expect(live('timeout')[0]).toMatchObject({ state: 'TIMEOUT', reason: 'TimeLimit', elapsedSeconds: 73, timeLimitSeconds: 60, exitCode: { code: 0, signal: 15 } });
  });

  it('gives an exit code only to jobs that ended', () => {
    expect(live('running')[0]?.exitCode).toBeUndefined();
    expect(live('held')[0]?.exitCode).toBeUndefined();
  });

  it('reads a whole listing, one job per record', () => {
    const jobs = live('mixed_listing');
    expect(jobs).toHaveLength(20);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(20);
    expect(jobs.filter((j) => j.state === 'RUNNING')).toHaveLength(9);
  });

  it('reads no output as no jobs', () => {
    expect(live('empty')).toEqual([]);
  });
});

describe('parseSqueue on 23.11 / 24.05 formats (from the documentation)', () => {
  it('reads a job configuring on ParallelCluster nodes that are powering up', () => {
    expect(parseSqueue(fixture('23.11', 'squeue', 'parallelcluster_configuring_on_powering_up_node'))[0]).toMatchObject({
      id: '1201', state: 'CONFIGURING', user: 'ec2-user', nodes: 'queue1-dy-c5xlarge-[1-3]', nodeCount: 3, cpus: 12,
      startTime: utc('2024-05-01T10:00:04'), timeLimitSeconds: 7200, stdout: '/home/ec2-user/cfd/slurm-1201.out', minMemory: '7600M',
    });
  });

  it('reads times of several days and long reasons', () => {
    expect(parseSqueue(fixture('23.11', 'squeue', 'long_running_days'))[0]).toMatchObject({ elapsedSeconds: 2 * 86400 + 7384, timeLimitSeconds: 7 * 86400 });
    expect(parseSqueue(fixture('23.11', 'squeue', 'pending_nodes_down_reason'))[0]).toMatchObject({
      reason: 'Nodes_required_for_job_are_DOWN,_DRAINED_or_reserved_for_jobs_in_higher_priority_partitions',
      timeLimitSeconds: 172800, stdout: '/home/alice/train-gpu-train-1202.out',
    });
  });

  it('reads OUT_OF_MEMORY with its wait status', () => {
    expect(parseSqueue(fixture('23.11', 'squeue', 'out_of_memory'))[0]).toMatchObject({ state: 'OUT_OF_MEMORY', exitCode: { code: 125, signal: 0 } });
  });

  it('treats UNLIMITED as no limit and Unknown times as absent', () => {
    const [job] = parseSqueue(fixture('23.11', 'squeue', 'unlimited_time_and_unknown_start'));
    expect(job).toMatchObject({ timeLimitSeconds: null, reason: 'JobHeldAdmin' });
    expect(job?.expectedStart).toBeUndefined();
  });

  it('never throws on values it does not know: the state becomes UNKNOWN, numbers are left out', () => {
    expect(parseSqueue(fixture('23.11', 'squeue', 'unknown_future_state'))).toEqual([
      { id: '1211', baseId: '1211', name: 'from-the-future', user: 'carol', state: 'UNKNOWN', stateText: 'SOME_NEW_STATE', reason: 'SomeNewReason', partition: 'queue1' },
    ]);
  });

  it('passes already expanded output paths through (24.05 prints them so)', () => {
    expect(parseSqueue(fixture('24.05', 'squeue', 'expanded_output_paths')).map((j) => [j.id, j.stdout, j.state])).toEqual([
      ['2001', '/home/alice/my runs/out.log', 'RUNNING'],
      ['2003_7', '/home/alice/sweep-2003_7.out', 'COMPLETING'],
    ]);
  });
});

describe('parseSqueue robustness', () => {
  it.each(allFixtures('squeue'))('%s: every record has an id, a state and a user', (_name, text) => {
    for (const job of parseSqueue(text)) {
      expect(job.id).toMatch(/^\d+([_+].+)?$/);
      expect(job.user).not.toBe('');
      expect(job.stateText).not.toBe('');
    }
  });

  it('skips records without a job id and keeps a truncated last record', () => {
    const good = fixture('22.05', 'squeue', 'running');
    expect(parseSqueue(`squeue: error: something\x1e\n${good}${good.slice(0, 60)}`).map((j) => j.id)).toEqual(['132', '132']);
  });

  it('reads Slurm timestamps in the cluster\'s time zone when told', () => {
    expect(parseSqueue(fixture('22.05', 'squeue', 'running'), { timeZone: 'Europe/Paris' })[0]?.submitTime).toEqual(new Date('2026-11-29T19:16:40Z'));
  });
});
