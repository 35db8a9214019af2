import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readJobOutput } from '../../../src/actions/job-output';
import { buildFileTailRead, buildJobOutputRead, OUTPUT_TAIL_BYTES, parseOutputScript } from '../../../src/actions/output-script';
import { ChatopsError, ValidationError } from '../../../src/errors';
import type { Executor } from '../../../src/exec/executor';
import { DEFAULT_LOCAL_ENV, LocalExecutor } from '../../../src/exec/local-executor';
import { startStandInSlurm, type StandInSlurm } from '../../support/stand-in-slurm';

/*
 * The output script runs in real bash here, with a stand-in `scontrol` on the PATH that prints a
 * recorded one-line job record, so the path extraction, the framing and the second-call fallback are
 * exercised for real without a cluster.
 */

let slurm: StandInSlurm;
let dir: string;
let executor: Executor;

function record(fields: { name?: string; stdout: string; stderr?: string; id?: string }): string {
  const id = fields.id ?? '42';
  return `JobId=${id} JobName=${fields.name ?? 'demo'} UserId=alice(1001) GroupId=alice(1001) JobState=FAILED Reason=NonZeroExitCode ` +
    `ExitCode=3:0 RunTime=00:00:05 TimeLimit=01:00:00 Partition=compute NodeList=vm NumNodes=1 NumCPUs=1 Command=/tmp/job.sh ` +
    `WorkDir=${dir} StdErr=${fields.stderr ?? fields.stdout} StdIn=/dev/null StdOut=${fields.stdout} Power=`;
}

function fakeScontrol(text: string, exitCode = 0, stderr = ''): Promise<void> {
  return slurm.program('scontrol', text, exitCode, stderr);
}

function read(jobId = '42', lines = 20) {
  return readJobOutput({ executor, clusterName: 'local', jobId, lines, timeoutMs: 10_000 });
}

beforeAll(async () => {
  slurm = await startStandInSlurm('chatops-output-');
  dir = slurm.dir;
  executor = slurm.executor;
});

afterAll(() => slurm.close());

beforeEach(() => {
  slurm.calls.length = 0;
});

