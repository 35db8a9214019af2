import { renderHelp, type HelpCommand } from '../../../src/slack/views/help';
import { ACTION_IDS, decodeClusterValue } from '../../../src/slack/views/ids';
import { buttons, expectNoSlackMarkupFromData, expectWithinSlackLimits, visibleText } from './slack-limits';

const COMMANDS: HelpCommand[] = [
  { usage: 'jobs [mine|all] [state=…]', description: 'List jobs', example: 'jobs state=pending' },
  { usage: 'job <id>', description: 'Show one job & its buttons' },
  { usage: 'nodes', description: 'Show nodes' },
];

describe('renderHelp', () => {
  it('lists commands with examples, clusters, the mapped user and a Submit button', () => {
    const message = renderHelp({ clusters: ['local', 'prod'], defaultCluster: 'prod', unixUser: 'alice', commands: COMMANDS });
    expectWithinSlackLimits(message);
    expectNoSlackMarkupFromData(message);
    const text = visibleText(message);
    expect(text).toContain('`/slurm jobs [mine|all] [state=…]`  List jobs\n      e.g. `/slurm jobs state=pending`');
    expect(text).toContain('`/slurm job &lt;id&gt;`  Show one job &amp; its buttons');
    expect(text).toContain('You act as Unix user `alice`');
    expect(text).toContain('Clusters: `local`, `prod` _(default)_');
    const submit = buttons(message).find((b) => b.action_id === ACTION_IDS.submitOpen);
    expect(submit?.text.text).toBe('Submit a job');
    expect(decodeClusterValue(submit?.value ?? '')).toEqual({ cluster: 'prod' });
    expect(message.text).toBe('Slurm from Slack: /slurm jobs, /slurm job, /slurm nodes.');
  });

  it('tells an unmapped caller how to get mapped, and offers no Submit button', () => {
    const message = renderHelp({ clusters: ['local'], commands: COMMANDS, slashCommand: '/hpc' });
    expectWithinSlackLimits(message);
    const text = visibleText(message);
    expect(text).toContain('You are not mapped to a Unix user yet');
    expect(text).toContain('Ask an admin to map your Slack account, or use `/hpc link`');
    expect(message.text).toContain('You are not mapped to a Unix user yet.');
    expect(buttons(message)).toHaveLength(0);
  });

  it('stays within limits with many commands and clusters', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ usage: `cmd${i} ${'x'.repeat(150)}`, description: 'd'.repeat(300), example: `cmd${i}` }));
    const clusters = Array.from({ length: 300 }, (_, i) => `c${i}`);
    const message = renderHelp({ clusters, unixUser: 'bob', commands: many });
    expectWithinSlackLimits(message);
    expect(visibleText(message)).toContain('and 280 more');
  });

  it('says when no cluster is configured', () => {
    const message = renderHelp({ clusters: [], unixUser: 'bob', commands: COMMANDS });
    expect(visibleText(message)).toContain('No clusters are configured yet');
    expect(buttons(message)).toHaveLength(0);
  });
});
