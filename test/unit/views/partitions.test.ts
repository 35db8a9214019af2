import { renderPartitions } from '../../../src/slack/views/partitions';
import { makePartition, NOW } from './fixtures';
import { expectNoSlackMarkupFromData, expectWithinSlackLimits, visibleText } from './slack-limits';

describe('renderPartitions', () => {
  it('shows availability, limits and node counts by state, the default marked', () => {
    const message = renderPartitions({
      cluster: 'local',
      partitions: [
        makePartition({ defaultTimeSeconds: 3600 }),
        makePartition({
          name: 'debug', isDefault: false, availability: 'DOWN', timeLimitSeconds: null, totalNodes: 1,
          nodeStates: { powered_down: 1 }, totalCpus: undefined, nodes: undefined,
        }),
        makePartition({ name: 'odd', isDefault: false, availability: 'MAINT<!here>' }),
      ],
      now: NOW,
    });
    expectWithinSlackLimits(message);
    expectNoSlackMarkupFromData(message);
    const text = visibleText(message);
    expect(text).toContain('*`compute`* _(default)_  ·  :large_green_circle: UP  ·  time limit 1d 0h  ·  default time 1h 00m');
    expect(text).toContain('4 nodes  ·  :large_green_circle: 2 idle  ·  :large_yellow_circle: 1 mixed  ·  :red_circle: 1 down  ·  64 CPUs');
    expect(text).toContain('nodes `node[01-04]`');
    expect(text).toContain('*`debug`*  ·  :red_circle: DOWN  ·  time limit UNLIMITED');
    expect(text).toContain(':zzz: 1 powered down');
    expect(text).toContain(':grey_question: `MAINT&lt;!here&gt;`');
    expect(message.text).toBe('Partitions on local: compute (UP), debug (DOWN), odd (MAINT&lt;!here&gt;). Default: compute.');
  });

  it('cuts hundreds of partitions to what fits, and says how many are left out', () => {
    const partitions = Array.from({ length: 500 }, (_, i) => makePartition({
      name: `p${i}-${'x'.repeat(60)}`, isDefault: i === 0, nodes: `node[${'0'.repeat(280)}]`,
      nodeStates: { idle: 1, mixed: 1, allocated: 1, down: 1, drained: 1, draining: 1, powered_down: 1, powering_up: 1, reserved: 1, completing: 1, unknown: 1 },
    }));
    const message = renderPartitions({ cluster: 'big', partitions, now: NOW });
    expectWithinSlackLimits(message);
    const notShown = Number(/(\d+) more not shown/.exec(visibleText(message))?.[1]);
    expect(notShown).toBeGreaterThan(0);
    const shown = (visibleText(message).match(/\*`p\d+-/g) ?? []).length;
    expect(shown + notShown).toBe(500);
  });

  it('says when there are no partitions', () => {
    const message = renderPartitions({ cluster: 'local', partitions: [], now: NOW });
    expectWithinSlackLimits(message);
    expect(message.text).toBe('No partitions on local.');
  });
});
