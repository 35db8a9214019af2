import { ChatopsError, ExecError } from '../errors';
import type { ExecResult } from './executor';

const NOT_FOUND = 127;
// bash says "command not found" (127); runuser and sudo exit 1 with their own words.
const NOT_INSTALLED = /command not found|runuser: failed to execute \S+: (No such file|Permission denied)/;
const NO_SUCH_USER = /runuser: user \S+ does not exist|sudo: unknown user|unknown user:? \S+/i;

/**
 * Turns "the command could not run at all" into its error; any other result, a non-zero exit
 * included, passes through for the caller to read. `program` names the command in the message.
 * @throws ExecError EXEC_FAILED when the command is not installed on the cluster.
 * @throws ChatopsError FORBIDDEN when `runAs` does not exist there.
 */
export function rejectUnrunnable(result: ExecResult, program: string, clusterName: string, runAs: string | undefined): ExecResult {
  if (result.exitCode === 0) return result;
  const text = `${result.stderr}\n${result.stdout}`;
  if (result.exitCode === NOT_FOUND || NOT_INSTALLED.test(text)) {
    throw new ExecError('EXEC_FAILED', `${program} was not found on ${clusterName}: is Slurm installed and on the PATH?`);
  }
  if (runAs !== undefined && NO_SUCH_USER.test(text)) {
    throw new ChatopsError('FORBIDDEN', `Your Unix user ${runAs} does not exist on ${clusterName}. Ask an admin to fix your mapping.`);
  }
  return result;
}
