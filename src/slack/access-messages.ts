import { channelLinks } from './views/access';
import { fallbackText, section, type SlackMessage } from './views/blocks';
import { inlineCode } from './views/escape';

/** For a command typed in a channel outside the allow-list: where the bot does answer. */
export function renderChannelNotAllowed(input: { channels: readonly string[]; slashCommand: string }): SlackMessage {
  const links = channelLinks(input.channels);
  const where = links ? ` Use ${inlineCode(input.slashCommand)} in ${links}.` : '';
  return {
    text: fallbackText(`I don't answer in this channel.${where}`),
    blocks: [section(`:no_entry: I don't answer in this channel: an admin limited me to a few channels.${where}`)],
  };
}
