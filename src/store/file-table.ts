import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { ChatopsError } from '../errors';
import { acquireFileLock } from './file-lock';
import { errorCode, unlinkIfPresent } from './fs-util';
import {
  checkKey,
  checkPartitionKey,
  epochSeconds,
  isExpired,
  matchesEquals,
  storeError,
  toStoredItem,
  type DeleteOptions,
  type PutOptions,
  type QueryOptions,
  type Table,
  type TableItem,
} from './table';

export interface FileTableOptions {
  /** Epoch milliseconds; tests move time instead of sleeping. Default `Date.now`. */
  readonly now?: () => number;
  /** How often a write also prunes expired items from every partition. Default 10 minutes. */
  readonly sweepIntervalMs?: number;
  /** See FileLockOptions. */
  readonly lockStaleMs?: number;
  readonly lockTimeoutMs?: number;
}

interface PartitionFile {
  readonly pk: string;
  readonly items: TableItem[];
}

const LOCK_FILE = '.lock';
const TEMP_PREFIX = '.tmp-';
const STALE_LOCK_PREFIX = `${LOCK_FILE}.stale-`;
const LEFTOVER_AGE_MS = 60 * 60 * 1000;
const MAX_FILE_NAME = 200;

/**
 * The Table in a local directory (`STATE_DIR`), for the local runner: one JSON file per partition,
 * replaced atomically (temp file, fsync, rename), so a crash or restart never leaves half a file.
 *
 * Writes are serialised within the instance by a promise chain and between instances and processes
 * by a lock file in the directory; reads need no lock because files are only ever replaced whole.
 * Expired items are pruned from a partition whenever it is written, and from every partition (with
 * temp files left by a crashed writer) by the first write after each `sweepIntervalMs`.
 * Meant for one host: the lock relies on local pids.
 */
export class FileTable implements Table {
  private readonly now: () => number;
  private readonly sweepIntervalMs: number;
  private readonly lockPath: string;
  private tail: Promise<unknown> = Promise.resolve();
  private nextSweepAt = 0;

  constructor(
    private readonly dir: string,
    private readonly options: FileTableOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 10 * 60 * 1000;
    this.lockPath = path.join(dir, LOCK_FILE);
  }

  /** @throws ChatopsError STORE when the file cannot be read or is corrupt, or the key is invalid. */
  async get(pk: string, sk: string): Promise<TableItem | undefined> {
    checkKey(pk, sk);
    const items = await this.guard(`reading ${pk}`, () => this.load(pk));
    const item = items.find((candidate) => candidate.sk === sk);
    return item === undefined || isExpired(item, this.nowSeconds()) ? undefined : item;
  }

  /** @throws ChatopsError STORE when the directory cannot be written or locked, or the item cannot be stored. */
  async put(item: TableItem, options: PutOptions = {}): Promise<boolean> {
    const stored = toStoredItem(item);
    return this.exclusive(`writing ${stored.pk}`, async () => {
      const nowSeconds = this.nowSeconds();
      const items = await this.load(stored.pk);
      const index = items.findIndex((candidate) => candidate.sk === stored.sk);
      const existing = index >= 0 ? items[index] : undefined;
      const live = existing !== undefined && !isExpired(existing, nowSeconds) ? existing : undefined;
      const condition = options.condition;
      if (condition?.kind === 'absent' && live !== undefined) return false;
      if (condition?.kind === 'equals' && !matchesEquals(live, condition)) return false;
      if (index >= 0) items[index] = stored;
      else items.push(stored);
      await this.save(stored.pk, items);
      return true;
    });
  }

  /** @throws ChatopsError STORE when the directory cannot be written or locked, or the key is invalid. */
  async delete(pk: string, sk: string, options: DeleteOptions = {}): Promise<boolean> {
    checkKey(pk, sk);
    return this.exclusive(`deleting from ${pk}`, async () => {
      const items = await this.load(pk);
      const index = items.findIndex((candidate) => candidate.sk === sk);
      if (index < 0) return false;
      const existing = items[index] as TableItem;
      const live = isExpired(existing, this.nowSeconds()) ? undefined : existing;
      if (options.condition && !matchesEquals(live, options.condition)) return false;
      items.splice(index, 1);
      await this.save(pk, items);
      return live !== undefined;
    });
  }

  /** @throws ChatopsError STORE when the file cannot be read or is corrupt. */
  async query(pk: string, options: QueryOptions = {}): Promise<TableItem[]> {
    checkPartitionKey(pk);
    const items = await this.guard(`reading ${pk}`, () => this.load(pk));
    const nowSeconds = this.nowSeconds();
    const prefix = options.skPrefix ?? '';
    return items.filter((item) => item.sk.startsWith(prefix) && !isExpired(item, nowSeconds));
  }

