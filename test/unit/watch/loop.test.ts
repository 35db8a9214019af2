import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SILENT_LOG } from '../../../src/tasks/log';
import { startWatcherLoop } from '../../../src/watch/loop';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'chatops-loop-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('startWatcherLoop', () => {
  it('ticks at start; a second runner on the same state directory skips while the first ticks', async () => {
    const lockPath = path.join(dir, 'watcher.lock');
    const slow = gate();
    const started = gate();
    let a = 0;
    let b = 0;
    const first = startWatcherLoop({ intervalMs: 60_000, lockPath, log: SILENT_LOG, tick: async () => { a += 1; started.open(); await slow.wait; } });
    await started.wait;
    const second = startWatcherLoop({ intervalMs: 60_000, lockPath, log: SILENT_LOG, tick: async () => { b += 1; } });
    await second.tickNow();
    expect(b).toBe(0);
    slow.open();
    await first.stop();
    await second.tickNow();
    expect([a, b]).toEqual([1, 1]);
    await second.stop();
  });

  it('never runs two ticks of one runner at once, and survives a failing tick', async () => {
    let running = 0;
    let most = 0;
    let count = 0;
    const loop = startWatcherLoop({
      intervalMs: 60_000,
      lockPath: path.join(dir, 'watcher.lock'),
      log: SILENT_LOG,
      tick: async () => {
        running += 1;
        most = Math.max(most, running);
        count += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
        if (count === 2) throw new Error('tick failed');
      },
    });
    await Promise.all([loop.tickNow(), loop.tickNow(), loop.tickNow()]);
    await loop.stop();
    expect(most).toBe(1);
    expect(count).toBe(4);
  });

  it('runs again every interval', async () => {
    let count = 0;
    const loop = startWatcherLoop({ intervalMs: 30, lockPath: path.join(dir, 'watcher.lock'), log: SILENT_LOG, tick: async () => { count += 1; } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await loop.stop();
    expect(count).toBeGreaterThanOrEqual(3);
    const after = count;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(count).toBe(after);
  });
});
