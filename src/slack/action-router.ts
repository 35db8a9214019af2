import { isChannelAllowed } from '../access/caller';
import { allowedChannels } from '../access/policy';
import type { Config } from '../config';
import { ValidationError } from '../errors';
import type { Task, TaskCommand } from '../tasks/task';
import { renderChannelNotAllowed } from './access-messages';
import { authorize, buildTask, errorReply, type RequestContext, type Route } from './router';
import type { SlackMessage } from './views/blocks';
import { ACTION_IDS, decodeJobsPageValue, decodeJobValue, decodeNodesPageValue } from './views/ids';

/** The buttons of the read views; each re-runs a query, so each becomes a Task. */
export const READ_ACTION_IDS = [
  ACTION_IDS.jobsPageNext,
  ACTION_IDS.jobsPagePrev,
  ACTION_IDS.nodesPageNext,
  ACTION_IDS.nodesPagePrev,
  ACTION_IDS.jobDetails,
  ACTION_IDS.jobRefresh,
] as const;

export type ActionRoute = Extract<Route, { readonly kind: 'reply' }> | { readonly kind: 'dispatch'; readonly task: Task };

interface Decoded {
  readonly cluster: string;
  readonly command: TaskCommand;
  /** A page replaces the list it was clicked on; Details adds a card below it. */
  readonly reply: Task['reply'];
}

function decode(actionId: string, value: string): Decoded {
  switch (actionId) {
    case ACTION_IDS.jobsPageNext:
    case ACTION_IDS.jobsPagePrev: {
      const ref = decodeJobsPageValue(value);
      return { cluster: ref.cluster, command: { kind: 'jobs', filter: ref.filter, page: ref.page }, reply: 'replace' };
    }
    case ACTION_IDS.nodesPageNext:
    case ACTION_IDS.nodesPagePrev: {
      const ref = decodeNodesPageValue(value);
      const partition = ref.partition === undefined ? {} : { partition: ref.partition };
      return { cluster: ref.cluster, command: { kind: 'nodes', page: ref.page, ...partition }, reply: 'replace' };
    }
    case ACTION_IDS.jobDetails:
    case ACTION_IDS.jobRefresh: {
      const ref = decodeJobValue(value);
      return { cluster: ref.cluster, command: { kind: 'job', jobId: ref.jobId }, reply: actionId === ACTION_IDS.jobRefresh ? 'replace' : 'new' };
    }
    default:
      throw new ValidationError('This button is not one this version of the bot knows. Run the command again.', 'action');
  }
}

/**
 * Decides what a click on a read view's button does. Pure; never throws (errors become the reply,
 * posted as a new ephemeral message so the list the user clicked on stays).
 */
export function routeAction(config: Config, action: { actionId: string; value: string | undefined }, ctx: RequestContext): ActionRoute {
  if (!isChannelAllowed(config, ctx.channelId)) {
    return { kind: 'reply', message: renderChannelNotAllowed({ channels: allowedChannels(config), slashCommand: ctx.slashCommand }) };
  }
  let cluster: string | undefined;
  try {
    const decoded = decode(action.actionId, action.value ?? '');
    cluster = decoded.cluster;
    const auth = authorize(config, ctx, decoded.cluster);
    return { kind: 'dispatch', task: buildTask(ctx, auth, decoded.command, decoded.reply) };
  } catch (error) {
    return errorReply(error, config, ctx, cluster);
  }
}
