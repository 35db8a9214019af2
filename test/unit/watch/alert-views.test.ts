import { alertTips, cpuEfficiency } from '../../../src/slack/views/alert-tips';
import { renderJobAlert, renderJobVanishedAlert } from '../../../src/slack/views/alert';
import { renderArrayAlert } from '../../../src/slack/views/array-alert';
import { renderClusterReachable, renderClusterUnreachable } from '../../../src/slack/views/cluster-alert';
import type { Job } from '../../../src/slurm/types';
import { visibleText } from '../../support/visible-text';
import { expectWithinSlackLimits } from '../views/slack-limits';

function job(overrides: Partial<Job> = {}): Job {
  return {
    id: '129', baseId: '129', name: 'exits-3', user: 'alice', state: 'FAILED', stateText: 'FAILED', partition: 'compute',
    nodes: 'vm', elapsedSeconds: 125, timeLimitSeconds: 3600, exitCode: { code: 3, signal: 0 }, endTime: new Date('2030-01-01T10:00:00Z'),
    ...overrides,
  };
}

describe('renderJobAlert', () => {
  it('says who, which job, how it ended, exit code, run time against the limit, nodes', () => {
    const message = renderJobAlert({ cluster: 'local', job: job(), mention: 'U0ALICE' });
    const text = visibleText(message);
    expect(text).toMatch(/<@U0ALICE> job \*129\* `exits-3` on \*local\* ended: \*Failed\*, exit code 3\./);
    expect(text).toMatch(/\*Run time \/ limit\*\n2m 05s \/ 1h 00m/);
    expect(text).toMatch(/\*Nodes\*\n`vm`/);
    expect(message.text).toBe('Job 129 `exits-3` on local ended: Failed (exit code 3).');
    expectWithinSlackLimits(message);
  });

  it('names the signal of a killed job', () => {
    const text = visibleText(renderJobAlert({ cluster: 'local', job: job({ exitCode: { code: 0, signal: 9 } }), mention: 'U0ALICE' }));
    expect(text).toMatch(/exit code killed by signal 9 \(SIGKILL\)/);
    expect(text).toMatch(/signal 9\), often for using more memory/);
  });

  it('with accounting: peak memory against the request, CPU efficiency, and the out-of-memory tip', () => {
    const text = visibleText(renderJobAlert({
      cluster: 'pc', job: job({ state: 'OUT_OF_MEMORY', stateText: 'OUT_OF_MEMORY' }), mention: 'U0ALICE',
      usage: { maxRssMb: 2048, reqMemMb: 2048, totalCpuSeconds: 60, cpus: 2, elapsedSeconds: 60 },
    }));
    expect(text).toMatch(/\*Peak memory\*\n2 GB of 2 GB asked \(100%\)/);
    expect(text).toMatch(/\*CPU efficiency\*\n50% of 2 CPUs/);
    expect(text).toMatch(/resubmit with a larger `--mem`/);
  });

  it('a timeout: the tip asks for a longer --time', () => {
    const text = visibleText(renderJobAlert({ cluster: 'local', job: job({ state: 'TIMEOUT', stateText: 'TIMEOUT', exitCode: { code: 0, signal: 0 } }), mention: 'U0ALICE' }));
    expect(text).toMatch(/ended: \*Timed out\*\./);
    expect(text).toMatch(/resubmit with a longer `--time`/);
  });

  it('the output tail is escaped, cleaned of terminal codes and kept short', () => {
    const noisy = `${'x'.repeat(5000)}\n\u001b[31mred <!channel>\u001b[0m\nprogress 10%\rprogress 100%\n`;
    const message = renderJobAlert({
      cluster: 'local', job: job(), mention: 'U0ALICE',
      output: { streams: [{ key: 'stdout', path: '/home/alice/out', status: 'ok', text: noisy, cut: true, size: 99999 }], lines: 20, readAs: 'alice' },
    });
    const text = visibleText(message);
    expect(text).toMatch(/red &lt;!channel&gt;/);
    expect(text).not.toMatch(/\u001b|<!channel>|progress 10%/);
    expect(text).toMatch(/progress 100%/);
    expect(text).toMatch(/last lines only/);
    expectWithinSlackLimits(message);
  });

  it('says why there is no output when it could not be read', () => {
    const text = visibleText(renderJobAlert({ cluster: 'local', job: job(), mention: 'U0ALICE', output: { unavailable: 'Slurm no longer knows the job, so its output file cannot be located.' } }));
    expect(text).toMatch(/Output: Slurm no longer knows the job/);
  });

  it('a vanished job: final state unknown, and why', () => {
    const local = visibleText(renderJobVanishedAlert({ cluster: 'local', jobId: '55', mention: 'U0BOB', minJobAgeSeconds: 300, accounting: false }));
    expect(local).toMatch(/<@U0BOB> job \*55\* on \*local\* has ended, but its final state is unknown\./);
    expect(local).toMatch(/forgets a finished job 5m 00s after it ends, this cluster keeps no accounting/);
    const pc = visibleText(renderJobVanishedAlert({ cluster: 'pc', jobId: '55', mention: 'U0BOB', minJobAgeSeconds: 300, accounting: true }));
    expect(pc).toMatch(/accounting database \(sacct\) has no record of it either/);
  });
});

