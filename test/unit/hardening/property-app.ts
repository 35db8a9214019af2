import { startAppUnderTest, type AppUnderTest } from '../../support/app-under-test';
import type { Log } from '../../../src/tasks/log';
import { fixture, ok, RecordedExecutor } from '../tasks/fake-executor';

export interface LoggedEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** A Log that keeps everything, so a test can assert nothing went wrong unnoticed. */
export function recordingLog(): Log & { entries: LoggedEntry[] } {
  const entries: LoggedEntry[] = [];
  const at = (level: LoggedEntry['level']) => (message: string, fields?: Readonly<Record<string, unknown>>) => void entries.push({ level, message, ...(fields && { fields }) });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * The whole app (real HTTP, real Bolt, every listener, the task runner) on recorded Slurm output:
 * two clusters, `ops` kept to its own channel and admins; alice a user, vera a viewer, nobody else.
 */
export async function startPropertyApp(log: Log): Promise<AppUnderTest> {
  const executor = new RecordedExecutor({
    squeue: ok(fixture('squeue/mixed_listing.txt')),
    'squeue --start': ok(fixture('squeue-start/pending.txt')),
    scontrol: ok(fixture('scontrol-job/running.txt')),
    'scontrol node': ok(fixture('scontrol-node/busy.txt')),
    sinfo: ok(fixture('sinfo-partitions/two_partitions_busy.txt')),
    scancel: ok(''),
    sbatch: ok('4242\n'),
    stat: ok('/var/spool/slurm-chatops|0|root|1733|2|directory\n'),
  });
  return startAppUnderTest({
    executor,
    log,
    config: [
      'clusters:',
      '  - name: local',
      '    executor: local',
      '  - name: ops',
      '    executor: local',
      '    access: { channels: [C0OPS], admins: [U0OPSADMIN], users: { U0OPSADMIN: alice } }',
      'users:',
      '  U0ALICE: alice',
      '  U0VERA: vera',
      'roles:',
      '  U0VERA: viewer',
    ].join('\n'),
  });
}

export const USERS = ['U0ALICE', 'U0VERA', 'U0NOBODY', 'U0OPSADMIN'] as const;
export const CHANNELS = ['C0GENERAL', 'C0OPS', 'D0DIRECT'] as const;

/** Text that has broken shells, Slack and parsers before. */
export const HOSTILE = [
  '$(id)', '`id`', ';rm -rf /', '| cat /etc/shadow', '&& reboot', '> /etc/passwd', "'", '"', '\\', '\n', '\r\n', '\0', '\u0000id',
  '<!channel>', '<@U0ALICE>', '<https://evil.example|x>', '&lt;!here&gt;', '*bold*', '`', '```', '--all', '-c', '--user=root',
  'root', '../../etc/passwd', '/etc/shadow', '%n', '%s%s%s', '${IFS}', '~root', '*', '?', '[a-z]', '{a,b}', '#', '!', '\u202Eevil',
  '１２３', '٣', 'ℌ', '\u200B', '“quoted”', '—all', '1234', '1234_[1-3]', '1234+1', '-1', '99999999999999999999', 'K7QM-2XPD',
] as const;

/**
 * Waits until the request was answered (a post to its response URL, a modal opened, a message
 * posted) or
 * `timeoutMs` passed, then until every task it dispatched has finished. A listener may answer
 * after its ack, so the HTTP response alone says nothing.
 */
const ANSWERS = new Set(['views.open', 'chat.postMessage', 'chat.postEphemeral']);

export async function settle(app: AppUnderTest, responseUrl: string, callsBefore: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const answered = (): boolean =>
    app.slack.responsesTo(responseUrl).length > 0 || app.slack.calls.slice(callsBefore).some((c) => ANSWERS.has(c.method));
  while (!answered() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, 5));
  await app.drain();
  return answered();
}
