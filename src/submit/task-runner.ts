import { findCluster, type Config } from '../config';
import { postToResponseUrl, type FetchFn } from '../slack/respond';
import type { SlackMessage } from '../slack/views/blocks';
import { renderCaughtError, renderError } from '../slack/views/errors';
import type { ExecutorFor } from '../tasks/executors';
import type { Log } from '../tasks/log';
import type { Task, TaskCommand } from '../tasks/task';
import { runSubmit } from './run-submit';
import { runSubmitForm } from './run-submit-form';
import type { SubmitWorkerServices } from './services';
import type { SubmitCommand, SubmitFormCommand } from './submit-task';

export type SubmitTaskCommand = SubmitCommand | SubmitFormCommand;

export function isSubmitTaskCommand(command: TaskCommand): command is SubmitTaskCommand {
  return command.kind === 'submit' || command.kind === 'submit-form';
}

export interface SubmitTaskDeps {
  readonly config: Config;
  readonly executorFor: ExecutorFor;
  /** Absent when the worker has no bot token: submissions are then refused with a clear message. */
  readonly services?: SubmitWorkerServices;
  readonly fetch: FetchFn;
  readonly log: Log;
  readonly now?: () => Date;
}

/**
 * The worker's entry for the submit modal's Tasks: a submission (runSubmit) or filling the modal's
 * partitions (runSubmitForm). Answers go to the task's response_url as new ephemeral messages.
 * Never throws.
 */
export async function runSubmitTask(deps: SubmitTaskDeps, task: Task, command: SubmitTaskCommand): Promise<void> {
  const reply = (message: SlackMessage): Promise<void> => postToResponseUrl(deps.fetch, task.responseUrl, message, { replace: false });
  const fields = { requestId: task.requestId, userId: task.userId, cluster: task.cluster, command: command.kind };
  try {
    const cluster = findCluster(deps.config, task.cluster);
    const services = deps.services;
    if (services === undefined) {
      deps.log.error('submit task without submit services (no bot token?)', fields);
      if (command.kind === 'submit') await reply(renderError({ code: 'CONFIG_INVALID', requestId: task.requestId, cluster: task.cluster }));
      return;
    }
    const executor = deps.executorFor(cluster);
    const common = { cluster, executor, partitions: services.partitions, slack: services.slack, log: deps.log };
    if (command.kind === 'submit-form') {
      await runSubmitForm(common, task, command);
      return;
    }
    await runSubmit({
      ...common,
      scripts: services.scripts,
      idempotency: services.idempotency,
      watches: services.watches,
      download: services.download,
      reply,
      now: deps.now ?? (() => new Date()),
    }, task, command);
  } catch (error) {
    deps.log.error('submit task failed', { ...fields, error });
    await reply(renderCaughtError(error, { requestId: task.requestId, cluster: task.cluster })).catch((second: unknown) =>
      deps.log.error('submit error message refused by Slack', { ...fields, error: second }));
  }
}
