import type { ClusterConfig } from '../../../config';
import { renderError } from '../../views/errors';
import type { ListenerDeps } from '../deps';
import { reply } from '../hand-over';
import type { ViewsClient } from './deps';
import { openSubmitModal } from './open-modal';

/** The slash command fields the modal needs. */
export interface SubmitCommandFields {
  readonly team_id: string;
  readonly user_id: string;
  readonly channel_id: string;
  readonly response_url: string;
  readonly trigger_id?: string;
}

/**
 * `/slurm submit`, once routed and authorized (and acked): opens the modal with the command's
 * trigger. Without submit services or a trigger (a misconfigured deployment) the user is told.
 * Never throws.
 */
export async function openSubmitFromCommand(
  deps: ListenerDeps,
  client: ViewsClient | undefined,
  command: SubmitCommandFields,
  route: { readonly cluster: ClusterConfig; readonly unixUser: string },
  requestId: string,
): Promise<void> {
  const submit = deps.submit;
  if (submit === undefined || client === undefined || command.trigger_id === undefined) {
    deps.log.error('submit modal cannot be opened: no submit services, client or trigger', { requestId });
    await reply(deps, requestId, command.response_url, renderError({ code: 'CONFIG_INVALID', requestId, cluster: route.cluster.name }), false);
    return;
  }
  await openSubmitModal({ ...deps, submit }, client, {
    requestId,
    triggerId: command.trigger_id,
    teamId: command.team_id,
    userId: command.user_id,
    channelId: command.channel_id,
    responseUrl: command.response_url,
    cluster: route.cluster,
    unixUser: route.unixUser,
  });
}
