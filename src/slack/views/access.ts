import type { DenialReason } from '../../access/denied';
import type { IdentitySource } from '../../access/identities';
import { describeRole, type Permission, type Role } from '../../access/roles';
import { actions, button, context, fallbackText, header, section, type KnownBlock, type SlackMessage } from './blocks';
import { escapeMrkdwn, inlineCode } from './escape';
import { ACTION_IDS, encodeLinkValue } from './ids';

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/** The notification text: plain words, with every value in it escaped like the blocks. */
function plainFallback(text: string): string {
  return fallbackText(escapeMrkdwn(text));
}
const CHANNELS_LISTED = 10;

/** Up to ten channels as links, "and N more" past that; '' when none is a channel id. */
export function channelLinks(channels: readonly string[]): string {
  // Channel ids come from the configuration (validated there); <#C…> renders as the channel's name.
  const links = channels.filter((c) => CHANNEL_ID.test(c)).slice(0, CHANNELS_LISTED).map((c) => `<#${c}>`);
  const more = channels.length > CHANNELS_LISTED ? ` and ${channels.length - CHANNELS_LISTED} more` : '';
  return links.length > 0 ? `${links.join(', ')}${more}` : '';
}

const PERMISSION_WORDS: Readonly<Record<Permission, string>> = {
  'read-own': 'read your own jobs',
  'read-any': 'look at other users\' jobs',
  submit: 'submit jobs',
  'act-own': 'change jobs (cancel, hold, release, requeue)',
  'act-any': 'change other users\' jobs',
};

export interface AccessDeniedViewInput {
  readonly reason: DenialReason;
  readonly slackUserId: string;
  /** The slash command as installed (`/slurm`). */
  readonly slashCommand: string;
}

/** Why the request was refused, and exactly how to get access; nothing ran on the cluster. */
export function renderAccessDenied(input: AccessDeniedViewInput): SlackMessage {
  const { reason, slashCommand } = input;
  const cluster = inlineCode(reason.cluster, 64);
  switch (reason.kind) {
    case 'not_mapped': {
      const lines = [
        `:bust_in_silhouette: *Your Slack account is not mapped to a Unix user yet* on ${cluster}, so I cannot run Slurm for you there: ` +
          'every command runs as your own Unix user, with Slurm\'s own permissions.',
      ];
      if (reason.lookupFailed) lines.push(':warning: I could not check your linked accounts just now. Try again in a minute before asking for help.');
      const ways: string[] = [];
      if (reason.selfLink) {
        ways.push(`• Link it yourself: ${inlineCode(`${slashCommand} link YOUR_UNIX_USER`, 120)}, then run the command it gives you on the cluster.`);
      }
      if (reason.emailDomain !== undefined) {
        ways.push(`• Or make your Slack profile e-mail your ${inlineCode(`@${reason.emailDomain}`, 120)} address, whose name before the @ is your Unix user.`);
      }
      ways.push(`• Or ask a Slurm admin to add ${inlineCode(`${input.slackUserId}: <your Unix user name>`, 120)} under ${inlineCode('users:')} in the bot's configuration.`);
      lines.push(`How to get access:\n${ways.join('\n')}`);
      return {
        text: plainFallback(`Your Slack account is not mapped to a Unix user yet on ${reason.cluster}. ${reason.selfLink ? `Use ${slashCommand} link YOUR_UNIX_USER, or ask` : 'Ask'} a Slurm admin to add "${input.slackUserId}: <your Unix user name>" under users: in the bot's configuration.`),
        blocks: [section(lines.join('\n')), context(`Meanwhile ${inlineCode(`${slashCommand} help`)}, ${inlineCode(`${slashCommand} clusters`)} and ${inlineCode(`${slashCommand} whoami`)} work.`)],
      };
    }
    case 'channel': {
      const where = channelLinks(reason.channels);
      const text = `:no_entry: I don't answer for ${cluster} in this channel: an admin limited it to a few channels.${where ? ` Use ${inlineCode(slashCommand)} in ${where}.` : ''}`;
      return { text: plainFallback(`I don't answer for ${reason.cluster} in this channel.`), blocks: [section(text)] };
    }
    case 'role': {
      const text =
        `:lock: Your role on ${cluster} is *${escapeMrkdwn(reason.role, 20)}*, which does not let you ${PERMISSION_WORDS[reason.permission]}. ` +
        'Nothing was run. If you need more, ask a Slurm admin to change your role in the bot\'s configuration.';
      return { text: plainFallback(`Your role on ${reason.cluster} (${reason.role}) does not let you ${PERMISSION_WORDS[reason.permission]}.`), blocks: [section(text)] };
    }
  }
}

