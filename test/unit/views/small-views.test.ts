import { renderAck } from '../../../src/slack/views/ack';
import { renderClusters } from '../../../src/slack/views/clusters';
import { expectNoSlackMarkupFromData, expectWithinSlackLimits, visibleText } from './slack-limits';

describe('renderAck', () => {
  it('says what runs where', () => {
    const message = renderAck({ cluster: 'local', what: 'squeue' });
    expectWithinSlackLimits(message);
    expect(message.text).toBe(':hourglass_flowing_sand: Running `squeue` on *local*…');
  });
});

describe('renderClusters', () => {
  it('lists clusters, how each is reached, the default marked', () => {
    const message = renderClusters({
      clusters: [
        { name: 'local', executor: 'local' },
        { name: 'prod', executor: 'ssm', region: 'eu-west-1', description: 'GPU cluster <!here>', reachable: false },
      ],
      defaultCluster: 'prod',
    });
    expectWithinSlackLimits(message);
    expectNoSlackMarkupFromData(message);
    const text = visibleText(message);
    expect(text).toContain('*`local`*  ·  :desktop_computer: local');
    expect(text).toContain('*`prod`* _(default)_  ·  :cloud: AWS SSM in `eu-west-1`  ·  :red_circle: unreachable');
    expect(text).toContain('GPU cluster &lt;!here&gt;');
    expect(message.text).toBe('Clusters: local, prod.');
  });

  it('says when none is configured', () => {
    const message = renderClusters({ clusters: [] });
    expectWithinSlackLimits(message);
    expect(visibleText(message)).toContain('No clusters are configured');
  });

  it('cuts a very long list with a count', () => {
    const clusters = Array.from({ length: 2000 }, (_, i) => ({ name: `c${i}`, executor: 'ssm' as const, description: 'd'.repeat(250) }));
    const message = renderClusters({ clusters });
    expectWithinSlackLimits(message);
    expect(visibleText(message)).toMatch(/2000 clusters \(\d+ not shown\)/);
  });
});
