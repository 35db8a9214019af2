import { WatchStore, type Watch } from '../../../src/store/watches';
import { BACKENDS, type Backend } from './backends';

function watch(overrides: Partial<Watch> = {}): Watch {
  return {
    cluster: 'local',
    jobId: '101',
    slackUserId: 'U0ALICE',
    unixUser: 'alice',
    channel: 'C0OPS',
    createdAt: 1_700_000_000,
    options: { outputTail: true },
    ...overrides,
  };
}

describe.each(BACKENDS)('WatchStore on %s', (_name, open) => {
  let backend: Backend;
  let store: WatchStore;

  beforeEach(async () => {
    backend = await open();
    store = new WatchStore(backend.table, { now: backend.clock.now, ttlSeconds: 3600, alertLeaseSeconds: 300 });
  });

  afterEach(async () => {
    await backend.close();
  });

  it('lists the watches of a cluster and the clusters that have watches', async () => {
    const inThread = watch({ jobId: '101', threadTs: '1700000000.000100' });
    const withCard = watch({ jobId: '102', cardTs: '1700000001.000200', options: {} });
    await store.add(inThread);
    await store.add(withCard);
    await store.add(watch({ cluster: 'pcluster', jobId: '9' }));

    const expiresAt = backend.clock.seconds() + 3600;
    expect(await store.listByCluster('local')).toEqual([{ ...inThread, expiresAt }, { ...withCard, expiresAt }]);
    expect(await store.listByCluster('pcluster')).toEqual([watch({ cluster: 'pcluster', jobId: '9', expiresAt })]);
    expect((await store.listClusters()).sort()).toEqual(['local', 'pcluster']);
  });

  it('replaces the watch of a job that is watched again', async () => {
    await store.add(watch({ channel: 'C0OLD' }));
    await store.add(watch({ channel: 'C0NEW' }));

    expect(await store.listByCluster('local')).toEqual([watch({ channel: 'C0NEW', expiresAt: backend.clock.seconds() + 3600 })]);
  });

  it('renews a watch only once less than half its lifetime is left', async () => {
    await store.add(watch());
    const [added] = await store.listByCluster('local');

    backend.clock.advanceSeconds(1000);
    const tooEarly = await store.renewIfDue(added!);
    backend.clock.advanceSeconds(1000);
    const due = await store.renewIfDue(added!);
    backend.clock.advanceSeconds(3000);

    expect([tooEarly, due]).toEqual([false, true]);
    expect(await store.listByCluster('local')).toEqual([watch({ expiresAt: backend.clock.seconds() - 3000 + 3600 })]);
    expect(await store.listClusters()).toEqual(['local']);
  });

  it('removes a watch', async () => {
    await store.add(watch());

    expect(await store.remove('local', '101')).toBe(true);
    expect(await store.remove('local', '101')).toBe(false);
    expect(await store.listByCluster('local')).toEqual([]);
  });

  it('lets exactly one of several overlapping watcher ticks claim the alert', async () => {
    await store.add(watch());

    const claims = await Promise.all(Array.from({ length: 5 }, () => store.markAlerted('local', '101')));

    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.get('local', '101')).toMatchObject({ alertedAt: backend.clock.seconds() });
  });

  it('does not claim the alert of a watch that is gone', async () => {
    expect(await store.markAlerted('local', 'nope')).toBe(false);
  });

  it('lets a later tick retry the alert after a recorded failure', async () => {
    await store.add(watch());
    await store.markAlerted('local', '101');

    const failures = await store.recordFailure('local', '101');
    const retried = await store.markAlerted('local', '101');

    expect(failures).toBe(1);
    expect(retried).toBe(true);
    expect(await store.get('local', '101')).toMatchObject({ failures: 1 });
  });

  it('lets the alert be claimed again once the claiming tick is presumed dead', async () => {
    await store.add(watch());
    await store.markAlerted('local', '101');

    backend.clock.advanceSeconds(299);
    const tooEarly = await store.markAlerted('local', '101');
    backend.clock.advanceSeconds(1);
    const afterLease = await store.markAlerted('local', '101');

    expect([tooEarly, afterLease]).toEqual([false, true]);
  });

  it('forgets watches and their cluster after the TTL', async () => {
    await store.add(watch());

    backend.clock.advanceSeconds(3600);

    expect(await store.listByCluster('local')).toEqual([]);
    expect(await store.listClusters()).toEqual([]);
    expect(await store.recordFailure('local', '101')).toBeUndefined();
  });
});
