/** Milliseconds to wait before poll number `attempt` (0 = the first poll after SendCommand). */
export type PollSchedule = (attempt: number) => number;

export interface BackoffOptions {
  /** The wait before the first poll. Default 100 ms. */
  readonly initialMs?: number;
  /** Each wait is the one before it times this, up to the ceiling in force. Default 1.5. */
  readonly factor?: number;
  /** The ceiling once the early phase is over. Default 1 s. */
  readonly maxMs?: number;
  /** The ceiling during the early phase. Default 150 ms. */
  readonly earlyMaxMs?: number;
  /** How long the early phase lasts, in scheduled waits since SendCommand. Default 5 s. */
  readonly earlyForMs?: number;
}

/**
 * Polls often while a command is likely to end, then backs off, so that a long sbatch does not
 * hammer GetCommandInvocation. Most Slurm queries end within a few seconds, and a command waits on
 * average half a gap for the poll that sees it end: with gaps of at most 150 ms for the first
 * 5 s that is about 75 ms, where the seed design's fixed second cost 500 ms. Past 5 s the gaps
 * grow by the same factor to 1 s. By default the polls come at 100, 250, 400, … 5050 ms after
 * SendCommand, then at 5275, 5613, 6119, 6878 ms and every second: a command of 60 s takes 92
 * GetCommandInvocation calls (the seed's schedule 60), one of 2 s takes 14.
 * The waits are scheduled time; each poll's own round trip comes on top.
 */
export function backoffSchedule(options: BackoffOptions = {}): PollSchedule {
  const initialMs = options.initialMs ?? 100;
  const factor = options.factor ?? 1.5;
  const maxMs = options.maxMs ?? 1_000;
  const earlyMaxMs = options.earlyMaxMs ?? 150;
  const earlyForMs = options.earlyForMs ?? 5_000;
  // Unrounded waits so far; once past the early phase at maxMs every later wait is maxMs, so no more are kept.
  const waits: number[] = [];
  let elapsedMs = 0;
  return (attempt) => {
    while (waits.length <= attempt) {
      const last = waits[waits.length - 1];
      if (last !== undefined && last >= maxMs && elapsedMs >= earlyForMs) return maxMs;
      const ceiling = elapsedMs < earlyForMs ? earlyMaxMs : maxMs;
      const wait = Math.min(ceiling, last === undefined ? initialMs : last * factor);
      waits.push(wait);
      elapsedMs += wait;
    }
    return Math.round(waits[attempt]!);
  };
}

/** Wait `ms` before every poll, the first included: `fixedSchedule(1000)` is the seed design's `sleep(1)` loop. */
export function fixedSchedule(ms: number): PollSchedule {
  return () => ms;
}
