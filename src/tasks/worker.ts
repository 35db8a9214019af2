import type { LinkStore } from '../access/link-store';
import type { ActionDeps } from '../actions/run-action';
import type { Config } from '../config';
import type { FetchFn } from '../slack/respond';
import type { SubmitWorkerServices } from '../submit/services';
import { createExecutorFactory, type ExecutorFor } from './executors';
import type { Log } from './log';
import { createTaskRunner } from './runner';
import { responseUrlOrigins, validateTask } from './task';

export interface WorkerDeps {
  readonly config: Config;
  readonly log: Log;
  readonly fetch: FetchFn;
  readonly executorFor?: ExecutorFor;
  readonly submit?: SubmitWorkerServices;
  readonly actions?: ActionDeps;
  /** Link codes and links, for `/slurm link`'s proof check. */
  readonly links?: LinkStore;
}

/**
 * The worker Lambda's body: validates the Task it was invoked with and runs it. A malformed
 * Task is logged and dropped, never thrown: a throw would make Lambda retry an async invoke
 * twice, and nothing about a malformed Task gets better with retries.
 */
export function createWorker(deps: WorkerDeps): (event: unknown) => Promise<void> {
  const run = createTaskRunner({ ...deps, executorFor: deps.executorFor ?? createExecutorFactory(deps.config) });
  const origins = responseUrlOrigins(deps.config.env.slackApiUrl);
  return async (event) => {
    let task;
    try {
      task = validateTask(event, origins);
    } catch (error) {
      deps.log.error('malformed task dropped', { error });
      return;
    }
    await run(task);
  };
}
