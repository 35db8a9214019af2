import type { Task } from './task';

/**
 * Hands a Task to whatever runs it after the ack: the worker Lambda in AWS, this process locally.
 * `dispatch` resolves once the task is handed over, never after it ran.
 */
export interface Dispatcher {
  /** @throws ChatopsError EXEC_UNREACHABLE when the task could not be handed over (nothing will run it); callers tell the user something went wrong in the bot, not on the cluster. */
  dispatch(task: Task): Promise<void>;
}
