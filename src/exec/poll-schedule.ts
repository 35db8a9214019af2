/** Milliseconds to wait before poll number `attempt` (0 = the first poll after SendCommand). */
export type PollSchedule = (attempt: number) => number;

export interface BackoffOptions {
  readonly initialMs?: number;
  readonly factor?: number;
  readonly maxMs?: number;
}

/**
 * Starts short, because most Slurm queries finish on the head node in well under a second,
 * and backs off so that a long sbatch does not hammer GetCommandInvocation (default 100 ms ×1.5 up to 1 s).
 */
export function backoffSchedule(options: BackoffOptions = {}): PollSchedule {
  const initialMs = options.initialMs ?? 100;
  const factor = options.factor ?? 1.5;
  const maxMs = options.maxMs ?? 1_000;
  return (attempt) => Math.min(maxMs, Math.round(initialMs * factor ** attempt));
}

/** Wait `ms` before every poll, the first included: `fixedSchedule(1000)` is the seed design's `sleep(1)` loop. */
export function fixedSchedule(ms: number): PollSchedule {
  return () => ms;
}
