import type { Dispatcher } from './dispatcher';
import type { Log } from './log';
import type { Task } from './task';

/**
 * Local mode: runs each Task in this process on the next turn of the event loop, so the
 * listener's ack reaches Slack first. The task runner answers the user itself, errors included;
 * what escapes it is logged here, never lost silently.
 */
export class InProcessDispatcher implements Dispatcher {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly run: (task: Task) => Promise<void>,
    private readonly log: Log,
  ) {}

  dispatch(task: Task): Promise<void> {
    const job = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run(task))
      .catch((error: unknown) => this.log.error('task failed outside the runner', { requestId: task.requestId, error }))
      .finally(() => this.running.delete(job));
    this.running.add(job);
    return Promise.resolve();
  }

  /** Resolves when every task dispatched so far (and any they dispatched) has finished: for shutdown and tests. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
