// Guards node and partition parsing against cloud power states (idle~, POWERING_UP…), drain reasons
// with spaces, ParallelCluster node lists and partitions without nodes.
import { parseScontrolNodes } from '../../../src/slurm/parsers/scontrol-nodes';
import { parseSinfoPartitions } from '../../../src/slurm/parsers/sinfo-partitions';
import { allFixtures, fixture } from './fixtures';

describe('parseScontrolNodes', () => {
  it('reads the local 22.05 node, whose OS value holds spaces and "#"', () => {
    expect(parseScontrolNodes(fixture('22.05', 'scontrol-node', 'busy'))).toEqual([
      { name: 'vm', stateText: 'MIXED', state: 'mixed', cpusAllocated: 9, cpusTotal: 16, memoryMb: 16000, memoryAllocatedMb: 0, partitions: ['compute', 'debug'] },
    ]);
  });

  it('reads ParallelCluster power states and drain reasons (23.11 format)', () => {
    const nodes = parseScontrolNodes(fixture('23.11', 'scontrol-node', 'parallelcluster_power_states'));
    expect(nodes.map((n) => [n.name, n.state, n.partitions.join(','), n.reason])).toEqual([
      ['queue1-dy-c5xlarge-1', 'powering_up', 'queue1', undefined],
      ['queue1-dy-c5xlarge-2', 'powered_down', 'queue1', undefined],
      ['queue1-dy-c5xlarge-3', 'powered_down', 'queue1', undefined],
      ['queue1-st-c5xlarge-1', 'mixed', 'queue1', undefined],
      ['gpu-dy-g4dnxlarge-1', 'down', 'gpu', 'Scheduler health check failed [root@2024-05-01T09:12:40]'],
      ['gpu-st-g4dnxlarge-1', 'drained', 'gpu', 'Kill task failed [root@2024-05-01T08:00:00]'],
      ['gpu-st-g4dnxlarge-2', 'draining', 'gpu,queue1', 'maintenance window state=planned by ops [admin@2024-05-01T07:30:00]'],
    ]);
    expect(nodes[0]).toMatchObject({ stateText: 'ALLOCATED+CLOUD+POWERING_UP', cpusAllocated: 4, cpusTotal: 4, memoryMb: 7600, memoryAllocatedMb: 7600 });
  });

  it.each(allFixtures('scontrol-node'))('%s: every node has a name and a state text', (_name, text) => {
    for (const node of parseScontrolNodes(text)) {
      expect(node.name).toMatch(/^[a-z0-9-]+$/);
      expect(node.stateText).not.toBe('');
    }
  });
});

describe('parseSinfoPartitions', () => {
  it('reads the two local partitions, the default one flagged', () => {
    expect(parseSinfoPartitions(fixture('22.05', 'sinfo-partitions', 'two_partitions_busy'))).toEqual([
      { name: 'compute', isDefault: true, availability: 'UP', timeLimitSeconds: null, totalNodes: 1, nodeStates: { mixed: 1 }, totalCpus: 16, nodes: 'vm' },
      { name: 'debug', isDefault: false, availability: 'UP', timeLimitSeconds: 1800, totalNodes: 1, nodeStates: { mixed: 1 }, totalCpus: 16, nodes: 'vm' },
    ]);
  });

  it('sums ParallelCluster nodes per state family, inactive partitions included (23.11 format)', () => {
    expect(parseSinfoPartitions(fixture('23.11', 'sinfo-partitions', 'parallelcluster_cloud_states'))).toEqual([
      {
        name: 'queue1', isDefault: true, availability: 'UP', timeLimitSeconds: null, totalNodes: 12,
        nodeStates: { powering_up: 1, powered_down: 9, mixed: 2 }, totalCpus: 48,
        nodes: 'queue1-dy-c5xlarge-1,queue1-dy-c5xlarge-2,queue1-dy-c5xlarge-[3-10],queue1-st-c5xlarge-[1-2]',
      },
      {
        name: 'gpu', isDefault: false, availability: 'UP', timeLimitSeconds: 172800, defaultTimeSeconds: 3600, totalNodes: 6,
        nodeStates: { down: 1, powered_down: 3, drained: 1, draining: 1 }, totalCpus: 48,
        nodes: 'gpu-dy-g4dnxlarge-1,gpu-dy-g4dnxlarge-[2-4],gpu-st-g4dnxlarge-1,gpu-st-g4dnxlarge-2',
      },
      { name: 'old', isDefault: false, availability: 'INACTIVE', timeLimitSeconds: 1800, totalNodes: 0, nodeStates: {}, totalCpus: 0 },
    ]);
  });

  it('reads powering up, planned, reserved and completing nodes (24.05 format)', () => {
    expect(parseSinfoPartitions(fixture('24.05', 'sinfo-partitions', 'powering_and_planned_states'))).toEqual([
      {
        name: 'compute', isDefault: true, availability: 'UP', timeLimitSeconds: 86400, defaultTimeSeconds: 3600, totalNodes: 9,
        nodeStates: { powering_up: 2, idle: 1, allocated: 4, reserved: 1, completing: 1 }, totalCpus: 576,
        nodes: 'ip-10-0-[1-2],ip-10-0-3,ip-10-0-[4-6,9],ip-10-0-7,ip-10-0-8',
      },
      { name: 'maint', isDefault: false, availability: 'DRAIN', timeLimitSeconds: null, totalNodes: 1, nodeStates: { unknown: 1 }, totalCpus: 64, nodes: 'ip-10-0-99' },
    ]);
  });

  it('reads nothing from empty output', () => {
    expect(parseSinfoPartitions('')).toEqual([]);
  });
});
