import type { Argv, ExecResult } from '../exec/executor';
import type { Job } from '../slurm/types';
import { buildJobControl, buildScancel } from '../slurm/builders';
import { classifySlurmError, findSlurmError, type SlurmErrorInfo } from '../slurm/parsers/slurm-errors';
import { execForActor, type ActionContext } from './context';

/** What a user can do to a job from Slack that goes through Slurm. */
export type ControlAction = 'cancel' | 'hold' | 'release' | 'requeue';

export const CONTROL_ACTIONS: readonly ControlAction[] = ['cancel', 'hold', 'release', 'requeue'];

export type ControlOutcome =
  /** Slurm did it. */
  | { readonly kind: 'done' }
  /** The job had already ended: nothing to change (for a cancel, what the user wanted anyway). */
  | { readonly kind: 'already_done'; readonly info: SlurmErrorInfo }
  /** Slurm does not know the job (wrong id, or purged after MinJobAge). */
  | { readonly kind: 'not_found'; readonly info: SlurmErrorInfo }
  /** Slurm refused: someone else's job, or the job is in a state that does not allow it. */
  | { readonly kind: 'refused'; readonly info: SlurmErrorInfo };

/**
 * @throws ValidationError (field `jobId`) for a bad job id.
 */
export function buildControl(action: ControlAction, jobId: string): Argv {
  return action === 'cancel' ? buildScancel(jobId) : buildJobControl(action, jobId);
}

/**
 * What Slurm answered, from its stderr whatever the exit code: scancel 22.05 exits 0 for a job that
 * already ended and 210 for a refusal, scontrol exits 1 for both. Never throws.
 */
export function interpretControl(result: ExecResult): ControlOutcome {
  const found = findSlurmError(result.stderr);
  const info = found ?? (result.exitCode === 0 ? undefined : classifySlurmError((result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`).slice(0, 4000)));
  if (info === undefined) return { kind: 'done' };
  if (info.kind === 'already_done') return { kind: 'already_done', info };
  if (info.kind === 'invalid_job_id') return { kind: 'not_found', info };
  return { kind: 'refused', info };
}

/**
 * Runs scancel / scontrol hold|release|requeue as the actor (as root for an admin) and says how it went.
 * @throws ExecError from the executor (the cluster could not be reached: the action may not have run).
 * @throws ChatopsError FORBIDDEN when the actor's Unix user does not exist on the cluster.
 * @throws ValidationError for a bad job id.
 */
export async function controlJob(ctx: ActionContext, action: ControlAction, jobId: string): Promise<ControlOutcome> {
  return interpretControl(await execForActor(ctx, buildControl(action, jobId)));
}

/**
 * The job as it stands once Slurm accepted its cancel: CANCELLED in Slurm's own books, with a
 * COMPLETING flag while its processes stop (up to KillWait), which is all squeue prints. Shown as
 * what it is, so the card stops offering Cancel.
 */
export function afterCancel(job: Job): Job {
  return job.state === 'COMPLETING' || job.state === 'RUNNING' ? { ...job, state: 'CANCELLED', stateText: 'CANCELLED' } : job;
}
