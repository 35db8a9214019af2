import { audit } from '../../../audit/audit';
import { routeJobActionClick } from '../../job-action-router';
import type { ListenerDeps } from '../deps';
import { handOver, reply } from '../hand-over';
import { acceptClick } from './click-context';
import type { ButtonActionArgs } from './read-action';

/** A button click, with the message the button sat on (job cards are channel messages). */
export interface JobActionArgs extends ButtonActionArgs {
  readonly body: ButtonActionArgs['body'] & {
    readonly container?: { readonly channel_id?: string; readonly message_ts?: string; readonly thread_ts?: string; readonly is_ephemeral?: boolean };
    readonly message?: { readonly ts?: string; readonly thread_ts?: string; readonly blocks?: unknown };
  };
}

/**
 * A click on Cancel, Hold, Release, Requeue, Output, Watch or Stop watching: acks at once, then hands
 * the action to the worker. Destructive buttons carry Slack's own confirmation dialog, so a click that
 * arrives here was confirmed. Refusals are posted to the clicker alone.
 */
export function jobAction(deps: ListenerDeps): (args: JobActionArgs) => Promise<void> {
  return async (args) => {
    const { action, body } = args;
    const ctx = await acceptClick(deps, args);
    if (ctx === undefined) return;
    const container = body.container;
    const ts = body.message?.ts ?? container?.message_ts;
    const threadTs = body.message?.thread_ts ?? container?.thread_ts;
    const route = routeJobActionClick(deps.config, { actionId: action.action_id, value: action.value }, ctx, {
      isEphemeral: container?.is_ephemeral === true || body.message === undefined,
      ...(ts !== undefined && { ts }),
      ...(threadTs !== undefined && { threadTs }),
      ...(body.message?.blocks !== undefined && { blocks: body.message.blocks }),
    });
    if (route.kind === 'reply') {
      deps.log.info('button answered', { requestId: ctx.requestId, userId: body.user.id, actionId: action.action_id });
      if (route.audit !== undefined) await (deps.audit ?? audit)(route.audit);
      await reply(deps, ctx.requestId, ctx.responseUrl, route.message, false);
      return;
    }
    await handOver(deps, route.task);
  };
}
