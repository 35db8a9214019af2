import { isDeepStrictEqual } from 'node:util';
import { buildProofCheck, proofPaths } from '../../../src/access/link-proof';
import { OUTPUT_SCRIPT } from '../../../src/actions/output-script';
import type { ExecRequest } from '../../../src/exec/executor';
import { checkSbatchArgs } from '../../../src/slurm/sbatch-options';
import { toShellScript } from '../../../src/slurm/shell';
import { SEQUENCE_SCRIPT } from '../../../src/watch/poll-script';

/**
 * What "validated" means for a request that reached the executor, whatever text a user typed:
 * a known program; sbatch options exactly as the allow-list re-checks them; the bot's own constant
 * scripts verbatim; every other argument made of characters no shell, Slurm option parser or path
 * can misread (the validators' alphabets: names, ids, numbers, Slurm's format strings). The runAs
 * user is a valid Unix name, and toShellScript accepts the whole request.
 */
const SAFE = /^[A-Za-z0-9_.,:=%@+/[\]\x1E\x1F-]*$/;
const PROGRAMS = new Set(['squeue', 'sinfo', 'scontrol', 'scancel', 'sacct', 'sbatch', 'tail', 'stat', 'bash']);
const SCRIPTS = new Set([OUTPUT_SCRIPT, SEQUENCE_SCRIPT]);
const STAT_FORMAT = buildProofCheck(proofPaths('/x', 'AAAA-BBBB'))[2];
const UNIX_USER = /^[a-z_][a-z0-9_.-]{0,31}$/;

/** Why a request would not count as validated; empty when it does. */
export function validationProblems(request: ExecRequest): string[] {
  const problems: string[] = [];
  const [program, ...args] = request.argv;
  if (request.runAs !== undefined && !UNIX_USER.test(request.runAs)) problems.push(`runAs ${JSON.stringify(request.runAs)}`);
  if (program === undefined || !PROGRAMS.has(program.split('/').pop()!)) problems.push(`program ${JSON.stringify(program)}`);
  try {
    toShellScript(request);
  } catch (error) {
    problems.push(`toShellScript: ${String(error)}`);
  }
  let rest = args;
  if (program === 'sbatch') {
    const options = args.filter((a) => a !== '--parsable');
    try {
      if (!isDeepStrictEqual([...checkSbatchArgs(options)], options)) problems.push(`sbatch options changed by the allow-list: ${JSON.stringify(options)}`);
    } catch (error) {
      problems.push(`sbatch options refused by the allow-list: ${String(error)}`);
    }
    rest = [];
  }
  if (program === 'bash') {
    if (args[0] !== '-c' || !SCRIPTS.has(args[1] ?? '')) problems.push('bash without one of the bot\'s constant scripts');
    rest = args.slice(2);
  }
  if (program === 'stat' && args[1] === STAT_FORMAT) rest = [args[0]!, ...args.slice(2)];
  for (const arg of rest) if (!SAFE.test(arg)) problems.push(`argument ${JSON.stringify(arg)}`);
  return problems;
}
