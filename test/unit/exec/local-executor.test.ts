import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../../../src/errors';
import { LocalExecutor } from '../../../src/exec/local-executor';
import { expectExecError } from './exec-error';

/** Arguments that would do damage if they ever reached a shell unquoted. */
const NASTY_ARGS = [
  '$(touch /tmp/pwned)', '`id`', "'; rm -rf / #", 'a"b', '*', '~', '-n', '', ' lead and trail ', 'two\nlines',
  'back\\slash', '${HOME}', '!!', 'tab\there', 'ünïcødé ✓', '&&', '|', '>out', '<in', '#',
];

/** Splits printf '%s\0' output back into the arguments it received. */
function splitNul(stdout: string): string[] {
  return stdout.split('\0').slice(0, -1);
}

function isRunning(pid: number): boolean {
  try {
    // A zombie has been killed and only waits to be reaped.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('LocalExecutor', () => {
  const executor = new LocalExecutor({ defaultTimeoutMs: 10_000 });
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'local-executor-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('hands every argument to the program byte for byte, shell metacharacters included', async () => {
    const result = await executor.run({ argv: ['printf', '%s\\0', ...NASTY_ARGS] });

    expect(splitNul(result.stdout)).toEqual(NASTY_ARGS);
    expect(result.exitCode).toBe(0);
  });

  it('round-trips arbitrary argument text (property)', async () => {
    const arg = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !s.includes('\0'));
    await fc.assert(
      fc.asyncProperty(fc.array(arg, { minLength: 1, maxLength: 4 }), async (args) => {
        const result = await executor.run({ argv: ['printf', '%s\\0', ...args] });
        expect(splitNul(result.stdout)).toEqual(args);
      }),
      { numRuns: 40 },
    );
  });

  it('feeds stdin text to the program exactly, without interpreting it', async () => {
    const text = "#!/bin/bash\necho \"$(whoami)\" 'quoted' `tick` %s %d \\n\n\nlast line without newline";

    const result = await executor.run({ argv: ['cat'], stdin: { kind: 'text', text } });

    expect(result.stdout).toBe(text);
  });

  it('feeds a file as stdin', async () => {
    const path = join(dir, 'job script with spaces.sh');
    await writeFile(path, '#!/bin/bash\nsleep 1\n');

    const result = await executor.run({ argv: ['wc', '-l'], stdin: { kind: 'file', path } });

    expect(result.stdout.trim()).toBe('2');
  });

  it('gives the program no stdin when none is asked for', async () => {
    const result = await executor.run({ argv: ['cat'] });

    expect(result).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('runs as the requested Unix user', async () => {
    const result = await executor.run({ argv: ['id', '-un'], runAs: 'nobody' });

    expect(result.stdout).toBe('nobody\n');
  });

  it('reports a non-zero exit as a result, with stderr', async () => {
    const result = await executor.run({ argv: ['bash', '-c', 'echo out; echo "scancel: error: Kill job error" >&2; exit 3'] });

    expect(result).toEqual({ stdout: 'out\n', stderr: 'scancel: error: Kill job error\n', exitCode: 3 });
  });

  it('reports death by a signal as 128 + the signal number', async () => {
    const result = await executor.run({ argv: ['bash', '-c', 'kill -TERM $$'] });

    expect(result.exitCode).toBe(143);
  });

  it('stops a command that overruns its timeout, with its whole process group', async () => {
    const pidFile = join(dir, 'sleeper.pid');
    const started = Date.now();

    const error = await expectExecError(
      executor.run({ argv: ['bash', '-c', `sleep 30 & echo $! > '${pidFile}'; wait`], timeoutMs: 500 }),
      'EXEC_TIMEOUT',
    );

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toBe('The command did not finish within 0.5 s; it was stopped.');
    const sleeper = Number(await readFile(pidFile, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isRunning(sleeper)).toBe(false);
  });

  it('stops a timed-out command that runs as another user (runuser gets SIGTERM, then SIGKILL)', async () => {
    const marker = `sleep ${process.pid}.4242`;

    await expectExecError(executor.run({ argv: marker.split(' '), runAs: 'nobody', timeoutMs: 300 }), 'EXEC_TIMEOUT');

    const deadline = Date.now() + 5_000;
    let left = '';
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      left = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' }).stdout;
    } while (left !== '' && Date.now() < deadline);
    expect(left).toBe('');
  });

  it('returns large output whole when it is under the limit', async () => {
    const result = await executor.run({ argv: ['bash', '-c', 'head -c 3000000 /dev/zero | tr "\\0" x'] });

    expect(result.stdout.length).toBe(3_000_000);
  });

  it('fails with EXEC_TRUNCATED instead of returning cut output', async () => {
    const small = new LocalExecutor({ maxOutputBytes: 64 * 1024 });

    const error = await expectExecError(small.run({ argv: ['bash', '-c', 'yes | head -c 10000000'] }), 'EXEC_TRUNCATED');

    expect(error.message).toContain('more than 65536 bytes');
  });

  it('caps stderr too', async () => {
    const small = new LocalExecutor({ maxOutputBytes: 1024 });

    await expectExecError(small.run({ argv: ['bash', '-c', 'head -c 5000 /dev/zero >&2'] }), 'EXEC_TRUNCATED');
  });

  it('does not pass the bot environment (tokens) to commands', async () => {
    const result = await executor.run({ argv: ['env'] });

    const names = result.stdout.trim().split('\n').map((line) => line.split('=')[0]);
    expect(names.filter((name) => !['PATH', 'LANG', 'PWD', 'SHLVL', '_'].includes(name ?? ''))).toEqual([]);
  });

  it('maps a shell that cannot start to EXEC_FAILED', async () => {
    const broken = new LocalExecutor({ bash: '/nonexistent/bash' });

    const error = await expectExecError(broken.run({ argv: ['true'] }), 'EXEC_FAILED');

    expect(error.message).toBe('The command could not be run: bash could not be started.');
  });

  it('refuses a request that cannot be quoted, before running anything', async () => {
    await expect(executor.run({ argv: ['id'], runAs: 'alice; rm -rf /' })).rejects.toBeInstanceOf(ValidationError);
  });
});
