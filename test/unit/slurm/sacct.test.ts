// Guards parseSacct: steps under their job, peak memory from steps, "CANCELLED by uid", array tasks,
// and names holding a newline or the delimiter.
import { parseSacct } from '../../../src/slurm/parsers/sacct';
import { allFixtures, fixture, utc } from './fixtures';

// The local 22.05 cluster keeps no accounting, so sacct fixtures are written from the 23.11 documentation.
describe('parseSacct', () => {
  it('reads a job with its steps, peak memory taken from the steps', () => {
    const [job] = parseSacct(fixture('23.11', 'sacct', 'completed_with_steps'));
    expect(job).toEqual({
      id: '1300', jobIdRaw: '1300', name: 'train', user: 'alice', partition: 'queue1', state: 'COMPLETED', stateText: 'COMPLETED',
      exitCode: { code: 0, signal: 0 }, derivedExitCode: { code: 0, signal: 0 },
      submitTime: utc('2024-05-01T10:00:00'), startTime: utc('2024-05-01T10:00:05'), endTime: utc('2024-05-01T10:30:05'),
      elapsedSeconds: 1800, timeLimitSeconds: 3600, totalCpuSeconds: 3492, maxRssMb: 1800, reqMem: '7600M', reqMemMb: 7600,
      cpus: 4, nodeCount: 1, nodes: 'queue1-dy-c5xlarge-1', workDir: '/home/alice',
      steps: [
        { id: '1300.batch', name: 'batch', state: 'COMPLETED', stateText: 'COMPLETED', exitCode: { code: 0, signal: 0 }, elapsedSeconds: 1800, totalCpuSeconds: 3492, maxRssMb: 1800 },
        { id: '1300.extern', name: 'extern', state: 'COMPLETED', stateText: 'COMPLETED', exitCode: { code: 0, signal: 0 }, elapsedSeconds: 1800, totalCpuSeconds: 0, maxRssMb: 884 / 1024 },
      ],
    });
  });

  it('reads "CANCELLED by <uid>" and TIMEOUT', () => {
    expect(parseSacct(fixture('23.11', 'sacct', 'cancelled_by_user_and_timeout')).map((j) => [j.id, j.state, j.stateText, j.exitCode, j.timeLimitSeconds, j.maxRssMb])).toEqual([
      ['1301', 'CANCELLED', 'CANCELLED by 1002', { code: 0, signal: 15 }, null, 2],
      ['1302', 'TIMEOUT', 'TIMEOUT', { code: 0, signal: 0 }, 600, 10],
    ]);
  });

  it('reads array tasks by their display id, out of memory included', () => {
    expect(parseSacct(fixture('23.11', 'sacct', 'out_of_memory_array_tasks')).map((j) => [j.id, j.jobIdRaw, j.state, j.exitCode, j.maxRssMb, j.reqMemMb])).toEqual([
      ['1310_1', '1311', 'OUT_OF_MEMORY', { code: 0, signal: 125 }, 2048, 2048],
      ['1310_2', '1310', 'COMPLETED', { code: 0, signal: 0 }, 1536, 2048],
    ]);
  });

  it('keeps a job name with a newline and a separator in one record', () => {
    const jobs = parseSacct(fixture('23.11', 'sacct', 'newline_and_separator_in_name'));
    expect(jobs.map((j) => [j.id, j.name, j.state, j.exitCode])).toEqual([
      ['1320', 'two\nlines\x1fand sep', 'FAILED', { code: 2, signal: 0 }],
      ['1321', 'running', 'RUNNING', { code: 0, signal: 0 }],
    ]);
    expect(jobs[1]?.endTime).toBeUndefined();
    expect(jobs[1]?.timeLimitSeconds).toBeNull();
  });

  it.each(allFixtures('sacct'))('%s: every job has an id and steps belong to it', (_name, text) => {
    for (const job of parseSacct(text)) {
      expect(job.id).toMatch(/^\d+(_\d+)?$/);
      for (const step of job.steps) expect(step.id.startsWith(`${job.id}.`)).toBe(true);
    }
  });

  it('reads nothing from the error a cluster without accounting prints', () => {
    expect(parseSacct(fixture('22.05', 'errors', 'sacct_accounting_disabled'))).toEqual([]);
  });
});