/** One cluster's line of `/slurm whoami`. */
export interface WhoamiCluster {
  readonly cluster: string;
  readonly unixUser?: string;
  readonly source?: IdentitySource;
  readonly role: Role;
  readonly channelAllowed: boolean;
}

export interface WhoamiViewInput {
  readonly slackUserId: string;
  readonly clusters: readonly WhoamiCluster[];
  readonly slashCommand: string;
  readonly selfLink: boolean;
  readonly lookupFailed: boolean;
}

const SOURCE_WORDS: Readonly<Record<IdentitySource, string>> = {
  config: 'mapped in the bot\'s configuration',
  link: 'linked by you with /slurm link',
  email: 'from your Slack profile e-mail',
};

/** `/slurm whoami`: per cluster, the Unix user commands run as, where that came from, and the role. */
export function renderWhoami(input: WhoamiViewInput): SlackMessage {
  const lines = input.clusters.slice(0, 40).map((c) => {
    const name = `*${inlineCode(c.cluster, 64)}*`;
    const where = c.channelAllowed ? '' : ' _(not in this channel)_';
    if (c.unixUser === undefined) return `${name}: not linked${where}`;
    return `${name}: Unix user ${inlineCode(c.unixUser, 40)}, ${SOURCE_WORDS[c.source ?? 'config']}; ${escapeMrkdwn(describeRole(c.role), 200)}${where}`;
  });
  const blocks: KnownBlock[] = [header('Who you are on the clusters'), section(`Slack user ${inlineCode(input.slackUserId, 40)}\n${lines.join('\n')}`)];
  if (input.lookupFailed) blocks.push(context(':warning: Linked accounts could not be checked just now; a link may be missing from this list.'));
  const tips = [];
  if (input.selfLink) tips.push(`${inlineCode(`${input.slashCommand} link YOUR_UNIX_USER [-c CLUSTER]`, 100)} links an account`);
  if (input.clusters.some((c) => c.source === 'link')) tips.push(`${inlineCode(`${input.slashCommand} unlink [-c CLUSTER]`, 100)} removes a link`);
  if (tips.length > 0) blocks.push(context(`${tips.join('; ')}.`));
  const mapped = input.clusters.filter((c) => c.unixUser !== undefined).map((c) => `${c.cluster}: ${c.unixUser}`);
  return { text: plainFallback(mapped.length > 0 ? `You act as ${mapped.slice(0, 5).join(', ')}.` : 'Your Slack account is not linked to a Unix user.'), blocks };
}

export interface LinkCodeViewInput {
  readonly cluster: string;
  readonly unixUser: string;
  readonly code: string;
  readonly minutes: number;
}

/** The code to prove a Unix identity with, the command to run, and the Verify button. */
export function renderLinkCode(input: LinkCodeViewInput): SlackMessage {
  const command = `slurm-chatops-link ${input.code}`;
  const text =
    `:link: To link your Slack account to Unix user ${inlineCode(input.unixUser, 40)} on ${inlineCode(input.cluster, 64)}:\n` +
    `1. Log in to the cluster *as ${inlineCode(input.unixUser, 40)}* (not with sudo) and run: ${inlineCode(command, 80)}\n` +
    '2. Come back here and press *Verify*.\n' +
    `The code works once and expires in ${input.minutes} minutes. Keep it to yourself.`;
  return {
    text: plainFallback(`Run "${command}" on ${input.cluster} as ${input.unixUser}, then press Verify. The code expires in ${input.minutes} minutes.`),
    blocks: [
      section(text),
      actions([button({ text: 'Verify', actionId: ACTION_IDS.linkVerify, value: encodeLinkValue({ cluster: input.cluster, code: input.code }), style: 'primary' })]),
    ],
  };
}

/** What came of a link: linked, or why not and what to do. */
export type LinkOutcome =
  | { readonly kind: 'linked'; readonly cluster: string; readonly unixUser: string }
  | { readonly kind: 'already'; readonly cluster: string; readonly unixUser: string; readonly source: IdentitySource }
  | { readonly kind: 'missing'; readonly cluster: string; readonly code: string; readonly unixUser: string }
  | { readonly kind: 'other_user'; readonly cluster: string; readonly owner: string; readonly unixUser: string }
  | { readonly kind: 'rejected'; readonly cluster: string; readonly why: string }
  | { readonly kind: 'setup'; readonly cluster: string; readonly why: string }
  | { readonly kind: 'expired' }
  | { readonly kind: 'not_yours' }
  | { readonly kind: 'disabled' };

