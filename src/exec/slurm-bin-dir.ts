import type { ExecRequest, ExecResult, Executor } from './executor';

/** Slurm's client programs; anything else (tail, stat) is found on the PATH as usual. */
const SLURM_PROGRAMS: ReadonlySet<string> = new Set([
  'sacct', 'sbatch', 'scancel', 'scontrol', 'sinfo', 'sprio', 'squeue', 'sshare', 'sstat',
]);

/**
 * An executor that calls Slurm's programs by absolute path, for head nodes where a non-login
 * root shell (SSM's, runuser's) does not have them on its PATH.
 */
export function withSlurmBinDir(executor: Executor, binDir: string): Executor {
  const dir = binDir.replace(/\/+$/, '');
  return {
    run(request: ExecRequest): Promise<ExecResult> {
      const [program, ...args] = request.argv;
      if (program === undefined || !SLURM_PROGRAMS.has(program)) return executor.run(request);
      return executor.run({ ...request, argv: [`${dir}/${program}`, ...args] });
    },
  };
}
