import { ClusterHealthStore } from '../../../src/store/cluster-health';
import { BACKENDS, type Backend } from './backends';

describe.each(BACKENDS)('ClusterHealthStore on %s', (_name, open) => {
  let backend: Backend;
  let store: ClusterHealthStore;

  beforeEach(async () => {
    backend = await open();
    store = new ClusterHealthStore(backend.table, { now: backend.clock.now, warnAfterFailures: 3 });
  });

  afterEach(async () => {
    await backend.close();
  });

  it('asks for one warning when the threshold is reached and one "reachable again"', async () => {
    // Act
    const failures = [];
    for (let i = 0; i < 5; i += 1) failures.push(await store.recordFailure('local', `timeout ${i}`));
    const during = await store.get('local');
    const recovered = await store.recordSuccess('local');
    const stillFine = await store.recordSuccess('local');

    // Assess
    expect(failures.map((f) => f.postWarning)).toEqual([false, false, true, false, false]);
    expect(during).toEqual({ failures: 5, warned: true, failingSince: backend.clock.seconds(), lastError: 'timeout 4' });
    expect([recovered, stillFine]).toEqual([true, false]);
    expect(await store.get('local')).toEqual({ failures: 0, warned: false });
  });

  it('says nothing about a blip below the threshold', async () => {
    await store.recordFailure('local', 'timeout');

    expect(await store.recordSuccess('local')).toBe(false);
    expect(await store.get('local')).toEqual({ failures: 0, warned: false });
  });

  it('asks exactly one of overlapping ticks to post the warning, and counts every failure', async () => {
    await store.recordFailure('local', 'timeout');
    await store.recordFailure('local', 'timeout');

    const outcomes = await Promise.all([1, 2, 3].map(() => store.recordFailure('local', 'timeout')));

    expect(outcomes.filter((o) => o.postWarning)).toHaveLength(1);
    expect((await store.get('local')).failures).toBe(5);
  });

  it('asks exactly one of overlapping ticks to post "reachable again"', async () => {
    for (let i = 0; i < 3; i += 1) await store.recordFailure('local', 'timeout');

    const outcomes = await Promise.all([1, 2, 3].map(() => store.recordSuccess('local')));

    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('keeps clusters apart', async () => {
    for (let i = 0; i < 3; i += 1) await store.recordFailure('a', 'down');

    expect(await store.get('b')).toEqual({ failures: 0, warned: false });
  });
});
