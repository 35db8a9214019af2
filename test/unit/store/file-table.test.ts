import { execFile, spawnSync } from 'node:child_process';
import { readdir, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import { FileTable, partitionFileName } from '../../../src/store/file-table';
import { TestClock, tempDir } from './backends';

const run = promisify(execFile);

describe('FileTable on disk', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir();
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps items and claims across a restart (a new instance on the same directory)', async () => {
    const before = new FileTable(dir);
    await before.put({ pk: 'idem#k', sk: 'claim', owner: 'first run' }, { condition: { kind: 'absent' } });

    const after = new FileTable(dir);

    expect(await after.get('idem#k', 'claim')).toMatchObject({ owner: 'first run' });
    expect(await after.put({ pk: 'idem#k', sk: 'claim', owner: 'second run' }, { condition: { kind: 'absent' } })).toBe(false);
  });

  it('lets one of 20 conditional puts win when two instances share the directory', async () => {
    const tables = [new FileTable(dir), new FileTable(dir)];

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        tables[i % 2]!.put({ pk: 'idem#k', sk: 'claim', owner: `w${i}` }, { condition: { kind: 'absent' } }),
      ),
    );

    const winners = results.flatMap((won, i) => (won ? [`w${i}`] : []));
    expect(winners).toHaveLength(1);
    expect(await tables[0]!.get('idem#k', 'claim')).toMatchObject({ owner: winners[0] });
  });

  it('lets one process win each key when four processes race on one directory', async () => {
    // Prepare
    const bundle = path.join(dir, 'race-child.js');
    buildSync({ entryPoints: [path.join(__dirname, 'race-child.ts')], bundle: true, platform: 'node', target: 'node20', outfile: bundle, logLevel: 'silent' });
    const stateDir = path.join(dir, 'state');
    const workers = ['p1', 'p2', 'p3', 'p4'];

    // Act
    const outputs = await Promise.all(workers.map((worker) => run(process.execPath, [bundle, stateDir, worker, '10'])));

    // Assess
    const wonBy = new Map<string, string[]>();
    outputs.forEach(({ stdout }, i) => {
      for (const key of JSON.parse(stdout) as string[]) wonBy.set(key, [...(wonBy.get(key) ?? []), workers[i]!]);
    });
    const table = new FileTable(stateDir);
    const stored = await table.query('race');
    expect([...wonBy.keys()].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `k${i}`).sort());
    for (const item of stored) expect(wonBy.get(item.sk)).toEqual([item.owner]);
    expect(stored).toHaveLength(10);
  });

  it('breaks a lock left by a process that is gone', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(path.join(dir, '.lock'), `${deadPid} ${Date.now()} crashed`);
    const table = new FileTable(dir, { lockTimeoutMs: 2_000 });

    expect(await table.put({ pk: 'p', sk: 's' })).toBe(true);
    expect(await readdir(dir)).not.toContain('.lock');
  });

  it('breaks a lock older than lockStaleMs even if its process lives', async () => {
    await writeFile(path.join(dir, '.lock'), `${process.pid} ${Date.now() - 60_000} hung`);
    const table = new FileTable(dir, { lockStaleMs: 30_000, lockTimeoutMs: 2_000 });

    expect(await table.put({ pk: 'p', sk: 's' })).toBe(true);
  });

  it('breaks an empty lock file only once it is old', async () => {
    const lock = path.join(dir, '.lock');
    await writeFile(lock, '');
    const table = new FileTable(dir, { lockStaleMs: 30_000, lockTimeoutMs: 200 });
    await expect(table.put({ pk: 'p', sk: 's' })).rejects.toMatchObject({ code: 'STORE' });

    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lock, longAgo, longAgo);

    expect(await table.put({ pk: 'p', sk: 's' })).toBe(true);
  });

  it('waits for a live lock and then fails with a STORE error that names the directory', async () => {
    await writeFile(path.join(dir, '.lock'), `${process.pid} ${Date.now()} someone-else`);
    const table = new FileTable(dir, { lockTimeoutMs: 200 });

    const attempt = table.put({ pk: 'p', sk: 's' });

    await expect(attempt).rejects.toMatchObject({ code: 'STORE', message: expect.stringContaining(dir) });
  });

  it('removes expired items from disk, also in partitions nobody writes again', async () => {
    // Prepare
    const clock = new TestClock();
    const table = new FileTable(dir, { now: clock.now, sweepIntervalMs: 60_000 });
    await table.put({ pk: 'idem#old', sk: 'claim', expiresAt: clock.seconds() + 10 });
    await table.put({ pk: 'mixed', sk: 'old', expiresAt: clock.seconds() + 10 });
    await table.put({ pk: 'mixed', sk: 'kept' });
    const filesBefore = await readdir(dir);

    // Act
    clock.advanceSeconds(61);
    await table.put({ pk: 'other', sk: 's' });

    // Assess
    expect(filesBefore).toContain(`${partitionFileName('idem#old')}.json`);
    const filesAfter = await readdir(dir);
    expect(filesAfter).not.toContain(`${partitionFileName('idem#old')}.json`);
    expect(filesAfter.filter((name) => name.startsWith('.tmp-'))).toEqual([]);
    expect((await new FileTable(dir).query('mixed')).map((item) => item.sk)).toEqual(['kept']);
  });

  it('reports a corrupt partition file as a STORE error that says what to do', async () => {
    await writeFile(path.join(dir, `${partitionFileName('p')}.json`), '{"pk": "p", "items": [');
    const table = new FileTable(dir);

    await expect(table.get('p', 's')).rejects.toMatchObject({ code: 'STORE', message: expect.stringContaining('move it away') });
    await expect(table.put({ pk: 'p', sk: 's' })).rejects.toMatchObject({ code: 'STORE' });
  });

  it('reports a state directory that cannot be created as a STORE error', async () => {
    const notADir = path.join(dir, 'file');
    await writeFile(notADir, 'x');
    const table = new FileTable(path.join(notADir, 'state'));

    await expect(table.put({ pk: 'p', sk: 's' })).rejects.toMatchObject({ code: 'STORE' });
  });
});

describe('partitionFileName', () => {
  it('keeps keys apart on case-insensitive file systems', () => {
    expect(partitionFileName('watch#Local').toLowerCase()).not.toBe(partitionFileName('watch#local').toLowerCase());
  });

  it('never yields a path separator, a hidden file or a name past file system limits', () => {
    const names = ['../../etc/passwd', '.lock', 'a/b\\c', 'ü'.repeat(300), 'x'.repeat(1000)].map(partitionFileName);

    for (const name of names) {
      expect(name).not.toMatch(/[/\\]/);
      expect(name.startsWith('.')).toBe(false);
      expect(name.length).toBeLessThanOrEqual(200);
    }
    expect(new Set(names).size).toBe(names.length);
  });
});
