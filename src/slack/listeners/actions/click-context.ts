import type { RequestContext } from '../../router';
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
