import fc from 'fast-check';
import type { AppUnderTest } from '../../support/app-under-test';
import { CHANNELS, HOSTILE, recordingLog, settle, startPropertyApp, USERS } from './property-app';
import { validationProblems } from './validated';

const SUBCOMMANDS = ['jobs', 'job', 'nodes', 'partitions', 'clusters', 'help', 'submit', 'cancel', 'hold', 'release', 'requeue', 'output', 'watch', 'unwatch', 'whoami', 'link', 'unlink', 'squeue', 'ls'];
const OPTIONS = ['--all', '--user', '-u', '--state', '-t', '--partition', '-p', '--page', '-c', '--cluster', '-M', '--help', '-h', '—all', '--users='];

/** Text shaped like a command, with hostile words where values go; and plain arbitrary text. */
const VALID = ['alice', 'vera', '1234', '1234_7', 'debug', 'compute', 'local', 'ops', 'pending', 'running', '2', '100'];
const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VALID) },
  { weight: 2, arbitrary: fc.constantFrom(...OPTIONS) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);
/** A command as a user would type it, with one value arbitrary or hostile. */
const TEMPLATES = ['jobs', 'jobs --all', 'jobs --user X', 'jobs --state X', 'jobs --partition X --page X', 'job X', 'X', 'nodes --partition X', 'partitions', '-c X jobs',
  '-c ops jobs', 'cancel X', 'hold X', 'release X', 'requeue X', 'output X', 'output 1234 X', 'watch X', 'unwatch X', 'link X', 'unlink -c X', 'whoami', 'submit -c X', 'help X'];
const templated = fc.tuple(fc.constantFrom(...TEMPLATES), word, word).map(([template, a, b]) => template.replace('X', a).replace('X', b));
const commandText = fc.oneof(
  { weight: 6, arbitrary: templated },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...SUBCOMMANDS), fc.array(word, { maxLength: 6 })).map(([sub, words]) => [sub, ...words].join(' ')) },
  fc.array(fc.oneof(fc.constantFrom(...SUBCOMMANDS), word), { maxLength: 8 }).map((words) => words.join(' ')),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ minLength: 990, maxLength: 1100 }),
);

describe('the slash command router, fed arbitrary text over HTTP', () => {
  const log = recordingLog();
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startPropertyApp(log);
  });
  afterAll(() => app.close());

  it('always answers, never fails unhandled, and lets only validated requests reach the executor', async () => {
    await fc.assert(
      fc.asyncProperty(commandText, fc.constantFrom(...USERS), fc.constantFrom(...CHANNELS), async (text, userId, channelId) => {
        const runsBefore = app.runs.length;
        const callsBefore = app.slack.calls.length;
        const { status, ack, ackText, responseUrl } = await app.slash(text, { userId, channelId });
        expect(status).toBe(200);
        const answeredLater = await settle(app, responseUrl, callsBefore, ackText.trim() === '' || /Running `/.test(ackText) ? 10_000 : 0);
        const opened = app.slack.calls.slice(callsBefore).some((c) => c.method === 'views.open');
        const replies = app.slack.responsesTo(responseUrl);
        // An answer in the ack, a modal, or (after "Running …") the worker's reply.
        expect(ackText.trim() !== '' || opened || answeredLater).toBe(true);
        if (/Running `/.test(ackText)) expect(replies.length).toBeGreaterThan(0);
        for (const request of app.runs.slice(runsBefore)) expect(validationProblems(request)).toEqual([]);
        // Nobody mapped, or a cluster outside its channel: nothing ran.
        if (userId === 'U0NOBODY') expect(app.runs.length).toBe(runsBefore);
        expect(JSON.stringify(ack)).not.toMatch(/<!(channel|here|everyone)|<@U0ALICE>|<https?:/);
        expect(log.entries.filter((e) => e.level === 'error')).toEqual([]);
      }),
      // About one text in twenty is valid and allowed; 500 runs make "more than 10 ran" hold on every seed
      // (with 250 it failed about one run in six).
      { numRuns: 500 },
    );
    // The property saw commands that ran, not only refusals.
    expect(app.runs.length).toBeGreaterThan(10);
  }, 180_000);
});

describe('what counts as validated', () => {
  it('flags what must never reach the executor', () => {
    expect(validationProblems({ argv: ['squeue', '--users=alice'], runAs: 'alice' })).toEqual([]);
    expect(validationProblems({ argv: ['squeue', '--users=a;reboot'] })).toEqual(['argument "--users=a;reboot"']);
    expect(validationProblems({ argv: ['scontrol', 'show', 'job', '1 2'] })).toEqual(['argument "1 2"']);
    expect(validationProblems({ argv: ['sh', '-c', 'id'] })).toContain('program "sh"');
    expect(validationProblems({ argv: ['bash', '-c', 'id'] })).toContain('bash without one of the bot\'s constant scripts');
    expect(validationProblems({ argv: ['squeue'], runAs: 'root;id' })[0]).toMatch(/^runAs/);
    expect(validationProblems({ argv: ['sbatch', '--parsable', '--wrap=id'] })[0]).toMatch(/refused by the allow-list/);
  });
});
