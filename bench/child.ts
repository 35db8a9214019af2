import { spawn } from 'node:child_process';

export interface ChildOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

/** Runs node with `args` in a fresh process and collects its output. */
export function runNode(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code }));
  });
}

/**
 * The last line of a child's standard output, as JSON.
 * @throws Error with the child's stderr when it failed or printed no JSON.
 */
export function lastJsonLine<T>(output: ChildOutput, what: string): T {
  const last = output.stdout.trim().split('\n').at(-1) ?? '';
  if (output.code !== 0 || !last.startsWith('{')) {
    throw new Error(`${what} failed (exit ${output.code}): ${output.stderr.trim().slice(0, 2000) || output.stdout.slice(0, 2000)}`);
  }
  return JSON.parse(last) as T;
}
