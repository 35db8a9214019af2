import { levenshtein, renderUnknownSubcommand, suggestSubcommands } from '../../../src/slack/views/suggest';
import { expectNoSlackMarkupFromData, expectWithinSlackLimits, visibleText } from './slack-limits';

const KNOWN = ['help', 'jobs', 'job', 'cancel', 'hold', 'release', 'requeue', 'nodes', 'partitions', 'clusters', 'submit', 'watch'];

describe('levenshtein', () => {
  it.each([
    ['jobs', 'jobs', 0],
    ['jbos', 'jobs', 2],
    ['node', 'nodes', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['JOBS', 'jobs', 0],
  ])('%s → %s is %d', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
  });
});

describe('suggestSubcommands', () => {
  it('suggests the closest known subcommands within two edits', () => {
    expect(suggestSubcommands('jbos', KNOWN)[0]).toBe('jobs');
    expect(suggestSubcommands('nodez', KNOWN)).toEqual(['nodes']);
    expect(suggestSubcommands('cancle', KNOWN)).toEqual(['cancel']);
    expect(suggestSubcommands('Partitons', KNOWN)).toEqual(['partitions']);
  });

  it('suggests nothing when nothing is close', () => {
    expect(suggestSubcommands('frobnicate', KNOWN)).toEqual([]);
    expect(suggestSubcommands('', KNOWN)).toEqual([]);
    expect(suggestSubcommands('x'.repeat(500), KNOWN)).toEqual([]);
  });
});

describe('renderUnknownSubcommand', () => {
  it('offers the nearest command', () => {
    const message = renderUnknownSubcommand({ typed: 'jbos', known: KNOWN });
    expectWithinSlackLimits(message);
    expect(message.text).toContain('Did you mean `/slurm jobs`?');
  });

  it('lists the commands when nothing is close, and quotes the typo inertly', () => {
    const message = renderUnknownSubcommand({ typed: '<!channel>', known: KNOWN });
    expectWithinSlackLimits(message);
    expectNoSlackMarkupFromData(message);
    expect(visibleText(message)).toContain('`partitions`');
  });
});
