import { isActionCommand, type ActionCommand } from '../actions/commands';
import { identifyCaller } from '../access/caller';
import type { LinkStore } from '../access/link-store';
import { isLinkTaskCommand, runLinkTask, type LinkTaskCommand } from '../access/link-task';
import { allows } from '../access/roles';
import { runActionCommand, type ActionDeps } from '../actions/run-action';
import { findCluster, type ClusterConfig, type Config } from '../config';
import { isChatopsError } from '../errors';
import { postToResponseUrl, type FetchFn } from '../slack/respond';
import type { SlackMessage } from '../slack/views/blocks';
import { renderCaughtError, renderError } from '../slack/views/errors';
import type { SubmitWorkerServices } from '../submit/services';
import { isSubmitTaskCommand, runSubmitTask, type SubmitTaskCommand } from '../submit/task-runner';
import type { ExecutorFor } from './executors';
import type { Log } from './log';
import type { QueryContext } from './queries/context';
import { jobQuery } from './queries/job';
import { jobsQuery } from './queries/jobs';
import { nodesQuery } from './queries/nodes';
import { partitionsQuery } from './queries/partitions';
import type { Task, TaskCommand } from './task';

export interface RunnerDeps {
  readonly config: Config;
  readonly executorFor: ExecutorFor;
  readonly fetch: FetchFn;
  readonly log: Log;
  readonly now?: () => Date;
  /** The submit modal's services; without them (no bot token) submissions are refused. */
  readonly submit?: SubmitWorkerServices;
  /** Watches and the bot's Web API for job actions; without them watch is refused and cards stay as they are. */
  readonly actions?: ActionDeps;
  /** Link codes and links, for `/slurm link`'s proof check; without it linking is reported as off. */
  readonly links?: LinkStore;
}

function runQuery(ctx: QueryContext, command: Exclude<TaskCommand, SubmitTaskCommand | ActionCommand | LinkTaskCommand>): Promise<SlackMessage> {
  switch (command.kind) {
    case 'jobs':
      return jobsQuery(ctx, command);
    case 'job':
      return jobQuery(ctx, command);
    case 'nodes':
      return nodesQuery(ctx, command);
    case 'partitions':
      return partitionsQuery(ctx);
  }
}

/**
 * The worker's task runner: runs the command on the cluster as the caller, renders the answer
 * and posts it to the task's response URL (replacing the ack, or as a new ephemeral message).
 * A failure becomes an error message with the request id, logged with it; if Slack refuses the
 * answer itself, a short error message is tried instead. The submit modal's Tasks go to
 * runSubmitTask, which answers on its own. Never throws.
 */
export function createTaskRunner(deps: RunnerDeps): (task: Task) => Promise<void> {
  const now = deps.now ?? (() => new Date());
  return async (task) => {
    if (isLinkTaskCommand(task.command)) return runLinkTask(deps, task, task.command);
    if (isSubmitTaskCommand(task.command)) return runSubmitTask({ ...deps, ...(deps.submit && { services: deps.submit }) }, task, task.command);
    const started = Date.now();
    const fields = { requestId: task.requestId, userId: task.userId, unixUser: task.unixUser, cluster: task.cluster, command: task.command.kind };
    let cluster: ClusterConfig | undefined;
    let message: SlackMessage;
    let failed = false;
    try {
      const found = findCluster(deps.config, task.cluster);
      cluster = found;
      const watches = deps.actions?.watches;
      // The role comes from the configuration alone, never from the Task: a viewer reads only their own jobs.
      const role = identifyCaller(deps.config, task.userId, { cluster: cluster.name }).role;
      const ctx: QueryContext = {
        cluster,
        executor: deps.executorFor(cluster),
        unixUser: task.unixUser,
        parse: { timeZone: cluster.timeZone },
        now: now(),
        log: deps.log,
        requestId: task.requestId,
        ownJobsOnly: !allows(role, 'read-any'),
        actsOnAnyJob: allows(role, 'act-any'),
        ...(watches !== undefined && {
          watchedByCaller: async (jobId: string) => (await watches.get(found.name, jobId))?.slackUserId === task.userId,
        }),
      };
      message = isActionCommand(task.command)
        ? await runActionCommand({ config: deps.config, cluster, executor: ctx.executor, log: deps.log, now: ctx.now, deps: deps.actions ?? {} }, { ...task, command: task.command })
        : await runQuery(ctx, task.command);
    } catch (error) {
      failed = true;
      const code = isChatopsError(error) ? error.code : 'UNEXPECTED';
      deps.log[code === 'UNEXPECTED' ? 'error' : 'warn']('task failed', { ...fields, code, error });
      message = renderCaughtError(error, {
        requestId: task.requestId,
        cluster: task.cluster,
        clusters: deps.config.clusters.map((c) => c.name),
        ...((task.command.kind === 'job' || isActionCommand(task.command)) && { jobId: task.command.jobId }),
        ...(cluster !== undefined && { minJobAgeSeconds: cluster.minJobAgeSeconds }),
      });
    }
    const replace = task.reply === 'replace';
    try {
      await postToResponseUrl(deps.fetch, task.responseUrl, message, { replace });
      deps.log.info('task answered', { ...fields, failed, ms: Date.now() - started });
    } catch (error) {
      deps.log.error('answer refused by Slack', { ...fields, error });
      if (failed) return;
      await postToResponseUrl(deps.fetch, task.responseUrl, renderError({ code: 'UNEXPECTED', requestId: task.requestId }), { replace }).catch(
        (second: unknown) => deps.log.error('error message refused by Slack too', { ...fields, error: second }),
      );
    }
  };
}
