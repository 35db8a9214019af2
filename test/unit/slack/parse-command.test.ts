import fc from 'fast-check';
import { ValidationError } from '../../../src/errors';
import { parseCommand } from '../../../src/slack/command/parse';
import { tokenize } from '../../../src/slack/command/tokenize';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.message;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('tokenize', () => {
  it('groups words in straight and typographic quotes, as Slack clients send them', () => {
    expect(tokenize('jobs --user "bob"')).toEqual(['jobs', '--user', 'bob']);
    expect(tokenize('jobs --user “bob”')).toEqual(['jobs', '--user', 'bob']);
    expect(tokenize('jobs --user „bob“')).toEqual(['jobs', '--user', 'bob']);
    expect(tokenize("jobs --user ‘bob’")).toEqual(['jobs', '--user', 'bob']);
    expect(tokenize('a "b c" d')).toEqual(['a', 'b c', 'd']);
  });

  it('reads an em or en dash typed for -- as --', () => {
    expect(tokenize('jobs —all')).toEqual(['jobs', '--all']);
    expect(tokenize('jobs –user bob')).toEqual(['jobs', '--user', 'bob']);
  });

  it('treats non-breaking spaces as spaces and drops zero-width characters', () => {
    expect(tokenize('jobs\u00A0--all\u200B')).toEqual(['jobs', '--all']);
  });

  it('undoes the HTML escaping Slack applies to &, < and >', () => {
    expect(tokenize('jobs --user &lt;@U0BOB|bob&gt;')).toEqual(['jobs', '--user', '<@U0BOB|bob>']);
  });

  it('refuses an unclosed quote, huge text and too many words', () => {
    expect(message(() => tokenize('jobs --user "bob'))).toMatch(/quote is not closed/);
    expect(message(() => tokenize('x'.repeat(5000)))).toMatch(/too long/);
    expect(message(() => tokenize('a '.repeat(100)))).toMatch(/Too many words/);
  });
});

