import { firstHost } from './hostlist';

/** What a batch job's output file name pattern can refer to. */
export interface OutputPathContext {
  readonly jobId: string;
  readonly arrayJobId?: string;
  /** One task index; a pending range (`3-9%2`) cannot name a file. */
  readonly arrayTaskId?: string;
  readonly user?: string;
  readonly name?: string;
  /** The job's node list; `%N` is its first host. */
  readonly nodes?: string;
}

/** Slurm's task id for a job that is not in an array (NO_VAL - 1). */
const NO_ARRAY_TASK = '4294967294';

/**
 * Expands the replacement symbols of an sbatch `--output`/`--error` pattern (`%j`, `%A`, `%a`,
 * `%b`, `%u`, `%x`, `%N`, `%n`, `%t`, `%%`, with zero padding such as `%4a`), as Slurm does for the
 * batch step. squeue 22.05 prints the raw pattern; newer squeue and scontrol print the expanded
 * path, which passes through unchanged. Returns undefined when the path cannot be known (a
 * symbol whose value is missing, `%J`/`%s`, or a pattern protected by `\\` that Slurm keeps as is).
 */
export function expandOutputPath(pattern: string, ctx: OutputPathContext): string | undefined {
  if (pattern.includes('\\')) return pattern.replace(/\\/g, '');
  const task = ctx.arrayTaskId !== undefined && /^\d+$/.test(ctx.arrayTaskId) ? ctx.arrayTaskId : undefined;
  const inArray = ctx.arrayJobId !== undefined && ctx.arrayTaskId !== undefined;
  const values: Record<string, string | undefined> = {
    j: ctx.jobId,
    A: inArray ? ctx.arrayJobId : ctx.jobId,
    a: inArray ? task : NO_ARRAY_TASK,
    b: inArray ? (task === undefined ? undefined : String(Number(task) % 10)) : String(Number(NO_ARRAY_TASK) % 10),
    u: ctx.user,
    x: ctx.name,
    N: ctx.nodes === undefined ? undefined : firstHost(ctx.nodes),
    n: '0',
    t: '0',
  };
  let unknown = false;
  const out = pattern.replace(/%(\d*)([A-Za-z%])/g, (whole, width: string, sym: string) => {
    if (sym === '%') return '%';
    const value = values[sym];
    if (value === undefined) {
      unknown = true;
      return whole;
    }
    return /^\d+$/.test(value) && width !== '' ? value.padStart(Math.min(Number(width), 10), '0') : value;
  });
  return unknown ? undefined : out;
}