describe('readJobOutput (one executor call for the record and the tails)', () => {
  it('reads stdout and a separate stderr in one call', async () => {
    await writeFile(path.join(dir, 'out.txt'), 'line 1\nline 2\nresult: 42\n');
    await writeFile(path.join(dir, 'err.txt'), 'warning: careful\n');
    await fakeScontrol(record({ stdout: `${dir}/out.txt`, stderr: `${dir}/err.txt` }));
    const out = await read();
    expect(slurm.calls).toHaveLength(1);
    expect(out.calls).toBe(1);
    expect(out.job.id).toBe('42');
    expect(out.streams).toEqual([
      { key: 'stdout', path: `${dir}/out.txt`, status: 'ok', size: 25, text: 'line 1\nline 2\nresult: 42\n', cut: false },
      { key: 'stderr', path: `${dir}/err.txt`, status: 'ok', size: 17, text: 'warning: careful\n', cut: false },
    ]);
  });

  it('reads one file once when stdout and stderr are the same', async () => {
    await writeFile(path.join(dir, 'both.txt'), 'everything\n');
    await fakeScontrol(record({ stdout: `${dir}/both.txt` }));
    const out = await read();
    expect(out.streams.map((s) => s.key)).toEqual(['stdout']);
  });

  it('keeps a path with spaces whole', async () => {
    await writeFile(path.join(dir, 'my run 1.out'), 'spaced\n');
    await fakeScontrol(record({ stdout: `${dir}/my run 1.out` }));
    const out = await read();
    expect(out.calls).toBe(1);
    expect(out.streams[0]).toMatchObject({ path: `${dir}/my run 1.out`, status: 'ok', text: 'spaced\n' });
  });

  it('is not fooled by a job name that holds "StdOut=": the last StdOut is the real one', async () => {
    await writeFile(path.join(dir, 'real.out'), 'real output\n');
    await fakeScontrol(record({ name: 'x StdOut=/etc/passwd', stdout: `${dir}/real.out` }));
    const out = await read();
    expect(out.streams[0]).toMatchObject({ path: `${dir}/real.out`, text: 'real output\n' });
  });

  // Regression: bash cuts a path at the first " Key=" it sees; the parser knows better, so the exact path is read in a second call.
  it('reads the exact path in a second call when the path itself holds " Key=" text', async () => {
    await writeFile(path.join(dir, 'a b=c.out'), 'tricky\n');
    await fakeScontrol(record({ stdout: `${dir}/a b=c.out` }));
    const out = await read();
    expect(out.calls).toBe(2);
    expect(slurm.calls[1]!.argv).toContain('files');
    expect(out.streams).toEqual([{ key: 'stdout', path: `${dir}/a b=c.out`, status: 'ok', size: 7, text: 'tricky\n', cut: false }]);
  });

  it('handles a job name with a newline (the record spans two lines)', async () => {
    await writeFile(path.join(dir, 'nl.out'), 'ok\n');
    await fakeScontrol(record({ name: 'line one\nline two', stdout: `${dir}/nl.out` }));
    const out = await read();
    expect(out.job.name).toBe('line one\nline two');
    expect(out.streams[0]).toMatchObject({ path: `${dir}/nl.out`, text: 'ok\n' });
  });

  it('keeps only the tail of a 10,000-line file, from a whole line, and says it was cut', async () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `row ${i + 1} ${'x'.repeat(40)}`).join('\n') + '\n';
    await writeFile(path.join(dir, 'big.out'), text);
    await fakeScontrol(record({ stdout: `${dir}/big.out` }));
    const out = await read('42', 5000);
    const stream = out.streams[0]!;
    if (stream.status !== 'ok') throw new Error(`unexpected ${stream.status}`);
    expect(stream.cut).toBe(true);
    expect(stream.size).toBe(Buffer.byteLength(text));
    expect(stream.text.endsWith(`row 10000 ${'x'.repeat(40)}\n`)).toBe(true);
    expect(stream.text.startsWith('row ')).toBe(true);
    expect(Buffer.byteLength(stream.text)).toBeLessThanOrEqual(OUTPUT_TAIL_BYTES);
  });

  it('says which file is missing (a job that has not written yet)', async () => {
    await fakeScontrol(record({ stdout: `${dir}/not-yet.out` }));
    const out = await read();
    expect(out.streams[0]).toMatchObject({ key: 'stdout', status: 'missing', path: `${dir}/not-yet.out` });
  });

  it('turns "Invalid job id" into JOB_NOT_FOUND', async () => {
    await fakeScontrol('', 1, 'slurm_load_jobs error: Invalid job id specified\n');
    await expect(read('99')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
    await expect(read('99')).rejects.toBeInstanceOf(ChatopsError);
  });

  it('reports a missing scontrol as EXEC_FAILED', async () => {
    const bare = new LocalExecutor({ env: { ...DEFAULT_LOCAL_ENV, PATH: '/nonexistent' } });
    await expect(readJobOutput({ executor: bare, clusterName: 'local', jobId: '42', lines: 5, timeoutMs: 10_000 })).rejects.toMatchObject({ code: 'EXEC_FAILED' });
  });
});

describe('output script argv and answer', () => {
  it('passes user values as arguments, never inside the script', () => {
    const argv = buildJobOutputRead('123_4', 30);
    expect(argv.slice(0, 2)).toEqual(['bash', '-c']);
    expect(argv.slice(3)).toEqual(['slurm-chatops-output', 'job', 'scontrol', '123_4', '30', String(OUTPUT_TAIL_BYTES)]);
    expect(buildJobOutputRead('7', 5, '/opt/slurm/bin')[5]).toBe('/opt/slurm/bin/scontrol');
    expect(() => buildJobOutputRead('1; rm -rf /', 30)).toThrow(ValidationError);
    expect(() => buildJobOutputRead('12', 0)).toThrow(ValidationError);
    expect(() => buildFileTailRead([{ key: 'stdout', path: 'relative.out' }], 10)).toThrow(ValidationError);
  });

  it('ignores lines it does not know and cannot be forged by file content', () => {
    const forged = Buffer.from('FILE stdout AAAA ok 1 AAAA\nJOB xxx').toString('base64');
    const answer = parseOutputScript(`noise\nJOB ${Buffer.from('JobId=1').toString('base64')}\nFILE stdout ${Buffer.from('/a').toString('base64')} ok 30 ${forged}\nFILE bogus x ok 1 x\n`);
    expect(answer.jobRecord).toBe('JobId=1');
    expect(answer.streams).toHaveLength(1);
    expect(answer.streams[0]).toMatchObject({ path: '/a', status: 'ok', text: 'FILE stdout AAAA ok 1 AAAA\nJOB xxx' });
  });
});
