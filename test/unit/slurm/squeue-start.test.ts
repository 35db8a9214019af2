// Guards parseSqueueStart, whose squeue --start ignores -O in 22.05 and so uses -o percent codes.
import { parseSqueueStart } from '../../../src/slurm/parsers/squeue-start';
import { fixture, utc } from './fixtures';

describe('parseSqueueStart', () => {
  it('reads expected starts of pending jobs (22.05, recorded)', () => {
    expect(parseSqueueStart(fixture('22.05', 'squeue-start', 'pending'))).toEqual([
      { id: '141', name: 'later', user: 'bob', partition: 'compute', expectedStart: utc('2026-11-29T21:16:40'), reason: 'BeginTime' },
      { id: '139', name: 'on-hold', user: 'alice', partition: 'compute', reason: 'JobHeldUser' },
      { id: '140', name: 'waits-for-hold', user: 'alice', partition: 'compute', reason: 'Dependency' },
      { id: '142', name: 'too-long-for-debug', user: 'alice', partition: 'debug', reason: 'PartitionTimeLimit' },
      { id: '138_[3-9%2]', name: 'sweep', user: 'alice', partition: 'compute', reason: 'JobArrayTaskLimit' },
    ]);
  });

  it('reads scheduled nodes when the backfill scheduler planned some', () => {
    const line = ['77', 'big', 'alice', 'queue1', '2024-05-01T12:00:00', 'queue1-dy-c5xlarge-[1-2]', 'Resources'].join('\x1f');
    expect(parseSqueueStart(`${line}\x1e\n`, { timeZone: 'America/New_York' })).toEqual([
      { id: '77', name: 'big', user: 'alice', partition: 'queue1', expectedStart: new Date('2024-05-01T16:00:00Z'), schedNodes: 'queue1-dy-c5xlarge-[1-2]', reason: 'Resources' },
    ]);
  });
});
