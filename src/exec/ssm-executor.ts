import {
  CancelCommandCommand,
  GetCommandInvocationCommand,
  SendCommandCommand,
  type GetCommandInvocationCommandOutput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { ExecError } from '../errors';
import { toShellScript, type RunAsMethod } from '../slurm/shell';
import type { ExecRequest, ExecResult, Executor } from './executor';
import type { HeadNodeResolver } from './head-node';
import { backoffSchedule, type PollSchedule } from './poll-schedule';
import { errorName, fromSsmError, unreachable } from './ssm-errors';
import { INLINE_LIMITS, isTruncated, keyFromUrl, outputKey, readOutputObject, type OutputStream, type SsmOutputLocation } from './ssm-output';
import { classifyInvocation } from './ssm-status';

export interface SsmExecutorOptions {
  /** Created once per container by the caller. */
  readonly ssm: SSMClient;
  readonly headNode: HeadNodeResolver;
  /** Where SSM Agent stores full output; without it, output past SSM's inline limit is an EXEC_TRUNCATED error. */
  readonly output?: SsmOutputLocation;
  /** Default `runuser`: SSM Agent runs commands as root. */
  readonly runAsMethod?: RunAsMethod;
  /** Used when a request gives no `timeoutMs`. Default 60 s. */
  readonly defaultTimeoutMs?: number;
  /** Extra time past the command's own timeout for delivery and reporting, before the call gives up. Default 10 s. */
  readonly deliveryGraceMs?: number;
  /** Default `backoffSchedule()`: 100 ms, ×1.5, at most 150 ms for the first 5 s, then up to 1 s. */
  readonly pollSchedule?: PollSchedule;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** SendCommand's Comment, shown in the SSM console's command history. */
  readonly comment?: string;
}

interface Sent {
  readonly commandId: string;
  readonly instanceId: string;
}

/** SendCommand's delivery timeout cannot be shorter than this. */
const MIN_DELIVERY_TIMEOUT_S = 30;

/**
 * Runs commands on the head node through SSM `AWS-RunShellScript`: one SendCommand, then
 * GetCommandInvocation on a short, backing-off schedule until the command ends or the deadline passes.
 */
export class SsmExecutor implements Executor {
  private readonly runAsMethod: RunAsMethod;
  private readonly defaultTimeoutMs: number;
  private readonly deliveryGraceMs: number;
  private readonly pollSchedule: PollSchedule;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: SsmExecutorOptions) {
    this.runAsMethod = options.runAsMethod ?? 'runuser';
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 60_000;
    this.deliveryGraceMs = options.deliveryGraceMs ?? 10_000;
    this.pollSchedule = options.pollSchedule ?? backoffSchedule();
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  /**
   * A non-zero exit (SSM status Failed with a response code) is a result.
   * @throws ValidationError when the request cannot become shell text.
   * @throws ExecError EXEC_UNREACHABLE (no head node, SSM cannot deliver, SSM endpoint unreachable),
   *   EXEC_TIMEOUT (the command's own timeout, or no final status by the deadline; the command is then cancelled),
   *   EXEC_TRUNCATED (output past SSM's inline limit without a readable S3 copy),
   *   EXEC_FAILED (cancelled, refused by SSM or IAM).
   */
  async run(request: ExecRequest): Promise<ExecResult> {
    const script = toShellScript(request, this.runAsMethod);
    const timeoutMs = request.timeoutMs ?? this.defaultTimeoutMs;
    const deadline = this.now() + timeoutMs + this.deliveryGraceMs;
    const sent = await this.send(script, timeoutMs);
    const { invocation, exitCode } = await this.waitForEnd(sent, timeoutMs, deadline);
    const [stdout, stderr] = await Promise.all([
      this.fullOutput(invocation.StandardOutputContent ?? '', invocation.StandardOutputUrl, 'stdout', sent),
      this.fullOutput(invocation.StandardErrorContent ?? '', invocation.StandardErrorUrl, 'stderr', sent),
    ]);
    return { stdout, stderr, exitCode };
  }

  /** A head node that SSM no longer knows may have been replaced: look it up again, and retry once if it changed. */
  private async send(script: string, timeoutMs: number): Promise<Sent> {
    const instanceId = await this.options.headNode.resolve();
    try {
      return await this.sendTo(instanceId, script, timeoutMs);
    } catch (error) {
      if (errorName(error) !== 'InvalidInstanceId') throw fromSsmError(error, instanceId, 'SendCommand');
      this.options.headNode.invalidate();
      const fresh = await this.options.headNode.resolve();
      if (fresh === instanceId) throw fromSsmError(error, instanceId, 'SendCommand');
      try {
        return await this.sendTo(fresh, script, timeoutMs);
      } catch (retryError) {
        throw fromSsmError(retryError, fresh, 'SendCommand');
      }
    }
  }

  private async sendTo(instanceId: string, script: string, timeoutMs: number): Promise<Sent> {
    const output = this.options.output;
    const answer = await this.options.ssm.send(
      new SendCommandCommand({
        InstanceIds: [instanceId],
        DocumentName: 'AWS-RunShellScript',
        // SSM Agent runs the commands as a file through `sh -c`; the shebang makes it bash on every
        // distribution (dash is sh on Ubuntu head nodes, and the quoting relies on bash's pipefail).
        Parameters: { commands: ['#!/bin/bash', script], executionTimeout: [String(Math.max(1, Math.ceil(timeoutMs / 1000)))] },
        TimeoutSeconds: Math.max(MIN_DELIVERY_TIMEOUT_S, Math.ceil((timeoutMs + this.deliveryGraceMs) / 1000)),
        ...(output ? { OutputS3BucketName: output.bucket, OutputS3KeyPrefix: output.keyPrefix } : {}),
        ...(this.options.comment ? { Comment: this.options.comment.slice(0, 100) } : {}),
      }),
    );
    const commandId = answer.Command?.CommandId;
    if (!commandId) throw new ExecError('EXEC_FAILED', 'SSM accepted the command but returned no command id.');
    return { commandId, instanceId };
  }

  private async waitForEnd(
    sent: Sent,
    timeoutMs: number,
    deadline: number,
  ): Promise<{ invocation: GetCommandInvocationCommandOutput; exitCode: number }> {
    let started = false;
    for (let attempt = 0; ; attempt++) {
      const remaining = deadline - this.now();
      if (remaining <= 0) {
        await this.cancel(sent);
        throw this.deadlinePassed(sent, timeoutMs, started);
      }
      await this.sleep(Math.min(this.pollSchedule(attempt), remaining));
      let invocation: GetCommandInvocationCommandOutput;
      try {
        invocation = await this.options.ssm.send(new GetCommandInvocationCommand({ CommandId: sent.commandId, InstanceId: sent.instanceId }));
      } catch (error) {
        // SSM is eventually consistent: right after SendCommand the invocation may not exist yet.
        if (errorName(error) === 'InvocationDoesNotExist') continue;
        throw fromSsmError(error, sent.instanceId, 'GetCommandInvocation');
      }
      const outcome = classifyInvocation(invocation);
      switch (outcome.kind) {
        case 'running':
          started ||= outcome.started;
          continue;
        case 'finished':
          return { invocation, exitCode: outcome.exitCode };
        case 'unreachable':
          // The instance may have been replaced; the next call looks it up again.
          this.options.headNode.invalidate();
          throw unreachable(sent.instanceId, outcome.detail);
        case 'timed-out':
          throw new ExecError('EXEC_TIMEOUT', `The command did not finish on the head node within ${seconds(timeoutMs)}; SSM stopped it.`);
        case 'failed':
          throw new ExecError('EXEC_FAILED', `The command could not be run on the head node: ${outcome.detail}.`);
      }
    }
  }

  private deadlinePassed(sent: Sent, timeoutMs: number, started: boolean): ExecError {
    const waited = seconds(timeoutMs + this.deliveryGraceMs);
    return new ExecError(
      'EXEC_TIMEOUT',
      started
        ? `The command did not finish on the head node (${sent.instanceId}) within ${waited}; it was cancelled.`
        : `SSM had not started the command on the head node (${sent.instanceId}) after ${waited}; the SSM agent may be down or busy. It was cancelled.`,
    );
  }

  /** Best effort: a command left running after we gave up would still act; a failed cancel changes nothing for the caller. */
  private async cancel(sent: Sent): Promise<void> {
    try {
      await this.options.ssm.send(new CancelCommandCommand({ CommandId: sent.commandId, InstanceIds: [sent.instanceId] }));
    } catch {
      // The timeout error the caller gets already says the command did not finish.
    }
  }

  private async fullOutput(inline: string, url: string | undefined, stream: OutputStream, sent: Sent): Promise<string> {
    if (!isTruncated(inline, stream)) return inline;
    const location = this.options.output;
    if (!location) {
      throw new ExecError(
        'EXEC_TRUNCATED',
        `The command's ${stream} is longer than the ${INLINE_LIMITS[stream].toLocaleString('en-US')} characters SSM returns inline, ` +
          'and no S3 output bucket is configured for this cluster to read the rest from.',
      );
    }
    const key = keyFromUrl(url, location.bucket) ?? outputKey(location.keyPrefix, sent.commandId, sent.instanceId, stream);
    return readOutputObject(location, key);
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
