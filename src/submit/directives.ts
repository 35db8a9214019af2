import { splitWords } from '../slurm/sbatch-options';

/** What the script's own `#SBATCH` lines say about the fields the job card shows. Display only. */
export interface ScriptDirectives {
  readonly jobName?: string;
  readonly partition?: string;
  readonly time?: string;
}

const NAMES: Readonly<Record<string, keyof ScriptDirectives>> = {
  '-J': 'jobName', '--job-name': 'jobName', '-p': 'partition', '--partition': 'partition', '-t': 'time', '--time': 'time',
};

function words(line: string): string[] {
  try {
    return splitWords(line);
  } catch {
    return line.split(/\s+/).filter(Boolean);
  }
}

/**
 * Reads the `#SBATCH` lines the way sbatch does: from the line after `#!` up to the first line
 * that is neither blank nor a comment, a later value winning over an earlier one. Only job name,
 * partition and time are picked out, for the job card; sbatch itself applies every directive.
 * Never throws.
 */
export function readDirectives(script: string): ScriptDirectives {
  const found: Record<string, string> = {};
  for (const line of script.split('\n').slice(1)) {
    const t = line.trim();
    if (t !== '' && !t.startsWith('#')) break;
    const m = /^#SBATCH\s+(.*)$/.exec(t);
    if (!m) continue;
    const ws = words(m[1]!.replace(/\s#.*$/, ''));
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      const eq = w.indexOf('=');
      const long = w.startsWith('--');
      const name = long ? (eq < 0 ? w : w.slice(0, eq)) : w.slice(0, 2);
      const key = NAMES[name];
      if (key === undefined) continue;
      const attached = long ? (eq < 0 ? '' : w.slice(eq + 1)) : w.slice(2).replace(/^=/, '');
      const value = attached !== '' ? attached : ws[++i];
      if (value !== undefined) found[key] = value;
    }
  }
  return found;
}
