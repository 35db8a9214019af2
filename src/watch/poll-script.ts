import { ValidationError } from '../errors';
import type { Argv } from '../exec/executor';

/*
 * Two read-only commands (squeue, then sacct) in ONE executor call, so the watcher pays one SSM round
 * trip per cluster per tick. A constant bash script runs them; both argvs arrive as positional
 * arguments (quoted once by toShellScript), never as code. Their outputs are told apart by a marker
 * line holding a random nonce the caller chose for this call, so no job name can forge it:
 *
 *   <first stdout>\n<nonce> <exit code>\n<second stdout>\n<nonce> <exit code>\n<second stderr>
 *
 * The call's stderr is the first command's alone, and the call exits with its code: the first command
 * decides whether the call failed, the second only adds to it.
 */
export const SEQUENCE_SCRIPT = [
  'set -u',
  'mark=$1 n=$2; shift 2',
  'first=("${@:1:n}"); shift "$n"',
  '"${first[@]}"; rc=$?',
  'printf \'\\n%s %d\\n\' "$mark" "$rc"',
  '{ err=$("$@" 2>&1 1>&3 3>&-); rc2=$?; } 3>&1',
  'printf \'\\n%s %d\\n%s\' "$mark" "$rc2" "$err"',
  'exit "$rc"',
].join('\n');

const SCRIPT_NAME = 'slurm-chatops-poll';
const NONCE = /^[0-9a-f]{16,64}$/;

/**
 * @throws ValidationError for an empty command or a nonce that is not 16-64 lower-case hex digits.
 */
export function buildSequence(first: Argv, second: Argv, nonce: string): Argv {
  if (first.length === 0 || second.length === 0) throw new ValidationError('Empty command.');
  if (!NONCE.test(nonce)) throw new ValidationError('The marker must be 16-64 lower-case hex digits.');
  return ['bash', '-c', SEQUENCE_SCRIPT, SCRIPT_NAME, nonce, String(first.length), ...first, ...second];
}

export interface SequenceOutput {
  readonly first: string;
  readonly second: string;
  /** Undefined when the output stopped before the command's marker (cut short). */
  readonly firstExit?: number;
  readonly secondExit?: number;
  /** What the second command printed on stderr. */
  readonly secondStderr: string;
}

/** Splits the script's stdout at its markers. Never throws. */
export function splitSequence(stdout: string, nonce: string): SequenceOutput {
  const marker = new RegExp(`\\n${nonce} (\\d+)\\n`, 'g');
  const found = [...stdout.matchAll(marker)];
  const [a, b] = found;
  if (a === undefined) return { first: stdout, second: '', secondStderr: '' };
  const first = stdout.slice(0, a.index);
  const second = stdout.slice(a.index! + a[0].length, b?.index ?? stdout.length);
  return {
    first,
    second,
    firstExit: Number(a[1]),
    ...(b !== undefined && { secondExit: Number(b[1]) }),
    secondStderr: b === undefined ? '' : stdout.slice(b.index! + b[0].length),
  };
}
