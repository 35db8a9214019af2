/** Knobs read from the environment of `npm run bench`. */
export interface BenchOptions {
  /** BENCH_QUICK=1: few samples, for a smoke run (about a minute); figures are indicative only. */
  readonly quick: boolean;
  /** BENCH_ONLY=ack,cold,overhead,parse,watcher,bundles: run only these sections. */
  readonly only?: ReadonlySet<string>;
  /** BENCH_OUT: where the Markdown report goes; default docs/BENCHMARKS.md on a full run, nowhere otherwise. */
  readonly out?: string;
}

export const SECTION_IDS = ['ack', 'cold', 'overhead', 'parse', 'watcher', 'bundles'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/**
 * @throws Error naming an unknown section in BENCH_ONLY.
 */
export function readOptions(env: NodeJS.ProcessEnv, defaultOut: string): BenchOptions {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const listed = env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const id of listed ?? []) {
    if (!(SECTION_IDS as readonly string[]).includes(id)) throw new Error(`BENCH_ONLY: unknown section "${id}"; sections: ${SECTION_IDS.join(', ')}`);
  }
  const only = listed && listed.length > 0 ? new Set(listed) : undefined;
  const full = !quick && only === undefined;
  const out = env.BENCH_OUT?.trim() || (full ? defaultOut : undefined);
  return { quick, ...(only && { only }), ...(out !== undefined && { out }) };
}

/** The full count, or the quick one. */
export function count(options: BenchOptions, full: number, quick: number): number {
  return options.quick ? quick : full;
}
