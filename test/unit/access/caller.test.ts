import { authorizeCaller, identifyCaller, isChannelAllowed } from '../../../src/access/caller';
import { AccessDenied, type DenialReason } from '../../../src/access/denied';
import { allowedChannels, clusterAccess, type AccessConfig } from '../../../src/access/policy';
import { withRequestIdentities } from '../../../src/access/request-identities';
import { allows, ROLES, type Permission } from '../../../src/access/roles';

const config: AccessConfig = {
  clusters: [
    { name: 'hpc' },
    { name: 'gpu', access: { users: { U0BOB: 'robert', U0GPUONLY: 'gina' }, admins: ['U0BOB'], channels: ['C0GPU'], roles: { U0ALICE: 'viewer' }, emailDomain: 'gpu.example.org' } },
  ],
  users: { U0ALICE: 'alice', U0BOB: 'bob', U0VIEW: 'vera' },
  admins: ['U0ADMIN'],
  channels: [],
  roles: { U0VIEW: 'viewer' },
  emailDomain: 'example.org',
};

function denial(fn: () => unknown): DenialReason {
  try {
    fn();
  } catch (e) {
    if (e instanceof AccessDenied) return e.reason;
    throw e;
  }
  throw new Error('expected AccessDenied');
}

describe('roles', () => {
  it('grants viewers their own jobs only, users also submit and their own jobs, admins everything', () => {
    const table = Object.fromEntries(ROLES.map((r) => [r, (['read-own', 'read-any', 'submit', 'act-own', 'act-any'] as Permission[]).filter((p) => allows(r, p))]));
    expect(table).toEqual({
      viewer: ['read-own'],
      user: ['read-own', 'read-any', 'submit', 'act-own'],
      admin: ['read-own', 'read-any', 'submit', 'act-own', 'act-any'],
    });
  });
});

describe('per-cluster access', () => {
  it('merges users and roles over the top level, replaces admins and channels', () => {
    expect(clusterAccess(config, 'hpc')).toEqual({
      users: config.users, admins: ['U0ADMIN'], channels: [], roles: { U0VIEW: 'viewer' }, defaultRole: 'user', emailDomain: 'example.org',
    });
    expect(clusterAccess(config, 'gpu')).toEqual({
      users: { U0ALICE: 'alice', U0BOB: 'robert', U0VIEW: 'vera', U0GPUONLY: 'gina' },
      admins: ['U0BOB'],
      channels: ['C0GPU'],
      roles: { U0VIEW: 'viewer', U0ALICE: 'viewer' },
      defaultRole: 'user',
      emailDomain: 'gpu.example.org',
    });
  });

  it('answers in a channel when any cluster does, and lists every channel some cluster answers in', () => {
    const restricted: AccessConfig = { ...config, channels: ['C0HPC'] };
    expect(isChannelAllowed(restricted, 'C0GPU')).toBe(true);
    expect(isChannelAllowed(restricted, 'C0HPC')).toBe(true);
    expect(isChannelAllowed(restricted, 'C0RANDOM')).toBe(false);
    expect(allowedChannels(restricted)).toEqual(['C0HPC', 'C0GPU']);
    expect(isChannelAllowed(config, 'C0RANDOM')).toBe(true);
  });
});

describe('identifyCaller', () => {
  it('asks the sources in order: configuration, then a verified link, then the profile e-mail', () => {
    const external = { links: { hpc: 'linked', gpu: 'glinked' }, email: 'Eve@Example.org' };
    expect(identifyCaller(config, 'U0ALICE', { cluster: 'hpc', external })).toMatchObject({ unixUser: 'alice', source: 'config', role: 'user' });
    expect(identifyCaller(config, 'U0EVE', { cluster: 'hpc', external })).toMatchObject({ unixUser: 'linked', source: 'link' });
    expect(identifyCaller(config, 'U0EVE', { cluster: 'hpc', external: { email: 'Eve@Example.org' } })).toMatchObject({ unixUser: 'eve', source: 'email' });
    // gpu maps by another domain: the example.org address maps nobody there.
    expect(identifyCaller(config, 'U0EVE', { cluster: 'gpu', external: { email: 'eve@example.org' } }).unixUser).toBeUndefined();
    expect(identifyCaller(config, 'U0BOB', { cluster: 'gpu' })).toMatchObject({ unixUser: 'robert', role: 'admin', isAdmin: true });
    expect(identifyCaller(config, 'U0BOB', { cluster: 'hpc' })).toMatchObject({ unixUser: 'bob', role: 'user', isAdmin: false });
  });

  it('never maps an e-mail to a reserved or invalid Unix user', () => {
    for (const email of ['root@example.org', 'slurm@example.org', 'ec2-user@example.org', 'a+b@example.org', 'Ünïcode@example.org', 'alice@example.org.evil.com', 'alice@evil.com']) {
      expect(identifyCaller(config, 'U0EVE', { cluster: 'hpc', external: { email } }).unixUser).toBeUndefined();
    }
  });

  it('uses the request\'s identities when none are given, and only the configuration outside a request', () => {
    expect(identifyCaller(config, 'U0EVE', { cluster: 'hpc' }).unixUser).toBeUndefined();
    const inRequest = withRequestIdentities({ links: { hpc: 'eve' } }, () => identifyCaller(config, 'U0EVE', { cluster: 'hpc' }));
    expect(inRequest).toMatchObject({ unixUser: 'eve', source: 'link' });
  });
});

describe('authorizeCaller', () => {
  const ask = (slackUserId: string, cluster: string, permission: Permission, channelId = 'C0GPU') =>
    authorizeCaller(config, { slackUserId, channelId, cluster, permission });

  it('allows a mapped user with the right role in an allowed channel', () => {
    expect(ask('U0ALICE', 'hpc', 'submit')).toMatchObject({ unixUser: 'alice', role: 'user' });
    expect(ask('U0BOB', 'gpu', 'act-any')).toMatchObject({ unixUser: 'robert', role: 'admin' });
  });

  it('says which check failed: channel first, then mapping, then role', () => {
    expect(denial(() => ask('U0STRANGER', 'gpu', 'read-own', 'C0RANDOM'))).toEqual({ kind: 'channel', cluster: 'gpu', channels: ['C0GPU'] });
    expect(denial(() => ask('U0STRANGER', 'hpc', 'read-own'))).toEqual({ kind: 'not_mapped', cluster: 'hpc', selfLink: true, emailDomain: 'example.org', lookupFailed: false });
    expect(denial(() => ask('U0VIEW', 'hpc', 'submit'))).toEqual({ kind: 'role', cluster: 'hpc', role: 'viewer', permission: 'submit' });
    expect(denial(() => ask('U0ALICE', 'gpu', 'act-own'))).toEqual({ kind: 'role', cluster: 'gpu', role: 'viewer', permission: 'act-own' });
    expect(denial(() => ask('U0ALICE', 'hpc', 'act-any'))).toMatchObject({ kind: 'role', permission: 'act-any' });
  });

  it('tells a user whose links could not be checked to try again', () => {
    const reason = denial(() => authorizeCaller(config, { slackUserId: 'U0EVE', channelId: 'C0X', cluster: 'hpc', permission: 'read-own', external: { unavailable: true } }));
    expect(reason).toMatchObject({ kind: 'not_mapped', lookupFailed: true });
  });
});
