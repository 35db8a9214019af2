import { createIdentityDirectory } from '../../../src/access/directory';
import { LinkStore } from '../../../src/access/link-store';
import type { AccessConfig } from '../../../src/access/policy';
import { createProfileEmailLookup, usableEmail } from '../../../src/access/profile-email';
import { ChatopsError } from '../../../src/errors';
import type { Table } from '../../../src/store/table';
import type { Log } from '../../../src/tasks/log';
import { SlackFake } from '../../support/slack-fake';
import { WORKSPACE } from '../../support/slack-ids';
import { BACKENDS } from '../store/backends';

const fileBackend = BACKENDS[0]![1];

function recordingLog(): Log & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => {}, info: () => {}, error: () => {}, warn: (message) => void warnings.push(message) };
}

describe('profile e-mails from users.info', () => {
  let slack: SlackFake;
  beforeAll(async () => {
    slack = await SlackFake.start();
    slack.registerUser({ id: 'U0EVE', name: 'eve', email: 'eve@example.org' });
    slack.registerUser({ id: 'U0GONE', name: 'gone', email: 'gone@example.org', deleted: true });
    slack.registerUser({ id: 'U0BOT', name: 'bot', email: 'bot@example.org', isBot: true });
  });
  afterAll(() => slack.close());
  beforeEach(() => slack.clearFailures());

  it('reads the e-mail with the bot token, once per user while cached', async () => {
    const lookup = createProfileEmailLookup({ fetch, apiUrl: slack.apiUrl, botToken: WORKSPACE.botToken });
    expect(await lookup('U0EVE')).toBe('eve@example.org');
    expect(await lookup('U0EVE')).toBe('eve@example.org');
    expect(slack.callsTo('users.info').filter((c) => (c.args as { user?: string }).user === 'U0EVE')).toHaveLength(1);
    expect(slack.callsTo('users.info')[0]!.token).toBe(WORKSPACE.botToken);
  });

  it('gives nothing for deleted users, bots, guests, unconfirmed addresses and unknown users', async () => {
    const lookup = createProfileEmailLookup({ fetch, apiUrl: slack.apiUrl, botToken: WORKSPACE.botToken });
    expect(await lookup('U0GONE')).toBeUndefined();
    expect(await lookup('U0BOT')).toBeUndefined();
    expect(await lookup('U0NOBODY')).toBeUndefined();
    expect(usableEmail({ is_restricted: true, profile: { email: 'guest@example.org' } })).toBeUndefined();
    expect(usableEmail({ is_ultra_restricted: true, profile: { email: 'guest@example.org' } })).toBeUndefined();
    expect(usableEmail({ is_email_confirmed: false, profile: { email: 'x@example.org' } })).toBeUndefined();
    expect(usableEmail({ profile: { email: '<!channel>@example.org' } })).toBeUndefined();
  });

  it('throws SLACK_API when Slack refuses (a missing scope), so the directory can say so', async () => {
    slack.failWith('users.info', { error: 'missing_scope' });
    const lookup = createProfileEmailLookup({ fetch, apiUrl: slack.apiUrl, botToken: WORKSPACE.botToken });
    await expect(lookup('U0EVE')).rejects.toThrow(new ChatopsError('SLACK_API', 'Slack refused users.info: missing_scope.'));
  });
});

describe('identity directory', () => {
  const config: AccessConfig = { clusters: [{ name: 'hpc' }, { name: 'gpu' }], users: { U0ALICE: 'alice' }, admins: [], channels: [], emailDomain: 'example.org' };

  it('returns links by cluster and the profile e-mail; a user mapped everywhere costs no lookup', async () => {
    const backend = await fileBackend();
    const links = new LinkStore(backend.table);
    await links.addLink({ slackUserId: 'U0EVE', teamId: 'T0', cluster: 'gpu', unixUser: 'evelyn' });
    const asked: string[] = [];
    const directory = createIdentityDirectory({ config, log: recordingLog(), links, profileEmail: async (id) => (asked.push(id), 'eve@example.org') });
    expect(await directory.lookup('U0EVE', 'r1')).toEqual({ links: { gpu: 'evelyn' }, email: 'eve@example.org' });
    expect(await directory.lookup('U0ALICE', 'r2')).toEqual({});
    expect(asked).toEqual(['U0EVE']);
    await backend.close();
  });

  it('reports a failing source as unavailable instead of failing the request', async () => {
    const broken: Table = {
      get: () => Promise.reject(new ChatopsError('STORE', 'down')),
      put: () => Promise.reject(new ChatopsError('STORE', 'down')),
      delete: () => Promise.reject(new ChatopsError('STORE', 'down')),
      query: () => Promise.reject(new ChatopsError('STORE', 'down')),
    };
    const log = recordingLog();
    const directory = createIdentityDirectory({ config, log, links: new LinkStore(broken), profileEmail: async () => 'eve@example.org' });
    expect(await directory.lookup('U0EVE', 'r1')).toEqual({ email: 'eve@example.org', unavailable: true });
    expect(log.warnings).toEqual(['link lookup failed']);
  });

  it('asks neither source when linking is off and no cluster maps by e-mail', async () => {
    const backend = await fileBackend();
    let asked = 0;
    const { emailDomain: _unused, ...withoutEmail } = config;
    const directory = createIdentityDirectory({
      config: { ...withoutEmail, selfLink: { enabled: false, minUid: 1000 } },
      log: recordingLog(),
      links: new LinkStore(backend.table),
      profileEmail: async () => (asked++, 'x@example.org'),
    });
    expect(await directory.lookup('U0EVE', 'r1')).toEqual({});
    expect(directory.links).toBeUndefined();
    expect(asked).toBe(0);
    await backend.close();
  });
});

describe('identity directory under a slow source', () => {
  it('gives up on a source past its budget, so the ack still beats Slack\'s 3 seconds', async () => {
    const config: AccessConfig = { clusters: [{ name: 'hpc' }], users: {}, admins: [], channels: [], emailDomain: 'example.org' };
    const log = recordingLog();
    const directory = createIdentityDirectory({ config, log, profileEmail: () => new Promise(() => {}), budgetMs: 50 });
    const started = Date.now();
    expect(await directory.lookup('U0EVE', 'r1')).toEqual({ unavailable: true });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(log.warnings).toEqual(['profile e-mail lookup failed']);
  });
});
