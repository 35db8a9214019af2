import { parseSacct } from '../../../src/slurm/parsers/sacct';
import { parseSqueue } from '../../../src/slurm/parsers/squeue';
import type { Job } from '../../../src/slurm/types';
import { compactRanges, countTasks, rangeIncludes, summarizeArray } from '../../../src/watch/array-summary';
import { judgeWatch } from '../../../src/watch/judge';
import { fixture } from '../slurm/fixtures';

const squeue = (name: string): Job[] => parseSqueue(fixture('22.05', 'squeue', name));
const sacct = (name: string) => parseSacct(fixture('23.11', 'sacct', name));

describe('judgeWatch: has the watched job ended, from one squeue (+ sacct) snapshot', () => {
  it('a completed job: ended, with its exit code', () => {
    const verdict = judgeWatch('128', { jobs: squeue('completed') });
    expect(verdict.kind).toBe('ended');
    expect(verdict.kind === 'ended' && verdict.job).toMatchObject({ id: '128', state: 'COMPLETED', exitCode: { code: 0, signal: 0 } });
  });

  it('a failed job: ended with exit code 3', () => {
    const jobs = squeue('failed_exit_code_3');
    const verdict = judgeWatch(jobs[0]!.id, { jobs });
    expect(verdict.kind === 'ended' && verdict.job).toMatchObject({ state: 'FAILED', exitCode: { code: 3, signal: 0 } });
  });

  it('a running job among others: waiting', () => {
    const jobs = squeue('running');
    expect(judgeWatch(jobs[0]!.id, { jobs }).kind).toBe('waiting');
  });

  it('an array with running tasks and a pending range: waiting until every task ended', () => {
    const jobs = squeue('array_running_tasks_and_pending_range');
    expect(judgeWatch('138', { jobs }).kind).toBe('waiting');
    const ended = jobs.map((j) => ({ ...j, state: j.arrayTaskId === '1' ? 'FAILED' as const : 'COMPLETED' as const }));
    const verdict = judgeWatch('138', { jobs: ended });
    expect(verdict.kind).toBe('array-ended');
    if (verdict.kind !== 'array-ended') return;
    expect(verdict.summary).toMatchObject({ arrayJobId: '138', name: 'sweep', total: 9, failedTaskIds: [1] });
    expect(verdict.summary.counts).toEqual([{ state: 'COMPLETED', count: 8 }, { state: 'FAILED', count: 1 }]);
  });

  it('one task of an array, still inside the pending range record: waiting', () => {
    const jobs = squeue('array_running_tasks_and_pending_range');
    expect(judgeWatch('138_5', { jobs }).kind).toBe('waiting');
    expect(judgeWatch('138_2', { jobs }).kind).toBe('waiting');
    const cancelled = jobs.map((j) => ({ ...j, state: 'CANCELLED' as const }));
    const verdict = judgeWatch('138_5', { jobs: cancelled });
    expect(verdict.kind === 'ended' && verdict.job).toMatchObject({ id: '138_5', state: 'CANCELLED' });
  });

  it('a het job: ended when every component has, reported by its leader', () => {
    const jobs = squeue('het_job');
    expect(judgeWatch('143', { jobs }).kind).toBe('waiting');
    const verdict = judgeWatch('143', { jobs: jobs.map((j) => ({ ...j, state: 'COMPLETED' as const })) });
    expect(verdict.kind === 'ended' && verdict.job.id).toBe('143+0');
  });

  it('a job squeue forgot but accounting knows: ended from sacct, with memory and CPU use', () => {
    const verdict = judgeWatch('1300', { jobs: [], accounting: sacct('completed_with_steps') });
    expect(verdict.kind).toBe('ended');
    if (verdict.kind !== 'ended') return;
    expect(verdict.job).toMatchObject({ id: '1300', state: 'COMPLETED', nodes: 'queue1-dy-c5xlarge-1' });
    expect(verdict.usage).toMatchObject({ maxRssMb: 1800, reqMemMb: 7600, cpus: 4, elapsedSeconds: 1800 });
  });

  it('squeue still lists the job: accounting only adds usage', () => {
    const jobs = squeue('completed');
    const accounting = [{ ...sacct('completed_with_steps')[0]!, id: '128', jobIdRaw: '128' }];
    const verdict = judgeWatch('128', { jobs, accounting });
    expect(verdict.kind === 'ended' && verdict.usage?.maxRssMb).toBe(1800);
  });

  it('an array known only to accounting, one task out of memory', () => {
    const verdict = judgeWatch('1310', { jobs: [], accounting: sacct('out_of_memory_array_tasks') });
    expect(verdict.kind).toBe('array-ended');
    expect(verdict.kind === 'array-ended' && verdict.summary.failedTaskIds).toEqual([1]);
  });

  it('a job nobody knows any more: vanished', () => {
    expect(judgeWatch('999', { jobs: squeue('completed') }).kind).toBe('vanished');
    expect(judgeWatch('999', { jobs: [], accounting: [] }).kind).toBe('vanished');
  });
});

describe('judgeWatch over one snapshot for every watch of a tick', () => {
  it('gives each watch its own verdict from the same snapshot, in any order', () => {
    const snapshot = { jobs: squeue('mixed_listing'), accounting: sacct('completed_with_steps') };
    const verdicts = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, judgeWatch(id, snapshot).kind]));
    const expected = { 128: 'ended', 131: 'ended', 132: 'waiting', 138: 'waiting', '138_5': 'waiting', 143: 'waiting', '143+1': 'waiting', 1300: 'ended', 999: 'vanished' };
    expect(verdicts(Object.keys(expected))).toEqual(expected);
    expect(verdicts(Object.keys(expected).reverse())).toEqual(expected);
  });

  it('reads a new snapshot afresh, not the answer of the one before', () => {
    const jobs = squeue('mixed_listing');
    expect(judgeWatch('132', { jobs }).kind).toBe('waiting');
    const later = jobs.map((j) => (j.id === '132' ? { ...j, state: 'COMPLETED' as const } : j));
    expect(judgeWatch('132', { jobs: later }).kind).toBe('ended');
    expect(judgeWatch('1300', { jobs: later }).kind).toBe('vanished');
    expect(judgeWatch('1300', { jobs: later, accounting: sacct('completed_with_steps') }).kind).toBe('ended');
  });
});

describe('array task ranges', () => {
  it('counts and tests index expressions as sbatch --array writes them', () => {
    expect(countTasks('3-9%2')).toBe(7);
    expect(countTasks('[1,3,5-7]')).toBe(5);
    expect(countTasks('0-15:4')).toBe(4);
    expect(countTasks('garbage')).toBe(0);
    expect(rangeIncludes('0-15:4', 8)).toBe(true);
    expect(rangeIncludes('0-15:4', 9)).toBe(false);
    expect(rangeIncludes('3-9%2', 9)).toBe(true);
  });

  it('compacts failed task ids for sbatch --array', () => {
    expect(compactRanges([10, 1, 2, 3, 5, 9, 3])).toBe('1-3,5,9-10');
    expect(compactRanges([])).toBe('');
  });

  it('sums pending ranges by their size', () => {
    const jobs = squeue('array_running_tasks_and_pending_range').map((j) => ({ ...j, state: 'CANCELLED' as const }));
    expect(summarizeArray('138', jobs)).toMatchObject({ total: 9, counts: [{ state: 'CANCELLED', count: 9 }], failedTaskIds: [] });
  });
});
