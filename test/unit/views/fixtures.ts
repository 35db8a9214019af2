import type { Job, Partition, SlurmNode } from '../../../src/slurm/types';

/** Job names that try to ping, link, format or break out of a code span. */
export const HOSTILE_NAMES = [
  '<!channel>',
  '<!here|here>',
  '<@U123|x>',
  '<http://evil.example|click me>',
  '*bold* _x_ ~s~ `code`',
  '```\nbreak out```',
  'a & b > c < d',
  ':rotating_light: urgent',
  'tab\there\u0007bell\u202Eevil',
];

export const NOW = new Date('2024-05-01T12:00:00Z');

export function makeJob(overrides: Partial<Job> = {}): Job {
  return {
    id: '1234',
    baseId: '1234',
    name: 'train_model',
    user: 'alice',
    state: 'RUNNING',
    stateText: 'RUNNING',
    partition: 'compute',
    nodes: 'node[01-02]',
    nodeCount: 2,
    cpus: 8,
    submitTime: new Date('2024-05-01T10:00:00Z'),
    startTime: new Date('2024-05-01T10:58:00Z'),
    elapsedSeconds: 3720,
    timeLimitSeconds: 4 * 3600,
    ...overrides,
  };
}

export function makeJobs(count: number): Job[] {
  const states: Job['state'][] = ['RUNNING', 'PENDING', 'COMPLETED', 'FAILED', 'CANCELLED', 'SUSPENDED', 'UNKNOWN'];
  return Array.from({ length: count }, (_, i) => {
    const state = states[i % states.length] ?? 'RUNNING';
    return makeJob({
      id: String(1000 + i),
      baseId: String(1000 + i),
      // Long, escape-heavy names push every row towards its size budget.
      name: `job-${i}-${'&<>'.repeat(40)}`,
      user: i % 2 === 0 ? 'alice' : 'bob',
      state,
      stateText: state === 'UNKNOWN' ? 'WEIRD_NEW_STATE' : state,
      ...(state === 'PENDING' ? { reason: 'Priority', nodes: undefined } : {}),
    });
  });
}

export function makeNode(overrides: Partial<SlurmNode> = {}): SlurmNode {
  return {
    name: 'node01',
    stateText: 'IDLE',
    state: 'idle',
    cpusAllocated: 0,
    cpusTotal: 16,
    memoryMb: 64 * 1024,
    memoryAllocatedMb: 0,
    partitions: ['compute'],
    ...overrides,
  };
}

export function makePartition(overrides: Partial<Partition> = {}): Partition {
  return {
    name: 'compute',
    isDefault: true,
    availability: 'UP',
    timeLimitSeconds: 86400,
    totalNodes: 4,
    nodeStates: { idle: 2, mixed: 1, down: 1 },
    totalCpus: 64,
    nodes: 'node[01-04]',
    ...overrides,
  };
}
