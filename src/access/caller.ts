import type { FileConfig } from '../config';
import { ChatopsError } from '../errors';

/** Who is asking, as far as the configuration knows them. */
export interface Caller {
  readonly slackUserId: string;
  /** Absent for a Slack user nobody mapped: they may read help and the cluster list, nothing else. */
  readonly unixUser?: string;
  readonly isAdmin: boolean;
}

type AccessConfig = Pick<FileConfig, 'users' | 'admins' | 'channels'>;

/** Looks the Slack user up in the configuration; never throws. */
export function identifyCaller(config: AccessConfig, slackUserId: string): Caller {
  const unixUser = Object.hasOwn(config.users, slackUserId) ? config.users[slackUserId] : undefined;
  return { slackUserId, ...(unixUser !== undefined && { unixUser }), isAdmin: config.admins.includes(slackUserId) };
}

/**
 * The Unix user the caller's commands run as.
 * @throws ChatopsError NOT_MAPPED when the Slack user has no Unix user in the configuration.
 */
export function requireUnixUser(caller: Caller): string {
  if (caller.unixUser === undefined) {
    throw new ChatopsError('NOT_MAPPED', `Slack user ${caller.slackUserId} is not mapped to a Unix user.`);
  }
  return caller.unixUser;
}

/** Whether the bot answers in this channel: any channel when the allow-list is empty. */
export function isChannelAllowed(config: AccessConfig, channelId: string): boolean {
  return config.channels.length === 0 || config.channels.includes(channelId);
}

/**
 * @throws ChatopsError FORBIDDEN when the channel is not on a non-empty allow-list.
 */
export function requireChannel(config: AccessConfig, channelId: string): void {
  if (!isChannelAllowed(config, channelId)) {
    throw new ChatopsError('FORBIDDEN', `The bot does not answer in channel ${channelId}.`);
  }
}

/** The Unix user a Slack user id maps to, for `--user @someone`; undefined when unmapped. */
export function unixUserOf(config: AccessConfig, slackUserId: string): string | undefined {
  return Object.hasOwn(config.users, slackUserId) ? config.users[slackUserId] : undefined;
}
