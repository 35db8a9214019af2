import type { NodeStateFamily } from '../../../src/slurm/types';
import { ACTION_IDS, decodeNodesPageValue } from '../../../src/slack/views/ids';
import { nodeLine, renderNodes } from '../../../src/slack/views/nodes';
import { HOSTILE_NAMES, makeNode, NOW } from './fixtures';
import { buttons, expectNoSlackMarkupFromData, expectWithinSlackLimits, visibleText } from './slack-limits';

describe('renderNodes', () => {
  const nodes = [
    makeNode({ name: 'node01', state: 'idle' }),
    makeNode({ name: 'node02', state: 'mixed', stateText: 'MIXED', cpusAllocated: 8, memoryAllocatedMb: 16384 }),
    makeNode({ name: 'node03', state: 'allocated', stateText: 'ALLOCATED', cpusAllocated: 16, memoryAllocatedMb: 65536 }),
    makeNode({ name: 'node04', state: 'down', stateText: 'DOWN*', reason: 'Not responding' }),
    makeNode({ name: 'node05', state: 'drained', stateText: 'DRAINED', reason: 'bad disk <@U1>' }),
    makeNode({ name: 'q1-dy-1', state: 'powered_down', stateText: 'IDLE+CLOUD+POWERED_DOWN', partitions: ['compute', 'gpu'] }),
  ];

  it('summarises by state family and capacity, then lists each node', () => {
    const message = renderNodes({ cluster: 'local', nodes, now: NOW });
    expectWithinSlackLimits(message);
    expectNoSlackMarkupFromData(message);
    const text = visibleText(message);
    expect(text).toContain('*6 nodes*  ·  :large_green_circle: 1 idle  ·  :large_yellow_circle: 1 mixed  ·  :large_blue_circle: 1 allocated  ·  :zzz: 1 powered down  ·  :no_entry: 1 drained  ·  :red_circle: 1 down');
    expect(text).toContain('CPUs 24/96 allocated  ·  memory 80 GB/384 GB allocated');
    expect(text).toContain(':large_yellow_circle: `node02` mixed  ·  CPUs 8/16  ·  mem 16 GB/64 GB  ·  `compute`');
    expect(text).toContain('`node04` down');
    expect(text).toContain('reason: `Not responding`');
    expect(text).toContain('reason: `bad disk &lt;@U1&gt;`');
    expect(text).toContain('`compute` `gpu`');
    expect(message.text).toBe('Nodes on local: 6 nodes (1 idle, 1 mixed, 1 allocated, 1 powered down, 1 drained, 1 down).');
  });

  it('does not show a reason for healthy nodes', () => {
    expect(nodeLine(makeNode({ reason: 'old reason' }))).not.toContain('reason');
  });

  it('keeps the raw state of a node it could not classify', () => {
    expect(nodeLine(makeNode({ state: 'unknown', stateText: 'FUTURE+FLAG' }))).toContain(':grey_question: `node01` unknown (`FUTURE+FLAG`)');
  });

  it('pages through 1,000 nodes within Slack limits', () => {
    const families: NodeStateFamily[] = ['idle', 'mixed', 'down', 'drained'];
    const many = Array.from({ length: 1000 }, (_, i) => makeNode({
      name: `node${String(i).padStart(4, '0')}-${'<&>'.repeat(30)}`,
      state: families[i % families.length] ?? 'idle',
      reason: HOSTILE_NAMES[i % HOSTILE_NAMES.length]?.repeat(20),
      partitions: ['a', 'b', 'c', 'd', 'e', 'f'],
    }));
    for (const pageSize of [undefined, 100, 5000]) {
      const first = renderNodes({ cluster: 'big', nodes: many, now: NOW, ...(pageSize ? { pageSize } : {}) });
      const pages = Number(/Page 1 of (\d+)/.exec(visibleText(first))?.[1]);
      expect(pages).toBe(pageSize === undefined ? 25 : 10);
      const seen: string[] = [];
      for (let page = 0; page < pages; page++) {
        const message = renderNodes({ cluster: 'big', nodes: many, page, now: NOW, ...(pageSize ? { pageSize } : {}) });
        expectWithinSlackLimits(message);
        seen.push(...(visibleText(message).match(/`node\d{4}-/g) ?? []));
        expectNoSlackMarkupFromData(message);
        const ids = buttons(message).map((b) => b.action_id);
        expect(ids.includes(ACTION_IDS.nodesPagePrev)).toBe(page > 0);
        expect(ids.includes(ACTION_IDS.nodesPageNext)).toBe(page < pages - 1);
      }
      expect(seen).toHaveLength(1000);
      expect(new Set(seen).size).toBe(1000);
    }
  });

  it('keeps the partition in the pager value', () => {
    const many = Array.from({ length: 100 }, (_, i) => makeNode({ name: `n${i}` }));
    const message = renderNodes({ cluster: 'c', nodes: many, partition: 'gpu', page: 1, now: NOW });
    const next = buttons(message).find((b) => b.action_id === ACTION_IDS.nodesPageNext);
    expect(decodeNodesPageValue(next?.value ?? '')).toEqual({ cluster: 'c', page: 2, partition: 'gpu' });
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Nodes on c · gpu' } });
  });

  it('says when there are no nodes', () => {
    const message = renderNodes({ cluster: 'c', nodes: [], partition: 'gpu', now: NOW });
    expectWithinSlackLimits(message);
    expect(message.text).toBe('No nodes on *c* (partition `gpu`).');
  });
});
