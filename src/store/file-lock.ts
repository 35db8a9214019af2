import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, writeFile } from 'node:fs/promises';
import { ChatopsError } from '../errors';
import { errorCode, unlinkIfPresent } from './fs-util';

export interface FileLockOptions {
  /** A lock older than this is taken to be left behind by a hung or crashed holder. Default 30 s. */
  readonly staleMs?: number;
  /** How long to wait for the lock before giving up. Default 15 s. */
  readonly timeoutMs?: number;
}

/** Gives the lock back; does nothing if it was broken as stale meanwhile. */
export type ReleaseLock = () => Promise<void>;

const MAX_BACKOFF_MS = 50;

/**
 * Takes an exclusive lock between processes on one host: the file at `lockPath`, created with `wx`
 * (O_CREAT|O_EXCL) and holding `pid createdAtMs nonce`. A lock whose process is gone, or older than
 * `staleMs`, is broken so that a crashed runner cannot block the store forever.
 *
 * Breaking is rename-aside-then-check: the lock is moved to a unique name and compared (by inode)
 * with the one judged stale; a fresh lock moved by mistake is linked back. Only a crashed holder plus
 * three processes racing within microseconds could still let two in at once.
 * @throws ChatopsError STORE when the lock is not free within `timeoutMs`; file system errors as they are.
 */
export async function acquireFileLock(lockPath: string, options: FileLockOptions = {}): Promise<ReleaseLock> {
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let backoffMs = 1;
  for (;;) {
    const token = `${process.pid} ${Date.now()} ${randomUUID()}`;
    try {
      await writeFile(lockPath, token, { flag: 'wx' });
      return () => releaseFileLock(lockPath, token);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    if (await breakIfStale(lockPath, staleMs)) continue;
    if (Date.now() >= deadline) {
      throw new ChatopsError('STORE', `state store is locked by another process (${lockPath}); is a second runner using the same STATE_DIR?`);
    }
    await sleep(backoffMs + Math.random() * backoffMs);
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
  }
}

async function releaseFileLock(lockPath: string, token: string): Promise<void> {
  let current: string;
  try {
    current = await readFile(lockPath, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  if (current === token) await unlinkIfPresent(lockPath);
}

/** True when the lock is gone (now or already), so the caller retries at once. */
async function breakIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  const seen = await readLock(lockPath);
  if (seen === undefined) return true;
  if (!isStale(seen, staleMs)) return false;
  const aside = `${lockPath}.stale-${randomUUID()}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true;
    throw error;
  }
  const moved = await readLock(aside);
  if (moved !== undefined && moved.ino !== seen.ino) {
    // Someone broke the same stale lock first and took the lock: give theirs back.
    await link(aside, lockPath).catch((error: unknown) => {
      if (errorCode(error) !== 'EEXIST') throw error;
    });
  }
  await unlinkIfPresent(aside);
  return true;
}

interface SeenLock {
  readonly ino: number;
  readonly mtimeMs: number;
  readonly content: string;
}

/** Inode and content from one open file, so both describe the same lock. Undefined when there is none. */
async function readLock(path: string): Promise<SeenLock | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const stats = await handle.stat();
    const content = await handle.readFile('utf8');
    return { ino: stats.ino, mtimeMs: stats.mtimeMs, content };
  } finally {
    await handle.close();
  }
}

function isStale(lock: SeenLock, staleMs: number): boolean {
  const [pidText, createdText] = lock.content.split(' ');
  const pid = Number(pidText);
  const createdAtMs = Number(createdText);
  // An empty or partial file is a lock being written right now: only its age can make it stale.
  if (!Number.isSafeInteger(pid) || pid <= 0 || !Number.isFinite(createdAtMs)) {
    return Date.now() - lock.mtimeMs > staleMs;
  }
  return !isProcessAlive(pid) || Date.now() - createdAtMs > staleMs;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