  private exclusive<T>(operation: string, work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() =>
      this.guard(operation, async () => {
        await mkdir(this.dir, { recursive: true });
        const release = await acquireFileLock(this.lockPath, {
          staleMs: this.options.lockStaleMs,
          timeoutMs: this.options.lockTimeoutMs,
        });
        try {
          if (this.now() >= this.nextSweepAt) await this.sweep();
          return await work();
        } finally {
          await release();
        }
      }),
    );
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async guard<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (cause) {
      throw cause instanceof ChatopsError ? cause : storeError(`${operation} in ${this.dir}`, cause);
    }
  }

  private async sweep(): Promise<void> {
    this.nextSweepAt = this.now() + this.sweepIntervalMs;
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      throw error;
    }
    for (const name of names) {
      const file = path.join(this.dir, name);
      if (name.endsWith('.json') && !name.startsWith('.')) {
        const partition = await readPartition(file);
        const nowSeconds = this.nowSeconds();
        if (partition?.items.some((item) => isExpired(item, nowSeconds))) await this.save(partition.pk, partition.items);
      } else if (name.startsWith(TEMP_PREFIX) || name.startsWith(STALE_LOCK_PREFIX)) {
        await removeIfOlder(file, LEFTOVER_AGE_MS);
      }
    }
  }

  private async load(pk: string): Promise<TableItem[]> {
    const file = this.fileFor(pk);
    const partition = await readPartition(file);
    if (partition === undefined) return [];
    if (partition.pk !== pk) throw new ChatopsError('STORE', `state file ${file} holds partition ${partition.pk}, not ${pk}`);
    return partition.items;
  }

  /** Writes the live items, in sk order; no file at all when none is left. */
  private async save(pk: string, items: readonly TableItem[]): Promise<void> {
    const nowSeconds = this.nowSeconds();
    const live = items.filter((item) => !isExpired(item, nowSeconds));
    const file = this.fileFor(pk);
    if (live.length === 0) {
      await unlinkIfPresent(file);
      return;
    }
    // DynamoDB's order: by the UTF-8 bytes of sk.
    live.sort((a, b) => Buffer.compare(Buffer.from(a.sk, 'utf8'), Buffer.from(b.sk, 'utf8')));
    const content: PartitionFile = { pk, items: live };
    await writeAtomically(this.dir, file, JSON.stringify(content));
  }

  private fileFor(pk: string): string {
    return path.join(this.dir, `${partitionFileName(pk)}.json`);
  }

  private nowSeconds(): number {
    return epochSeconds(this.now());
  }
}

/**
 * A file name for a partition key that is safe on any file system and distinct even where names
 * are case-insensitive: lower-case letters, digits, `-` and `_` stay, every other byte becomes %XX.
 * Very long keys become a hash (the file also records its pk).
 */
export function partitionFileName(pk: string): string {
  let name = '';
  for (const byte of Buffer.from(pk, 'utf8')) {
    const char = String.fromCharCode(byte);
    name += /[a-z0-9_-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (name.length <= MAX_FILE_NAME) return name;
  return `%long-${createHash('sha256').update(pk).digest('hex')}`;
}

async function readPartition(file: string): Promise<PartitionFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ChatopsError('STORE', `state file ${file} is not valid JSON; move it away to start that partition afresh`, { cause });
  }
  if (!isPartitionFile(parsed)) {
    throw new ChatopsError('STORE', `state file ${file} does not hold a partition; move it away to start that partition afresh`);
  }
  return parsed;
}

function isPartitionFile(value: unknown): value is PartitionFile {
  if (typeof value !== 'object' || value === null) return false;
  const { pk, items } = value as Record<string, unknown>;
  return (
    typeof pk === 'string' &&
    Array.isArray(items) &&
    items.every((item: unknown) => {
      const candidate = item as Record<string, unknown> | null;
      return typeof candidate === 'object' && candidate !== null && candidate.pk === pk && typeof candidate.sk === 'string';
    })
  );
}

async function writeAtomically(dir: string, file: string, content: string): Promise<void> {
  const temp = path.join(dir, `${TEMP_PREFIX}${process.pid}-${randomUUID()}`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlinkIfPresent(temp);
    throw error;
  }
  await handle.close();
  await rename(temp, file);
}

async function removeIfOlder(file: string, ageMs: number): Promise<void> {
  try {
    const stats = await stat(file);
    if (Date.now() - stats.mtimeMs > ageMs) await unlinkIfPresent(file);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}
