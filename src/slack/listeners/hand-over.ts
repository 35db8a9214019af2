import type { Task } from '../../tasks/task';
import { postToResponseUrl } from '../respond';
import type { SlackMessage } from '../views/blocks';
import { renderError } from '../views/errors';
import type { ListenerDeps } from './deps';

/** Posts to a response URL; a failure is logged (the user can only be told through that same URL). */
export async function reply(deps: ListenerDeps, requestId: string, url: string, message: SlackMessage, replace: boolean): Promise<void> {
  try {
    await postToResponseUrl(deps.fetch, url, message, { replace });
  } catch (error) {
    deps.log.error('reply to Slack failed', { requestId, error });
  }
}

/**
 * Hands the Task to the worker; when that fails the user is told something went wrong in the
 * bot (not on the cluster), with the request id, instead of an ack that never resolves.
 */
export async function handOver(deps: ListenerDeps, task: Task): Promise<void> {
  try {
    await deps.dispatcher.dispatch(task);
    deps.log.info('task dispatched', { requestId: task.requestId, userId: task.userId, cluster: task.cluster, command: task.command.kind });
  } catch (error) {
    deps.log.error('task dispatch failed', { requestId: task.requestId, error });
    await reply(deps, task.requestId, task.responseUrl, renderError({ code: 'UNEXPECTED', requestId: task.requestId }), task.reply === 'replace');
  }
}
