import type { RequestContext } from '../../router';
import type { ListenerDeps } from '../deps';
import type { ButtonActionArgs } from './read-action';

/**
 * Who clicked, in which team and channel, and where to answer. A click carries no slash command,
 * so help texts name `/slurm`; a click outside a channel (an app home) has no channel id.
 */
export function clickContext(body: ButtonActionArgs['body'], requestId: string, responseUrl: string): RequestContext {
  return {
    requestId,
    teamId: body.team?.id ?? body.user.team_id ?? '',
    userId: body.user.id,
    channelId: body.channel?.id ?? body.container?.channel_id ?? '',
    responseUrl,
    slashCommand: '/slurm',
  };
}

/**
 * The start of every button listener: acks at once (a click's ack carries no message), then the
 * click's request context. Undefined, logged, for a click Slack sent without a response_url: it
 * cannot be answered, so nothing is run for it.
 */
export async function acceptClick(deps: Pick<ListenerDeps, 'log' | 'newRequestId'>, args: Pick<ButtonActionArgs, 'ack' | 'action' | 'body'>): Promise<RequestContext | undefined> {
  await args.ack();
  const requestId = deps.newRequestId();
  const responseUrl = args.body.response_url;
  if (responseUrl === undefined) {
    deps.log.warn('button click without a response_url ignored', { requestId, actionId: args.action.action_id });
    return undefined;
  }
  return clickContext(args.body, requestId, responseUrl);
}