describe('parseCommand', () => {
  it('answers help for empty text, help and its spellings', () => {
    for (const text of ['', '   ', 'help', 'HELP', '?', '--help', '-h', 'jobs --help']) {
      expect(parseCommand(text).command).toEqual({ kind: 'help' });
    }
  });

  it('parses jobs with its filters, the page counted from 1', () => {
    expect(parseCommand('jobs').command).toEqual({ kind: 'jobs', all: false, page: 1 });
    expect(parseCommand('jobs --all').command).toEqual({ kind: 'jobs', all: true, page: 1 });
    expect(parseCommand('jobs --user bob --state pending,R -p debug --page 3').command).toEqual({
      kind: 'jobs', all: false, users: [{ unix: 'bob' }], states: ['PENDING', 'RUNNING'], partition: 'debug', page: 3,
    });
    expect(parseCommand('jobs --user=alice,bob --state=running').command).toEqual({
      kind: 'jobs', all: false, users: [{ unix: 'alice' }, { unix: 'bob' }], states: ['RUNNING'], page: 1,
    });
    expect(parseCommand('queue -a').command).toEqual({ kind: 'jobs', all: true, page: 1 });
  });

  it('reads a Slack mention in --user as a Slack user to map', () => {
    expect(parseCommand('jobs --user <@U0BOB|bob>').command).toMatchObject({ users: [{ slackId: 'U0BOB' }] });
    expect(parseCommand('jobs --user @bob').command).toMatchObject({ users: [{ unix: 'bob' }] });
  });

  it('takes -c / --cluster anywhere', () => {
    expect(parseCommand('-c gpu jobs')).toEqual({ command: { kind: 'jobs', all: false, page: 1 }, cluster: 'gpu' });
    expect(parseCommand('nodes --cluster=cpu-2')).toEqual({ command: { kind: 'nodes', page: 1 }, cluster: 'cpu-2' });
    expect(parseCommand('job 12 -c gpu')).toEqual({ command: { kind: 'job', jobId: '12' }, cluster: 'gpu' });
  });

  it('parses job ids, array tasks and het parts, and a bare id as job', () => {
    expect(parseCommand('job 1234').command).toEqual({ kind: 'job', jobId: '1234' });
    expect(parseCommand('job #1234_7').command).toEqual({ kind: 'job', jobId: '1234_7' });
    expect(parseCommand('1234+1').command).toEqual({ kind: 'job', jobId: '1234+1' });
  });

  it('parses nodes, partitions and clusters', () => {
    expect(parseCommand('nodes -p compute --page 2').command).toEqual({ kind: 'nodes', partition: 'compute', page: 2 });
    expect(parseCommand('partitions').command).toEqual({ kind: 'partitions' });
    expect(parseCommand('clusters').command).toEqual({ kind: 'clusters' });
  });

  it('turns an unknown subcommand into `unknown`, options and all, so help can suggest', () => {
    expect(parseCommand('jbos --all').command).toEqual({ kind: 'unknown', typed: 'jbos' });
    expect(parseCommand('reboot 12').command).toEqual({ kind: 'unknown', typed: 'reboot' });
  });

  it('treats names of Object.prototype members as unknown subcommands', () => {
    // Broke: the alias table's prototype answered `__proto__` and `constructor`, and no command came out at all.
    for (const typed of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(parseCommand(typed).command).toEqual({ kind: 'unknown', typed });
    }
  });

  it('explains what is wrong with bad values and options, naming them', () => {
    expect(message(() => parseCommand('job'))).toMatch(/Which job\?/);
    expect(message(() => parseCommand('job "12; rm -rf /"'))).toMatch(/not a job id/);
    expect(message(() => parseCommand('job 12; rm -rf /'))).toMatch(/no `-rf` option/);
    expect(message(() => parseCommand('job 1 2'))).toMatch(/One job at a time/);
    expect(message(() => parseCommand('jobs --user "bob; id"'))).toMatch(/not a valid Unix user name/);
    expect(message(() => parseCommand('jobs --user $(id)'))).toMatch(/not a valid Unix user name/);
    expect(message(() => parseCommand('jobs --partition `reboot`'))).toMatch(/not a valid partition name/);
    expect(message(() => parseCommand('jobs --state sleeping'))).toMatch(/"sleeping" is not a job state/);
    expect(message(() => parseCommand('jobs --all --user bob'))).toMatch(/either `--all` or `--user`/);
    expect(message(() => parseCommand('jobs --page 0'))).toMatch(/page/i);
    expect(message(() => parseCommand('jobs --page'))).toMatch(/needs a value/);
    expect(message(() => parseCommand('jobs --frobnicate'))).toMatch(/`jobs` has no `--frobnicate` option/);
    expect(message(() => parseCommand('partitions --all'))).toMatch(/`partitions` has no `--all` option/);
    expect(message(() => parseCommand('jobs bob'))).toMatch(/--user bob/);
    expect(message(() => parseCommand('jobs 42'))).toMatch(/\/slurm job 42/);
    expect(message(() => parseCommand('-c "no such;cluster" jobs'))).toMatch(/not a cluster name/);
    expect(message(() => parseCommand('jobs -c a -c b'))).toMatch(/once/);
  });

  it('never throws anything but a ValidationError, and validated values hold no shell metacharacters', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }),
        fc.array(fc.constantFrom('jobs', 'job', 'nodes', '--user', '-p', '--state', '-c', '"', '“', '$(id)', ';', '12', 'bob', '&lt;', '—all'), { maxLength: 12 }).map((w) => w.join(' '))),
        (text) => {
          let parsed;
          try {
            parsed = parseCommand(text);
          } catch (e) {
            if (e instanceof ValidationError) return;
            throw e;
          }
          const values = JSON.stringify(parsed.command === undefined ? {} : { ...parsed.command, typed: undefined });
          expect(values).not.toMatch(/[;$`|&<>\\]/);
        },
      ),
      { numRuns: 500 },
    );
  });
});
