import type { ExecRequest, ExecResult, StdinSource } from '../exec/executor';
import { rejectUnrunnable } from '../exec/unrunnable';
import { buildSbatch } from '../slurm/builders';
import { parseSbatch } from '../slurm/parsers/sbatch';
import { classifySlurmError, type SlurmErrorInfo } from '../slurm/parsers/slurm-errors';

/** What one sbatch call came to. */
export type SbatchOutcome =
  | { readonly kind: 'submitted'; readonly jobId: string }
  /** sbatch ran and refused: nothing was queued. */
  | { readonly kind: 'rejected'; readonly info: SlurmErrorInfo }
  /** sbatch said it succeeded but printed no job id: whether a job exists is unknown. */
  | { readonly kind: 'unknown'; readonly detail: string };

/**
 * The one executor call of a submission: `sbatch --parsable <options>` as the mapped user, started
 * in their home directory (sbatch takes the job's default working directory from its own, and
 * runuser would otherwise keep the root shell's), the script on standard input. The options are
 * argv; an option typed in the modal overrides the same `#SBATCH` line, as on the command line.
 * @throws ValidationError for an option off the allow-list or a malformed user name.
 */
export function sbatchRequest(options: readonly string[], unixUser: string, stdin: StdinSource, timeoutMs?: number): ExecRequest {
  return { argv: buildSbatch(options), runAs: unixUser, stdin, cwd: 'home', ...(timeoutMs !== undefined && { timeoutMs }) };
}

const NO_HOME = /\bcd: [^\n]*(No such file or directory|Permission denied|Not a directory)/;

/**
 * Reads sbatch's result. A refusal keeps Slurm's own words (untrusted: escape them to show them).
 * @throws ExecError EXEC_FAILED when sbatch is not installed on the cluster (nothing ran).
 * @throws ChatopsError FORBIDDEN when the Unix user does not exist there (nothing ran).
 */
export function interpretSbatch(result: ExecResult, cluster: string, unixUser: string): SbatchOutcome {
  const text = (result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`).slice(0, 4000);
  if (result.exitCode === 0) {
    const parsed = parseSbatch(result.stdout);
    return parsed === undefined ? { kind: 'unknown', detail: text } : { kind: 'submitted', jobId: parsed.jobId };
  }
  rejectUnrunnable(result, 'sbatch', cluster, unixUser);
  if (NO_HOME.test(text)) {
    return {
      kind: 'rejected',
      info: { kind: 'unknown', message: text, summary: `The home directory of ${unixUser} could not be entered to submit from. Ask an admin to create it.` },
    };
  }
  return { kind: 'rejected', info: classifySlurmError(text) };
}
