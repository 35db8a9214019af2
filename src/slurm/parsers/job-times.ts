import { isEndState, type JobState } from '../states';

export interface JobTimes {
  readonly startTime?: Date;
  readonly endTime?: Date;
  readonly expectedStart?: Date;
}

const WAITING: ReadonlySet<JobState> = new Set<JobState>(['PENDING', 'REQUEUED', 'REQUEUE_FED', 'REQUEUE_HOLD', 'RESV_DEL_HOLD']);

/**
 * Slurm's StartTime of a waiting job is its expected start, and the EndTime of a running job
 * is when its time limit runs out. Job.startTime / endTime say what happened, so a waiting job's
 * StartTime becomes expectedStart and an unfinished job's EndTime is left out.
 */
export function jobTimes(state: JobState, start: Date | undefined, end: Date | undefined): JobTimes {
  if (WAITING.has(state)) return { expectedStart: start };
  return { startTime: start, endTime: isEndState(state) ? end : undefined };
}
