/** What `sbatch --parsable` printed for a submitted job. */
export interface SbatchResult {
  readonly jobId: string;
  /** Present on multi-cluster setups: `1234;cluster`. */
  readonly cluster?: string;
}

/**
 * The job id from `sbatch --parsable` output (`1234` or `1234;cluster`, or sbatch's plain
 * `Submitted batch job 1234`). sbatch prints warnings on stderr, but the last matching line wins
 * in case some land on stdout. Undefined when no line holds an id (the submission failed; see
 * stderr). Never throws.
 */
export function parseSbatch(stdout: string): SbatchResult | undefined {
  const lines = stdout.split('\n').map((l) => l.trim()).filter(Boolean).reverse();
  for (const line of lines) {
    // A site wrapper around sbatch may ignore --parsable and print the human sentence instead.
    const m = /^(\d{1,10})(?:;(\S+))?$/.exec(line) ?? /^Submitted batch job (\d{1,10})(?: on cluster (\S+))?$/.exec(line);
    if (m) return m[2] === undefined ? { jobId: m[1]! } : { jobId: m[1]!, cluster: m[2] };
  }
  return undefined;
}
