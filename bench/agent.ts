import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** The environment the SSM fake's "agent" gives commands (test/support/ssm-endpoint.ts). */
const AGENT_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };

function runOnce(script: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('sh', ['-c', script], { env: AGENT_ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - start));
  });
}

/**
 * How long these `commands` take to run (written to a script file and started with `sh -c`, as the
 * SSM fake's agent does), once per run: the command's own time, to subtract from an end-to-end figure.
 */
export async function agentRunTimes(commands: readonly string[], runs: number): Promise<number[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chatops-bench-agent-'));
  const script = path.join(dir, '_script.sh');
  writeFileSync(script, `${commands.join('\n')}\n`, { mode: 0o755 });
  try {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push(await runOnce(script));
    return samples;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
