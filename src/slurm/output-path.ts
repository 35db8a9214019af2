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
  // A scan rather than a replace() callback: parsers expand two paths for every job in the queue.
  const out: string[] = [];
  let copied = 0;
  for (let at = pattern.indexOf('%'); at !== -1; at = pattern.indexOf('%', at + 1)) {
    let end = at + 1;
    while (end < pattern.length && isDigit(pattern.charCodeAt(end))) end++;
    const sym = pattern[end];
    if (sym === undefined || !/[A-Za-z%]/.test(sym)) continue;
    const value = sym === '%' ? '%' : symbolValue(sym, ctx);
    if (value === undefined) return undefined;
    const width = pattern.slice(at + 1, end);
    out.push(pattern.slice(copied, at), width !== '' && /^\d+$/.test(value) ? value.padStart(Math.min(Number(width), 10), '0') : value);
    copied = end + 1;
    at = end;
  }
  if (copied === 0) return pattern;
  // join() gives one flat string, where += would keep a tree of pieces alive with every job.
  out.push(pattern.slice(copied));
  return out.join('');
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** What one replacement symbol stands for; worked out only when the pattern uses it. */
function symbolValue(sym: string, ctx: OutputPathContext): string | undefined {
  const inArray = ctx.arrayJobId !== undefined && ctx.arrayTaskId !== undefined;
  const task = inArray && /^\d+$/.test(ctx.arrayTaskId!) ? ctx.arrayTaskId : undefined;
  switch (sym) {
    case 'j':
      return ctx.jobId;
    case 'A':
      return inArray ? ctx.arrayJobId : ctx.jobId;
    case 'a':
      return inArray ? task : NO_ARRAY_TASK;
    case 'b':
      if (!inArray) return String(Number(NO_ARRAY_TASK) % 10);
      return task === undefined ? undefined : String(Number(task) % 10);
    case 'u':
      return ctx.user;
    case 'x':
      return ctx.name;
    case 'N':
      return ctx.nodes === undefined ? undefined : firstHost(ctx.nodes);
    case 'n':
    case 't':
      return '0';
    default:
      return undefined;
  }
}