/** The answer to `/slurm link` or to a Verify click that did not (or did) link. */
export function renderLinkOutcome(outcome: LinkOutcome, slashCommand = '/slurm'): SlackMessage {
  const say = (text: string, plain: string, extra: KnownBlock[] = []): SlackMessage => ({ text: plainFallback(plain), blocks: [section(text), ...extra] });
  switch (outcome.kind) {
    case 'linked':
      return say(
        `:white_check_mark: Linked: on ${inlineCode(outcome.cluster, 64)} your commands now run as Unix user ${inlineCode(outcome.unixUser, 40)}.`,
        `Linked: on ${outcome.cluster} your commands now run as ${outcome.unixUser}.`,
        [context(`${inlineCode(`${slashCommand} whoami`)} shows your links; ${inlineCode(`${slashCommand} unlink`)} removes them.`)],
      );
    case 'already':
      return say(
        `:information_source: On ${inlineCode(outcome.cluster, 64)} you already act as ${inlineCode(outcome.unixUser, 40)} (${SOURCE_WORDS[outcome.source]}), which a link cannot change. Ask a Slurm admin if that is wrong.`,
        `On ${outcome.cluster} you already act as ${outcome.unixUser}.`,
      );
    case 'missing':
      return say(
        `:hourglass: I found no proof for code ${inlineCode(outcome.code, 20)} on ${inlineCode(outcome.cluster, 64)} yet. ` +
          `Run ${inlineCode(`slurm-chatops-link ${outcome.code}`, 80)} there as ${inlineCode(outcome.unixUser, 40)}, then press *Verify* again.`,
        `No proof for code ${outcome.code} on ${outcome.cluster} yet.`,
        [actions([button({ text: 'Verify', actionId: ACTION_IDS.linkVerify, value: encodeLinkValue({ cluster: outcome.cluster, code: outcome.code }), style: 'primary' })])],
      );
    case 'other_user':
      return say(
        `:x: The proof on ${inlineCode(outcome.cluster, 64)} was made by Unix user ${inlineCode(outcome.owner, 40)}, not ${inlineCode(outcome.unixUser, 40)}, so nothing was linked. ` +
          `Start again with ${inlineCode(`${slashCommand} link ${outcome.unixUser}`, 80)} and run the command logged in as ${inlineCode(outcome.unixUser, 40)}.`,
        `The proof was made by ${outcome.owner}, not ${outcome.unixUser}: nothing was linked.`,
      );
    case 'rejected':
      return say(
        `:x: That proof cannot be accepted (${escapeMrkdwn(outcome.why, 200)}), so nothing was linked. Start again with ${inlineCode(`${slashCommand} link`)}.`,
        `That proof cannot be accepted (${outcome.why}).`,
      );
    case 'setup':
      return say(
        `:wrench: Linking is not set up on ${inlineCode(outcome.cluster, 64)}: ${escapeMrkdwn(outcome.why, 200)}. ` +
          `An admin sets it up once with ${inlineCode('sudo slurm-chatops-link --setup', 60)} on the head node.`,
        `Linking is not set up on ${outcome.cluster}: ${outcome.why}.`,
      );
    case 'expired':
      return say(
        `:hourglass: That link code has expired or was already used. Get a new one with ${inlineCode(`${slashCommand} link YOUR_UNIX_USER`, 80)}.`,
        'That link code has expired or was already used.',
      );
    case 'not_yours':
      return say(`:no_entry: That link code was given to someone else. Get your own with ${inlineCode(`${slashCommand} link YOUR_UNIX_USER`, 80)}.`, 'That link code was given to someone else.');
    case 'disabled':
      return say(
        ':no_entry: Self-service linking is turned off here. Ask a Slurm admin to map your Slack account in the bot\'s configuration.',
        'Self-service linking is turned off here.',
      );
  }
}

/** The answer to `/slurm unlink`. */
export function renderUnlinked(input: { readonly removed: readonly string[]; readonly configured: readonly string[] }): SlackMessage {
  const parts: string[] = [];
  if (input.removed.length > 0) parts.push(`:white_check_mark: Unlinked on ${input.removed.map((c) => inlineCode(c, 64)).join(', ')}.`);
  else parts.push(':information_source: You had no link to remove there.');
  if (input.configured.length > 0) {
    parts.push(`On ${input.configured.map((c) => inlineCode(c, 64)).join(', ')} your Unix user comes from the bot's configuration or your e-mail, which only an admin can change.`);
  }
  const text = parts.join(' ');
  return { text: plainFallback(input.removed.length > 0 ? `Unlinked on ${input.removed.join(', ')}.` : 'You had no link to remove there.'), blocks: [section(text)] };
}
