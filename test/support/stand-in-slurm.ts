import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecRequest, Executor } from '../../src/exec/executor';
import { DEFAULT_LOCAL_ENV, LocalExecutor } from '../../src/exec/local-executor';

/**
 * Stand-in Slurm programs for scripts that must run in real bash without a cluster: each prints
 * recorded output, its stderr and exit code. The executor is a LocalExecutor with them first on the
 * PATH, and records every request it runs.
 */
export interface StandInSlurm {
  readonly dir: string;
  readonly executor: Executor;
  readonly calls: ExecRequest[];
  /** (Re)defines a program: `name` prints `stdout`, then `stderr` on stderr, and exits `exitCode`. */
  program(name: string, stdout: string, exitCode?: number, stderr?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startStandInSlurm(prefix: string): Promise<StandInSlurm> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await mkdir(path.join(dir, 'bin'));
  const local = new LocalExecutor({ env: { ...DEFAULT_LOCAL_ENV, PATH: `${dir}/bin:${DEFAULT_LOCAL_ENV.PATH}` } });
  const calls: ExecRequest[] = [];
  return {
    dir,
    calls,
    executor: { run: (request) => (calls.push(request), local.run(request)) },
    async program(name, stdout, exitCode = 0, stderr = '') {
      const file = path.join(dir, 'bin', name);
      await writeFile(path.join(dir, `${name}.stdout`), stdout);
      await writeFile(path.join(dir, `${name}.stderr`), stderr);
      await writeFile(file, `#!/bin/bash\ncat '${dir}/${name}.stdout'\ncat '${dir}/${name}.stderr' >&2\nexit ${exitCode}\n`);
      await chmod(file, 0o755);
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
