import { context, fallbackText, section, type SlackMessage } from './views/blocks';
import { inlineCode } from './views/escape';

const CHANNELS_LISTED = 10;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/**
 * For a Slack user nobody mapped: what they can do now and the exact configuration line an
 * admin adds, with their member id, so the request to the admin can be copied as is.
 */
export function renderNotMapped(input: { slackUserId: string; slashCommand: string }): SlackMessage {
  const line = `${input.slackUserId}: <your Unix user name>`;
  const text =
    ':bust_in_silhouette: *Your Slack account is not mapped to a Unix user yet*, so I cannot run Slurm for you: ' +
    'every command runs as your own Unix user, with Slurm\'s own permissions.\n' +
    `Ask a Slurm admin to add this line under ${inlineCode('users:')} in the bot's configuration: ${inlineCode(line, 120)}`;
  return {
    text: fallbackText(`Your Slack account is not mapped to a Unix user yet. Ask a Slurm admin to add "${line}" under users: in the bot's configuration.`),
    blocks: [section(text), context(`Meanwhile ${inlineCode(`${input.slashCommand} help`)} and ${inlineCode(`${input.slashCommand} clusters`)} work.`)],
  };
}

/** For a command typed in a channel outside the allow-list: where the bot does answer. */
export function renderChannelNotAllowed(input: { channels: readonly string[]; slashCommand: string }): SlackMessage {
  // Channel ids come from the configuration (validated there); <#C…> renders as the channel's name.
  const links = input.channels.filter((c) => CHANNEL_ID.test(c)).slice(0, CHANNELS_LISTED).map((c) => `<#${c}>`);
  const more = input.channels.length > CHANNELS_LISTED ? ` and ${input.channels.length - CHANNELS_LISTED} more` : '';
  const where = links.length > 0 ? ` Use ${inlineCode(input.slashCommand)} in ${links.join(', ')}${more}.` : '';
  return {
    text: fallbackText(`I don't answer in this channel.${where}`),
    blocks: [section(`:no_entry: I don't answer in this channel: an admin limited me to a few channels.${where}`)],
  };
}
