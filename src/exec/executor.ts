/** A command vector handed to a program as is; never joined into shell text except by `toShellScript`. */
export type Argv = readonly string[];

/** Where a command's standard input comes from. Text is for small inputs; scripts travel by file or URL. */
export type StdinSource =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'url'; readonly url: string };

export interface ExecRequest {
  readonly argv: Argv;
  /** Unix user to run as; absent = the executor's own identity (root on the head node). */
  readonly runAs?: string;
  readonly stdin?: StdinSource;
  /**
   * `home`: start the command in `runAs`'s home directory, looked up on the head node (sbatch takes
   * the job's working directory from its own). Needs `runAs`. With the `sudo` method the bot's own
   * account must be able to enter that directory.
   */
  readonly cwd?: 'home';
  /** Default: the executor's configured timeout. */
  readonly timeoutMs?: number;
}

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * Runs one command on a cluster's head node. Nothing else in the code base
 * spawns processes or talks to SSM.
 *
 * A non-zero exit is a result, not an error (Slurm's own refusals are data).
 * @throws ExecError EXEC_UNREACHABLE, EXEC_TIMEOUT, EXEC_FAILED (the command could not be run at all),
 *   EXEC_TRUNCATED (output lost beyond a limit).
 */
export interface Executor {
  run(request: ExecRequest): Promise<ExecResult>;
}
