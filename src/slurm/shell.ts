import { ValidationError } from '../errors';
import type { ExecRequest } from '../exec/executor';

/** How a root shell on the head node becomes another user: runuser as root, sudo where the bot is not root. */
export type RunAsMethod = 'runuser' | 'sudo';

const SAFE_WORD = /^[A-Za-z0-9_/.,:@%+-]+$/;
const UNIX_USER = /^[a-z_][a-z0-9_.-]{0,31}$/;

/**
 * Quotes one argument for bash so that bash passes it through byte for byte.
 * @throws ValidationError for a NUL byte, which no argv element can hold.
 */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new ValidationError('Arguments cannot contain NUL bytes.');
  if (SAFE_WORD.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one place where an argv becomes shell text, for `AWS-RunShellScript` and for local bash.
 * The command runs as `runAs` when given, in their home directory with `cwd: 'home'`; stdin comes
 * from literal text, a file or a URL.
 * @throws ValidationError for an empty argv, a NUL byte, a malformed Unix user name, or `cwd` without `runAs`.
 */
export function toShellScript(request: ExecRequest, runAsMethod: RunAsMethod = 'runuser'): string {
  if (request.argv.length === 0) throw new ValidationError('Empty command.');
  const prefix: string[] = [];
  if (request.runAs !== undefined) {
    if (!UNIX_USER.test(request.runAs)) throw new ValidationError(`"${request.runAs}" is not a valid Unix user name.`);
    prefix.push(...(runAsMethod === 'runuser' ? ['runuser', '-u', request.runAs, '--'] : ['sudo', '-n', '-u', request.runAs, '--']));
  }
  let command = [...prefix, ...request.argv].map(shellQuote).join(' ');
  if (request.cwd === 'home') {
    if (request.runAs === undefined) throw new ValidationError('A command run in a home directory needs a user to run as.');
    // Bash expands ~user from the passwd database; the name passed UNIX_USER above, so nothing else
    // is expanded. A subshell keeps the cd from changing where the stdin file path is resolved.
    command = `(cd ~${request.runAs} && exec ${command})`;
  }
  const stdin = request.stdin;
  if (!stdin) return `${command} </dev/null`;
  switch (stdin.kind) {
    case 'text':
      return `printf '%s' ${shellQuote(stdin.text)} | ${command}`;
    case 'file':
      return `${command} < ${shellQuote(stdin.path)}`;
    case 'url':
      return `set -o pipefail; curl -fsS --max-time 60 ${shellQuote(stdin.url)} | ${command}`;
  }
}
