import { ChatopsError } from '../../../src/errors';
import type { Table } from '../../../src/store/table';
import { BACKENDS, type Backend, type TestClock } from './backends';

describe.each(BACKENDS)('Table contract: %s', (_name, open) => {
  let backend: Backend;
  let table: Table;
  let clock: TestClock;

  beforeEach(async () => {
    backend = await open();
    ({ table, clock } = backend);
  });

  afterEach(async () => {
    await backend.close();
  });

  it('gives back what was put, as JSON, and forgets it once deleted', async () => {
    // Prepare
    const item = { pk: 'p', sk: 's', name: 'job', count: 3, nested: { list: [1, 'two', true], none: null }, gone: undefined };

    // Act
    const written = await table.put(item);
    const read = await table.get('p', 's');
    const deleted = await table.delete('p', 's');
    const deletedAgain = await table.delete('p', 's');

    // Assess
    expect(written).toBe(true);
    expect(read).toEqual({ pk: 'p', sk: 's', name: 'job', count: 3, nested: { list: [1, 'two', true], none: null } });
    expect(read).not.toHaveProperty('gone');
    expect(deleted).toBe(true);
    expect(deletedAgain).toBe(false);
    expect(await table.get('p', 's')).toBeUndefined();
  });

  it('replaces the whole item on an unconditional put', async () => {
    await table.put({ pk: 'p', sk: 's', a: 1 });
    await table.put({ pk: 'p', sk: 's', b: 2 });

    expect(await table.get('p', 's')).toEqual({ pk: 'p', sk: 's', b: 2 });
  });

  it('lets a put conditioned on absence succeed once and keeps the first writer', async () => {
    const first = await table.put({ pk: 'idem', sk: 'k', owner: 'first' }, { condition: { kind: 'absent' } });
    const second = await table.put({ pk: 'idem', sk: 'k', owner: 'second' }, { condition: { kind: 'absent' } });

    expect([first, second]).toEqual([true, false]);
    expect(await table.get('idem', 'k')).toMatchObject({ owner: 'first' });
  });

  it('lets exactly one of 20 concurrent conditional puts win', async () => {
    const attempts = Array.from({ length: 20 }, (_, i) =>
      table.put({ pk: 'idem', sk: 'race', owner: `w${i}` }, { condition: { kind: 'absent' } }),
    );

    const results = await Promise.all(attempts);

    const winners = results.flatMap((won, i) => (won ? [`w${i}`] : []));
    expect(winners).toHaveLength(1);
    expect(await table.get('idem', 'race')).toMatchObject({ owner: winners[0] });
  });

  it('lets exactly one of 10 concurrent deletes report the removal', async () => {
    await table.put({ pk: 'w', sk: 'job' });

    const results = await Promise.all(Array.from({ length: 10 }, () => table.delete('w', 'job')));

    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('treats an expired item as absent for get, query, conditions and delete', async () => {
    // Prepare
    const expiresAt = clock.seconds() + 10;
    await table.put({ pk: 'p', sk: 'old', expiresAt, v: 'old' });
    await table.put({ pk: 'p', sk: 'keep', v: 'keep' });
    const liveBefore = await table.get('p', 'old');

    // Act
    clock.advanceSeconds(10);

    // Assess
    expect(liveBefore).toMatchObject({ v: 'old' });
    expect(await table.get('p', 'old')).toBeUndefined();
    expect((await table.query('p')).map((item) => item.sk)).toEqual(['keep']);
    expect(await table.put({ pk: 'p', sk: 'old', v: 'x' }, { condition: { kind: 'equals', attr: 'v', value: 'old' } })).toBe(false);
    expect(await table.delete('p', 'old')).toBe(false);
    expect(await table.put({ pk: 'p', sk: 'old', v: 'new' }, { condition: { kind: 'absent' } })).toBe(true);
    expect(await table.get('p', 'old')).toEqual({ pk: 'p', sk: 'old', v: 'new' });
  });

  it('keeps an item live until the second before expiresAt', async () => {
    await table.put({ pk: 'p', sk: 's', expiresAt: clock.seconds() + 10 });

    clock.advanceSeconds(9);

    expect(await table.get('p', 's')).toBeDefined();
    expect(await table.put({ pk: 'p', sk: 's' }, { condition: { kind: 'absent' } })).toBe(false);
  });

  it('writes on an equals condition only when the attribute holds that value', async () => {
    await table.put({ pk: 'idem', sk: 'k', status: 'pending', rev: 1 });

    const wrongValue = await table.put({ pk: 'idem', sk: 'k', status: 'done' }, { condition: { kind: 'equals', attr: 'status', value: 'done' } });
    const wrongType = await table.put({ pk: 'idem', sk: 'k', status: 'done' }, { condition: { kind: 'equals', attr: 'rev', value: '1' } });
    const missingItem = await table.put({ pk: 'idem', sk: 'none', status: 'x' }, { condition: { kind: 'equals', attr: 'status', value: 'pending' } });
    const right = await table.put({ pk: 'idem', sk: 'k', status: 'done', rev: 2 }, { condition: { kind: 'equals', attr: 'rev', value: 1 } });

    expect([wrongValue, wrongType, missingItem, right]).toEqual([false, false, false, true]);
    expect(await table.get('idem', 'k')).toEqual({ pk: 'idem', sk: 'k', status: 'done', rev: 2 });
    expect(await table.get('idem', 'none')).toBeUndefined();
  });

  it('deletes on an equals condition only when the attribute holds that value', async () => {
    await table.put({ pk: 'idem', sk: 'k', status: 'done' });

    const mismatch = await table.delete('idem', 'k', { condition: { kind: 'equals', attr: 'status', value: 'pending' } });
    const stillThere = await table.get('idem', 'k');
    const match = await table.delete('idem', 'k', { condition: { kind: 'equals', attr: 'status', value: 'done' } });

    expect(mismatch).toBe(false);
    expect(stillThere).toBeDefined();
    expect(match).toBe(true);
    expect(await table.get('idem', 'k')).toBeUndefined();
  });

  it('queries one partition in sk order, optionally by sk prefix', async () => {
    for (const sk of ['b#2', 'a#2', 'b#1', 'a#1', 'c']) await table.put({ pk: 'p', sk });
    await table.put({ pk: 'other', sk: 'a#1' });
    await table.put({ pk: 'p-longer', sk: 'a#1' });

    expect((await table.query('p')).map((item) => item.sk)).toEqual(['a#1', 'a#2', 'b#1', 'b#2', 'c']);
    expect((await table.query('p', { skPrefix: 'b#' })).map((item) => item.sk)).toEqual(['b#1', 'b#2']);
    expect(await table.query('p', { skPrefix: 'zzz' })).toEqual([]);
    expect(await table.query('nothing-here')).toEqual([]);
  });

  it('returns every item of a partition larger than one 1 MB DynamoDB page', async () => {
    const payload = 'x'.repeat(100 * 1024);
    const sks = Array.from({ length: 14 }, (_, i) => `job#${String(i).padStart(2, '0')}`);
    for (const sk of sks) await table.put({ pk: 'big', sk, payload });

    const items = await table.query('big', { skPrefix: 'job#' });

    expect(items.map((item) => item.sk)).toEqual(sks);
    expect(items.every((item) => item.payload === payload)).toBe(true);
  });

  it('refuses invalid keys and non-JSON items with a STORE error', async () => {
    const cyclic: Record<string, unknown> = { pk: 'p', sk: 's' };
    cyclic.self = cyclic;

    await expect(table.put({ pk: '', sk: 's' })).rejects.toMatchObject({ code: 'STORE' });
    await expect(table.get('p', '')).rejects.toMatchObject({ code: 'STORE' });
    await expect(table.put({ pk: 'p', sk: 's', expiresAt: 1.5 })).rejects.toMatchObject({ code: 'STORE' });
    await expect(table.put(cyclic as { pk: string; sk: string })).rejects.toBeInstanceOf(ChatopsError);
  });
});
