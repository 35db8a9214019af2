import { routeAction } from '../../action-router';
import type { ListenerDeps } from '../deps';
import { handOver, reply } from '../hand-over';
import { clickContext } from './click-context';

/** The fields of a `block_actions` button click this listener reads. */
export interface ButtonActionArgs {
  readonly ack: () => Promise<void>;
  readonly action: { readonly action_id: string; readonly value?: string };
  readonly body: {
    readonly user: { readonly id: string; readonly team_id?: string };
    readonly team?: { readonly id: string } | null;
    readonly channel?: { readonly id: string };
    readonly container?: { readonly channel_id?: string };
    readonly response_url?: string;
  };
}

/**
 * A click on Next/Previous, Details or Refresh: acks at once (a click's ack carries no message),
 * then re-runs the query as a Task; refusals are posted as a new ephemeral message.
 */
export function readAction(deps: ListenerDeps): (args: ButtonActionArgs) => Promise<void> {
  return async ({ ack, action, body }) => {
    await ack();
    const requestId = deps.newRequestId();
    const responseUrl = body.response_url;
    if (responseUrl === undefined) {
      deps.log.warn('button click without a response_url ignored', { requestId, actionId: action.action_id });
      return;
    }
    const route = routeAction(deps.config, { actionId: action.action_id, value: action.value }, clickContext(body, requestId, responseUrl));
    if (route.kind === 'reply') {
      deps.log.info('button answered', { requestId, userId: body.user.id, actionId: action.action_id });
      await reply(deps, requestId, responseUrl, route.message, false);
      return;
    }
    await handOver(deps, route.task);
  };
}
