import type { ExecRequest, ExecResult, Executor } from './executor';

/** Slurm's client programs; anything else (tail, stat) is found on the PATH as usual. */
const SLURM_PROGRAMS: ReadonlySet<string> = new Set([
  'sacct', 'sbatch', 'scancel', 'scontrol', 'sinfo', 'sprio', 'squeue', 'sshare', 'sstat',
]);

/**
 * The argv with a Slurm program (argv[0]) called by its absolute path under `binDir`; any other argv
 * as it is. For commands a wrapper script runs, where withSlurmBinDir cannot see argv[0].
 */
export function slurmArgv(argv: readonly string[], binDir: string | undefined): readonly string[] {
  const [program, ...args] = argv;
  if (binDir === undefined || program === undefined || !SLURM_PROGRAMS.has(program)) return argv;
  return [`${binDir.replace(/\/+$/, '')}/${program}`, ...args];
}

/**
 * An executor that calls Slurm's programs by absolute path, for head nodes where a non-login
 * root shell (SSM's, runuser's) does not have them on its PATH.
 */
export function withSlurmBinDir(executor: Executor, binDir: string): Executor {
  return {
    run(request: ExecRequest): Promise<ExecResult> {
      return executor.run({ ...request, argv: slurmArgv(request.argv, binDir) });
    },
  };
}
