import { ChatopsError } from '../errors';
import { epochSeconds, type Table, type TableItem } from '../store/table';
import { LINK_CODE_TTL_SECONDS } from './link-code';

/** A code handed out by `/slurm link NAME`, waiting for its proof on the cluster. */
export interface PendingLink {
  readonly code: string;
  readonly slackUserId: string;
  readonly teamId: string;
  readonly cluster: string;
  /** The Unix user the Slack user says they are; the proof must be owned by them. */
  readonly unixUser: string;
  /** Epoch seconds. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** A verified link: this Slack user proved to be this Unix user on this cluster. */
export interface Link {
  readonly slackUserId: string;
  readonly teamId: string;
  readonly cluster: string;
  readonly unixUser: string;
  /** Epoch seconds. */
  readonly linkedAt: number;
}

export interface LinkStoreOptions {
  /** Epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

const CODE_SK = 'pending';
const LINK_SK_PREFIX = 'cluster#';

function codeKey(code: string): string {
  return `linkcode#${code}`;
}

function linksKey(slackUserId: string): string {
  return `links#${slackUserId}`;
}

function malformed(item: TableItem): ChatopsError {
  return new ChatopsError('STORE', `malformed link record (${item.pk}, ${item.sk})`);
}

function strings<K extends string>(item: TableItem, keys: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of keys) {
    const v = item[key];
    if (typeof v !== 'string') throw malformed(item);
    out[key] = v;
  }
  return out;
}

function toPending(item: TableItem): PendingLink {
  const s = strings(item, ['code', 'slackUserId', 'teamId', 'cluster', 'unixUser']);
  if (typeof item.issuedAt !== 'number' || typeof item.expiresAt !== 'number') throw malformed(item);
  return { ...s, issuedAt: item.issuedAt, expiresAt: item.expiresAt };
}

function toLink(item: TableItem): Link {
  const s = strings(item, ['slackUserId', 'teamId', 'cluster', 'unixUser']);
  if (typeof item.linkedAt !== 'number') throw malformed(item);
  return { ...s, linkedAt: item.linkedAt };
}

/**
 * Self-service links on the bot's durable Table (DynamoDB in AWS, files locally): one-time codes
 * that expire after 10 minutes, and the verified Slack user -> Unix user links, one partition per
 * Slack user so a request finds all of theirs with one query.
 *
 * Every method throws ChatopsError `STORE` when the table fails or holds a malformed record.
 */
export class LinkStore {
  private readonly now: () => number;

  constructor(
    private readonly table: Table,
    options: LinkStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Stores a new code; undefined when that code is already taken (draw another). */
  async addCode(link: Omit<PendingLink, 'issuedAt' | 'expiresAt'>): Promise<PendingLink | undefined> {
    const issuedAt = epochSeconds(this.now());
    const pending: PendingLink = { ...link, issuedAt, expiresAt: issuedAt + LINK_CODE_TTL_SECONDS };
    const stored = await this.table.put({ pk: codeKey(link.code), sk: CODE_SK, ...pending }, { condition: { kind: 'absent' } });
    return stored ? pending : undefined;
  }

  /** The live (unexpired, unused) code, if any. */
  async getCode(code: string): Promise<PendingLink | undefined> {
    const item = await this.table.get(codeKey(code), CODE_SK);
    return item === undefined ? undefined : toPending(item);
  }

  /** Uses the code up: true for exactly one caller, and only for the Slack user it was issued to. */
  consumeCode(code: string, slackUserId: string): Promise<boolean> {
    return this.table.delete(codeKey(code), CODE_SK, { condition: { kind: 'equals', attr: 'slackUserId', value: slackUserId } });
  }

  /** Records a verified link (replacing an earlier one for the same cluster). */
  async addLink(link: Omit<Link, 'linkedAt'>): Promise<Link> {
    const stored: Link = { ...link, linkedAt: epochSeconds(this.now()) };
    await this.table.put({ pk: linksKey(link.slackUserId), sk: `${LINK_SK_PREFIX}${link.cluster}`, ...stored });
    return stored;
  }

  /** Every verified link of the Slack user, by cluster. */
  async links(slackUserId: string): Promise<Link[]> {
    return (await this.table.query(linksKey(slackUserId), { skPrefix: LINK_SK_PREFIX })).map(toLink);
  }

  /** Removes the links of these clusters (all of the user's when none is named); the clusters actually unlinked. */
  async removeLinks(slackUserId: string, clusters?: readonly string[]): Promise<string[]> {
    const names = clusters ?? (await this.links(slackUserId)).map((l) => l.cluster);
    const removed: string[] = [];
    for (const cluster of names) {
      if (await this.table.delete(linksKey(slackUserId), `${LINK_SK_PREFIX}${cluster}`)) removed.push(cluster);
    }
    return removed;
  }
}
