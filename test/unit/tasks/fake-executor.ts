import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExecRequest, ExecResult, Executor } from '../../../src/exec/executor';

const FIXTURES = path.resolve(__dirname, '../../fixtures/slurm/22.05');

/** Output captured from the real Slurm 22.05, e.g. `fixture('squeue/running.txt')`. */
export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', exitCode: 0 });
export const fails = (stderr: string, exitCode = 1): ExecResult => ({ stdout: '', stderr, exitCode });

/**
 * An executor that answers from recorded output, and counts every call so a test can assert
 * that nothing reached the cluster. Answers are keyed by program and one of its arguments
 * (`'scontrol job'`, `'squeue --start'`) or by program alone (`'sinfo'`); a program with no
 * answer is "not installed" (exit 127).
 */
export class RecordedExecutor implements Executor {
  readonly calls: ExecRequest[] = [];

  constructor(private readonly answers: Readonly<Record<string, ExecResult | Error | ((req: ExecRequest) => ExecResult)>> = {}) {}

  async run(request: ExecRequest): Promise<ExecResult> {
    this.calls.push(request);
    const [program = '', ...args] = request.argv;
    const key = args.map((a) => `${program} ${a}`).find((k) => this.answers[k] !== undefined) ?? program;
    const answer = this.answers[key];
    if (answer === undefined) return fails(`bash: ${program}: command not found`, 127);
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer(request) : answer;
  }
}
