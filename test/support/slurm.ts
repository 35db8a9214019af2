import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../scripts/slurm-local.sh');

let cached: boolean | undefined;

/**
 * Whether the real single-node Slurm (scripts/slurm-local.sh) is up. Under CI it must be:
 * a missing cluster throws so the suite fails. Elsewhere the caller skips, and this says so loudly.
 */
export function requireSlurm(): boolean {
  if (cached !== undefined) return cached;
  const status = spawnSync('bash', [SCRIPT, 'status'], { encoding: 'utf8' });
  cached = status.status === 0;
  if (!cached) {
    const why = `the local Slurm cluster is not running (${(status.stderr || status.error?.message || '').trim()})`;
    if (process.env.CI === 'true') throw new Error(`${why}; .ci/run must start it with scripts/slurm-local.sh up`);
    console.warn(`\n*** SKIPPING Slurm integration tests: ${why}. Start it as root: sudo bash scripts/slurm-local.sh up ***\n`);
  }
  return cached;
}

/** `describe` when the real Slurm is up, `describe.skip` (announced by requireSlurm) when not. */
export function describeWithSlurm(name: string, fn: () => void): void {
  (requireSlurm() ? describe : describe.skip)(name, fn);
}

/** Submits a job as a test user straight through sbatch (not through the bot) and returns its id. */
export function sbatchAs(user: string, script: string, args: readonly string[] = []): string {
  const out = execFileSync('runuser', ['-u', user, '--', 'sbatch', '--parsable', `--chdir=/tmp`, ...args], {
    input: script,
    encoding: 'utf8',
  });
  const id = out.trim().split(';')[0] ?? '';
  if (!/^\d+$/.test(id)) throw new Error(`sbatch did not return a job id: ${out}`);
  return id;
}

/** Cancels test jobs as root; already-finished ones are fine. */
export function scancelAll(ids: readonly string[]): void {
  if (ids.length > 0) spawnSync('scancel', [...ids], { encoding: 'utf8' });
}

/** Polls squeue until the job reaches one of the states (long names), or throws after the timeout. */
export async function waitForJobState(id: string, states: readonly string[], timeoutMs = 30000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const r = spawnSync('squeue', ['--noheader', '--states=all', '--jobs', id, '--format=%T'], { encoding: 'utf8' });
    last = r.stdout.trim();
    if (states.includes(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`job ${id} did not reach ${states.join('/')} (last state: ${last || 'gone'})`);
}
