import { routeAction } from '../../action-router';
import type { ListenerDeps } from '../deps';
import { handOver, reply } from '../hand-over';
import { acceptClick } from './click-context';

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
  return async (args) => {
    const { action, body } = args;
    const ctx = await acceptClick(deps, args);
    if (ctx === undefined) return;
    const route = routeAction(deps.config, { actionId: action.action_id, value: action.value }, ctx);
    if (route.kind === 'reply') {
      deps.log.info('button answered', { requestId: ctx.requestId, userId: body.user.id, actionId: action.action_id });
      await reply(deps, ctx.requestId, ctx.responseUrl, route.message, false);
      return;
    }
    await handOver(deps, route.task);
  };
}
