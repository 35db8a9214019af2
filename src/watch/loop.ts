import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ChatopsError } from '../errors';
import { acquireFileLock, type ReleaseLock } from '../store/file-lock';
import type { Log } from '../tasks/log';

export interface WatcherLoopOptions {
  readonly intervalMs: number;
  /** One watcher tick; its errors are logged, never fatal to the loop. */
  readonly tick: () => Promise<unknown>;
  /** The lock file that keeps two runners on one STATE_DIR from ticking at once. */
  readonly lockPath: string;
  readonly log: Log;
  /**
   * A lock older than this whose holder is still alive counts as hung and is broken. Default 15 min:
   * longer than any tick (a few executor timeouts), so a slow tick never loses its lock.
   */
  readonly lockStaleMs?: number;
}

export interface WatcherLoop {
  /** Runs a tick now (after the one running, if any) and resolves when it is done. */
  tickNow(): Promise<void>;
  /** No more ticks; resolves when the running one (if any) has finished. */
  stop(): Promise<void>;
}

/** The lock, or undefined when another process holds it. */
async function tryLock(lockPath: string, staleMs: number): Promise<ReleaseLock | undefined> {
  await mkdir(path.dirname(lockPath), { recursive: true });
  try {
    return await acquireFileLock(lockPath, { staleMs, timeoutMs: 0 });
  } catch (error) {
    if (error instanceof ChatopsError && error.code === 'STORE') return undefined;
    throw error;
  }
}

/**
 * The local runner's watcher: a tick at start (so a restart catches up at once), then one every
 * `intervalMs` after the previous one finished. Ticks never overlap within the process (they are
 * chained) nor across processes (a lock file; a runner that finds it taken skips that tick).
 */
export function startWatcherLoop(options: WatcherLoopOptions): WatcherLoop {
  const staleMs = options.lockStaleMs ?? 15 * 60 * 1000;
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const once = async (): Promise<void> => {
    let release: ReleaseLock | undefined;
    try {
      release = await tryLock(options.lockPath, staleMs);
      if (release === undefined) {
        options.log.info('another watcher holds the lock; tick skipped', { lockPath: options.lockPath });
        return;
      }
      await options.tick();
    } catch (error) {
      options.log.error('watcher tick failed', { error });
    } finally {
      await release?.().catch((error: unknown) => options.log.error('watcher lock not released', { error }));
    }
  };

  const enqueue = (): Promise<void> => {
    chain = chain.then(once);
    return chain;
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void enqueue().then(schedule);
    }, options.intervalMs);
    timer.unref();
  };

  void enqueue().then(schedule);
  return {
    tickNow: () => enqueue(),
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await chain;
    },
  };
}