describe('renderArrayAlert', () => {
  it('counts per state and the failed task ids, ready for sbatch --array', () => {
    const message = renderArrayAlert({
      cluster: 'local', arrayJobId: '138', name: 'sweep', mention: 'U0ALICE', total: 10,
      counts: [{ state: 'COMPLETED', count: 7 }, { state: 'FAILED', count: 2 }, { state: 'OUT_OF_MEMORY', count: 1 }],
      failedTasks: '3-4,9', failedCount: 3, longestRunSeconds: 600,
    });
    const text = visibleText(message);
    expect(text).toMatch(/array job \*138\* `sweep` on \*local\* has ended: 3 tasks of 10 failed\./);
    expect(text).toMatch(/Completed\*\n7 tasks/);
    expect(text).toMatch(/sbatch --array=3-4,9/);
    expectWithinSlackLimits(message);
  });

  it('all completed', () => {
    const text = visibleText(renderArrayAlert({
      cluster: 'local', arrayJobId: '7', name: 'ok', mention: 'U0ALICE', total: 3, counts: [{ state: 'COMPLETED', count: 3 }], failedTasks: '', failedCount: 0,
    }));
    expect(text).toMatch(/:white_check_mark: .* has ended: 3 of 3 tasks completed\./);
    expect(text).not.toMatch(/Failed tasks/);
  });
});

describe('cluster health messages', () => {
  it('one warning with the error, one all-clear', () => {
    const warning = renderClusterUnreachable({ cluster: 'pc', failures: 3, failingSince: 1_893_456_000, lastError: 'EXEC_UNREACHABLE: no head node', watchedJobs: 4 });
    expect(visibleText(warning)).toMatch(/cannot reach cluster \*pc\* since .* \(3 checks in a row failed\)\. Alerts for its 4 watched jobs will be late, not lost/);
    expect(visibleText(warning)).toMatch(/Last error: `EXEC_UNREACHABLE: no head node`/);
    expect(visibleText(renderClusterReachable({ cluster: 'pc' }))).toMatch(/\*pc\* is reachable again/);
  });
});

describe('alertTips', () => {
  it('suggests fewer CPUs or less memory only for a completed job that left most idle', () => {
    expect(alertTips({ state: 'COMPLETED', usage: { totalCpuSeconds: 100, cpus: 8, elapsedSeconds: 100 } })).toEqual([
      'It used about 1 of its 8 CPUs: asking for fewer may start the next run sooner.',
    ]);
    expect(alertTips({ state: 'COMPLETED', usage: { maxRssMb: 500, reqMemMb: 16384 } })[0]).toMatch(/used 500 MB of the 16 GB it asked for/);
    expect(alertTips({ state: 'CANCELLED', usage: { maxRssMb: 500, reqMemMb: 16000 } })).toEqual([]);
    expect(alertTips({ state: 'COMPLETED' })).toEqual([]);
  });

  it('computes CPU efficiency only with every number', () => {
    expect(cpuEfficiency({ totalCpuSeconds: 30, cpus: 2, elapsedSeconds: 30 })).toBe(0.5);
    expect(cpuEfficiency({ cpus: 2, elapsedSeconds: 30 })).toBeUndefined();
  });
});
