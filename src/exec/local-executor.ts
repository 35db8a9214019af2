import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { ExecError } from '../errors';
import { toShellScript, type RunAsMethod } from '../slurm/shell';
import type { ExecRequest, ExecResult, Executor } from './executor';
import { OutputCollector } from './output-collector';

export interface LocalExecutorOptions {
  /** How root becomes the mapped user: `runuser` (the bot runs as root) or `sudo -n`. Default `runuser`. */
  readonly runAsMethod?: RunAsMethod;
  /** Used when a request gives no `timeoutMs`. Default 60 s. */
  readonly defaultTimeoutMs?: number;
  /** Per stream; more output than this fails the call with EXEC_TRUNCATED. Default 4 MiB. */
  readonly maxOutputBytes?: number;
  /** Between SIGTERM to the process group and SIGKILL. Default 2 s. */
  readonly killGraceMs?: number;
  /**
   * The whole environment of the command. Default: a fixed PATH and LANG only, because the bot's own
   * environment holds tokens and `sbatch` would copy it into every job (`--export=ALL`).
   */
  readonly env?: Readonly<Record<string, string>>;
  /** Default `/bin/bash`. */
  readonly bash?: string;
}

export const DEFAULT_LOCAL_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C.UTF-8',
};

/**
 * Runs commands with bash on this machine: local mode, tests, or a bot that lives on the head node.
 * Output beyond `maxOutputBytes` on either stream is an error (EXEC_TRUNCATED), never a silent cut,
 * so that a parser never sees half a table.
 */
export class LocalExecutor implements Executor {
  private readonly runAsMethod: RunAsMethod;
  private readonly defaultTimeoutMs: number;
  private readonly maxOutputBytes: number;
  private readonly killGraceMs: number;
  private readonly env: Readonly<Record<string, string>>;
  private readonly bash: string;

  constructor(options: LocalExecutorOptions = {}) {
    this.runAsMethod = options.runAsMethod ?? 'runuser';
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 60_000;
    this.maxOutputBytes = options.maxOutputBytes ?? 4 * 1024 * 1024;
    this.killGraceMs = options.killGraceMs ?? 2_000;
    this.env = options.env ?? DEFAULT_LOCAL_ENV;
    this.bash = options.bash ?? '/bin/bash';
  }

  /**
   * A non-zero exit (or death by a signal, reported as 128 + signal number) is a result.
   * @throws ValidationError when the request cannot become shell text (empty argv, bad user name, NUL byte).
   * @throws ExecError EXEC_TIMEOUT past the timeout (the process group is killed), EXEC_TRUNCATED past the
   *   output limit (likewise), EXEC_FAILED when bash cannot be started.
   */
  async run(request: ExecRequest): Promise<ExecResult> {
    const script = toShellScript(request, this.runAsMethod);
    return this.spawnBash(script, request.timeoutMs ?? this.defaultTimeoutMs);
  }

  private spawnBash(script: string, timeoutMs: number): Promise<ExecResult> {
    return new Promise<ExecResult>((resolve, reject) => {
      let child: ChildProcess;
      try {
        // detached: the child leads its own process group, so a timeout kills the whole pipeline.
        child = spawn(this.bash, ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...this.env } });
      } catch (cause) {
        reject(spawnFailure(cause));
        return;
      }
      let settled = false;
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const stop = (error: ExecError): void => {
        this.killGroup(child);
        finish(() => reject(error));
      };
      const overflow = (): void =>
        stop(new ExecError('EXEC_TRUNCATED', `The command printed more than ${this.maxOutputBytes} bytes; it was stopped.`));
      const stdout = new OutputCollector(this.maxOutputBytes, overflow);
      const stderr = new OutputCollector(this.maxOutputBytes, overflow);
      stdout.attach(child.stdout);
      stderr.attach(child.stderr);
      const timer = setTimeout(
        () => stop(new ExecError('EXEC_TIMEOUT', `The command did not finish within ${formatSeconds(timeoutMs)}; it was stopped.`)),
        timeoutMs,
      );
      child.on('error', (cause) => finish(() => reject(spawnFailure(cause))));
      child.on('close', (code, signal) =>
        finish(() =>
          resolve({
            stdout: stdout.text(),
            stderr: stderr.text(),
            exitCode: code ?? 128 + (signal ? constants.signals[signal] : 0),
          }),
        ),
      );
    });
  }

  /** SIGTERM first: sudo relays it to a command it runs in its own session, which a group SIGKILL would miss. */
  private killGroup(child: ChildProcess): void {
    const pid = child.pid;
    if (pid === undefined) return;
    signalGroup(pid, 'SIGTERM');
    setTimeout(() => signalGroup(pid, 'SIGKILL'), this.killGraceMs).unref();
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we wanted.
  }
}

function spawnFailure(cause: unknown): ExecError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === 'E2BIG' ? 'the command is too long for one shell argument; pass large input as a file' : 'bash could not be started';
  return new ExecError('EXEC_FAILED', `The command could not be run: ${reason}.`, { cause });
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
