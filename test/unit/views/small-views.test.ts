import { renderAck } from '../../../src/slack/views/ack';
import { renderActionResult } from '../../../src/slack/views/action-result';
import { renderClusters } from '../../../src/slack/views/clusters';
import { renderJobOutput } from '../../../src/slack/views/output';
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

describe('renderJobOutput', () => {
  it('shows the tail of the output in a code block, inert', () => {
    const content = `${Array.from({ length: 2000 }, (_, i) => `step ${i}`).join('\n')}\n<!channel> done \`\`\``;
    const message = renderJobOutput({ cluster: 'local', jobId: '12', path: '/home/alice/slurm-12.out', content, totalBytes: 20000 });
    expectWithinSlackLimits(message);
    expectNoSlackMarkupFromData(message);
    const text = visibleText(message);
    expect(text).toContain('Output of job *12* on *local*: `/home/alice/slurm-12.out`');
    expect(text).toContain('&lt;!channel&gt; done ˋˋˋ```');
    expect(text).not.toContain('step 0\n');
    expect(text).toContain('Last lines only  ·  20000 bytes in total');
  });

  it('says when the file is empty', () => {
    const message = renderJobOutput({ cluster: 'local', jobId: '12', path: '/o', content: '' });
    expect(visibleText(message)).toContain('```(empty)```');
    expect(visibleText(message)).toContain('Whole file');
  });
});

describe('renderActionResult', () => {
  it('confirms what was done and by whom', () => {
    const message = renderActionResult({ cluster: 'local', jobId: '12', action: 'hold', actorUserId: 'U0ALICE' });
    expectWithinSlackLimits(message);
    expect(message.text).toBe('Held job *12* on *local* by <@U0ALICE>.');
  });

  it('mentions no one when the actor id is not a Slack user id', () => {
    const message = renderActionResult({ cluster: 'local', jobId: '12', action: 'cancel', actorUserId: '!channel' });
    expectNoSlackMarkupFromData(message);
    expect(message.text).toBe('Cancel requested for job *12* on *local*.');
  });

  it('tells a watcher where the alert will come', () => {
    expect(renderActionResult({ cluster: 'local', jobId: '12', action: 'watch' }).text).toContain('when it ends');
  });
});
