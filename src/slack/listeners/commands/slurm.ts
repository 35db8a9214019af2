import type { RespondArguments } from '@slack/bolt';
import { audit } from '../../../audit/audit';
import { routeSlashCommand } from '../../router';
import type { SlackMessage } from '../../views/blocks';
import type { ListenerDeps } from '../deps';
import { handOver } from '../hand-over';
import { identityReply } from '../../identity-ops';
import type { ViewsClient } from '../submit/deps';
import { openSubmitFromCommand } from '../submit/open-from-command';

/** The fields of a slash command this listener reads. */
export interface SlashCommandArgs {
  readonly command: {
    readonly command: string;
    readonly text: string;
    readonly team_id: string;
    readonly user_id: string;
    readonly channel_id: string;
    readonly response_url: string;
    /** For `/slurm submit`: the modal opens with it. */
    readonly trigger_id?: string;
  };
  readonly ack: (response?: RespondArguments) => Promise<void>;
  readonly client?: ViewsClient;
}

function ephemeral(message: SlackMessage): RespondArguments {
  return { response_type: 'ephemeral', text: message.text, blocks: message.blocks };
}

/**
 * `/slurm …`: acks within Slack's 3 seconds with the answer itself (help, refusals) or with
 * "Running `squeue` on *cluster*…", then hands the Task over; the worker replaces the ack.
 */
export function slurmCommand(deps: ListenerDeps): (args: SlashCommandArgs) => Promise<void> {
  return async ({ command, ack, client }) => {
    const requestId = deps.newRequestId();
    const route = routeSlashCommand(deps.config, command.text, {
      requestId,
      teamId: command.team_id,
      userId: command.user_id,
      channelId: command.channel_id,
      responseUrl: command.response_url,
      slashCommand: command.command,
    });
    if (route.kind === 'reply') {
      deps.log.info('command answered', { requestId, userId: command.user_id, channelId: command.channel_id });
      if (route.audit !== undefined) await (deps.audit ?? audit)(route.audit);
      await ack(ephemeral(route.message));
      return;
    }
    if (route.kind === 'identity') {
      const request = { requestId, teamId: command.team_id, userId: command.user_id, channelId: command.channel_id, slashCommand: command.command };
      await ack(ephemeral(await identityReply(deps, route.op, request)));
      return;
    }
    if (route.kind === 'open-submit') {
      await ack();
      await openSubmitFromCommand(deps, client, command, route, requestId);
      return;
    }
    await ack(ephemeral(route.ack));
    await handOver(deps, route.task);
  };
}
