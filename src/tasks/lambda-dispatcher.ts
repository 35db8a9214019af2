import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ChatopsError } from '../errors';
import type { Dispatcher } from './dispatcher';
import type { Task } from './task';

/** Async invoke's payload limit (256 KB); a Task is a few hundred bytes, so this only catches a bug. */
const MAX_EVENT_PAYLOAD = 256 * 1024;

/** AWS: hands the Task to the worker function with an asynchronous (`Event`) invoke, which returns at once. */
export class LambdaDispatcher implements Dispatcher {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  /** @throws ChatopsError EXEC_UNREACHABLE when Lambda refuses the invoke or cannot be reached. */
  async dispatch(task: Task): Promise<void> {
    const payload = Buffer.from(JSON.stringify(task), 'utf8');
    if (payload.length > MAX_EVENT_PAYLOAD) {
      throw new ChatopsError('EXEC_UNREACHABLE', `The task is too large to hand to the worker (${payload.length} bytes).`);
    }
    let status: number | undefined;
    try {
      const out = await this.lambda.send(
        new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'Event', Payload: payload }),
      );
      status = out.StatusCode;
    } catch (cause) {
      throw new ChatopsError('EXEC_UNREACHABLE', `The worker function ${this.functionName} could not be invoked.`, { cause });
    }
    if (status !== 202) {
      throw new ChatopsError('EXEC_UNREACHABLE', `The worker function ${this.functionName} answered ${status ?? 'nothing'} instead of 202.`);
    }
  }
}
