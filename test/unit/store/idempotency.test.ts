import { IdempotencyStore } from '../../../src/store/idempotency';
import { BACKENDS, type Backend } from './backends';

describe.each(BACKENDS)('IdempotencyStore on %s', (_name, open) => {
  let backend: Backend;
  let store: IdempotencyStore;

  beforeEach(async () => {
    backend = await open();
    store = new IdempotencyStore(backend.table, { now: backend.clock.now });
  });

  afterEach(async () => {
    await backend.close();
  });

  it('claims a key once; a retry is a duplicate that can read the outcome', async () => {
    // Act
    const first = await store.claim('view-123', 3600, 'U0ALICE');
    const retry = await store.claim('view-123', 3600, 'U0ALICE');
    const completed = await store.complete('view-123', { jobId: '42', cluster: 'local' });

    // Assess
    expect([first, retry]).toEqual(['claimed', 'duplicate']);
    expect(completed).toBe(true);
    expect(await store.get('view-123')).toEqual({
      key: 'view-123',
      owner: 'U0ALICE',
      status: 'done',
      claimedAt: backend.clock.seconds(),
      expiresAt: backend.clock.seconds() + 3600,
      result: { jobId: '42', cluster: 'local' },
    });
  });

  it('gives exactly one of 20 overlapping claims the work', async () => {
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claim('k', 600, `req-${i}`)));

    expect(outcomes.filter((outcome) => outcome === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(19);
  });

  it('lets the key be claimed again after a release, but never releases finished work', async () => {
    await store.claim('failed', 600, 'a');
    const released = await store.release('failed');
    const reclaimed = await store.claim('failed', 600, 'b');

    await store.claim('done', 600, 'a');
    await store.complete('done', { jobId: '7' });
    const releasedDone = await store.release('done');

    expect([released, reclaimed, releasedDone]).toEqual([true, 'claimed', false]);
    expect(await store.get('done')).toMatchObject({ status: 'done', result: { jobId: '7' } });
  });

  it('frees the key once the claim expires', async () => {
    await store.claim('k', 60, 'a');

    backend.clock.advanceSeconds(60);

    expect(await store.get('k')).toBeUndefined();
    expect(await store.complete('k', { jobId: '1' })).toBe(false);
    expect(await store.claim('k', 60, 'b')).toBe('claimed');
  });

  it('completes a claim only once', async () => {
    await store.claim('k', 60, 'a');

    const results = await Promise.all([store.complete('k', { jobId: '1' }), store.complete('k', { jobId: '2' })]);

    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? '1' : '2';
    expect(await store.get('k')).toMatchObject({ result: { jobId: winner } });
  });

  it('refuses a claim that would expire at once', async () => {
    await expect(store.claim('k', 0, 'a')).rejects.toMatchObject({ code: 'STORE' });
  });
});
