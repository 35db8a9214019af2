import { isChannelAllowed } from '../../../access/caller';
import { allowedChannels } from '../../../access/policy';
import { isChatopsError } from '../../../errors';
import { TASK_VERSION } from '../../../tasks/task';
import { renderChannelNotAllowed } from '../../access-messages';
import type { ActionRoute } from '../../action-router';
import { renderLinkOutcome } from '../../views/access';
import { renderCaughtError } from '../../views/errors';
import { decodeLinkValue } from '../../views/ids';
import type { ListenerDeps } from '../deps';
import { handOver, reply } from '../hand-over';
import { acceptClick } from './click-context';
import type { ButtonActionArgs } from './read-action';

/**
 * What a Verify click does. The button's value is only a pointer: the code is re-read from the
 * store and must have been issued to the clicking Slack user; the cluster and the claimed Unix
 * user come from that record, never from the button.
 */
async function decide(deps: ListenerDeps, args: ButtonActionArgs, requestId: string, responseUrl: string): Promise<ActionRoute> {
  const { body, action } = args;
  const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
  if (!isChannelAllowed(deps.config, channelId)) {
    return { kind: 'reply', message: renderChannelNotAllowed({ channels: allowedChannels(deps.config), slashCommand: '/slurm' }) };
  }
  const ref = decodeLinkValue(action.value ?? '');
  const links = deps.identity?.links;
  if (links === undefined) return { kind: 'reply', message: renderLinkOutcome({ kind: 'disabled' }) };
  const pending = await links.getCode(ref.code);
  if (pending === undefined) return { kind: 'reply', message: renderLinkOutcome({ kind: 'expired' }) };
  if (pending.slackUserId !== body.user.id || pending.cluster !== ref.cluster) return { kind: 'reply', message: renderLinkOutcome({ kind: 'not_yours' }) };
  return {
    kind: 'dispatch',
    task: {
      v: TASK_VERSION,
      requestId,
      teamId: body.team?.id ?? body.user.team_id ?? pending.teamId,
      userId: body.user.id,
      channelId,
      responseUrl,
      reply: 'replace',
      cluster: pending.cluster,
      unixUser: pending.unixUser,
      command: { kind: 'link', code: pending.code },
    },
  };
}

/** A click on Verify under a link code: acks, checks the code is the clicker's, hands the proof check to the worker. */
export function linkVerifyAction(deps: ListenerDeps): (args: ButtonActionArgs) => Promise<void> {
  return async (args) => {
    const ctx = await acceptClick(deps, args);
    if (ctx === undefined) return;
    const { requestId, responseUrl } = ctx;
    let decision: ActionRoute;
    try {
      decision = await decide(deps, args, requestId, responseUrl);
    } catch (error) {
      deps.log[isChatopsError(error) ? 'warn' : 'error']('link verify refused', { requestId, userId: args.body.user.id, error });
      decision = { kind: 'reply', message: renderCaughtError(error, { requestId }) };
    }
    if (decision.kind === 'reply') {
      await reply(deps, requestId, responseUrl, decision.message, false);
      return;
    }
    await handOver(deps, decision.task);
  };
}
