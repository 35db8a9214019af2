import { authorizeCaller } from '../../../access/caller';
import { findCluster } from '../../../config';
import { errorReply } from '../../router';
import { decodeClusterValue } from '../../views/ids';
import { acceptClick } from '../actions/click-context';
import type { ButtonActionArgs } from '../actions/read-action';
import { reply } from '../hand-over';
import type { SubmitDeps, ViewsClient } from './deps';
import { openSubmitModal } from './open-modal';

/** The fields of a "Submit a job" click this listener reads: a button click, with the trigger the modal opens with. */
export interface SubmitButtonArgs extends ButtonActionArgs {
  readonly body: ButtonActionArgs['body'] & { readonly trigger_id: string };
  readonly client: ViewsClient;
}

/**
 * "Submit a job" on the help and jobs messages: acks, checks that the caller may submit on the
 * button's cluster in this channel, and opens the modal with the click's trigger. A refusal is
 * posted as a new ephemeral message. Never throws.
 */
export function submitButton(deps: SubmitDeps): (args: SubmitButtonArgs) => Promise<void> {
  return async (args) => {
    const { action, body, client } = args;
    const ctx = await acceptClick(deps, args);
    if (ctx === undefined) return;
    const { requestId, responseUrl } = ctx;
    let clusterName: string | undefined;
    try {
      clusterName = decodeClusterValue(action.value ?? '').cluster;
      const cluster = findCluster(deps.config, clusterName);
      const caller = authorizeCaller(deps.config, { slackUserId: ctx.userId, channelId: ctx.channelId, cluster: cluster.name, permission: 'submit' });
      await openSubmitModal(deps, client, { ...ctx, triggerId: body.trigger_id, cluster, unixUser: caller.unixUser });
    } catch (error) {
      const route = errorReply(error, deps.config, ctx, clusterName);
      if (route.kind === 'reply') await reply(deps, requestId, responseUrl, route.message, false);
    }
  };
}
