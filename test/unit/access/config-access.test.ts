import { loadConfig, parseFileConfig } from '../../../src/config';
import { ConfigError } from '../../../src/errors';

function configError(raw: unknown): string {
  try {
    parseFileConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const cluster = { name: 'local', executor: 'local' };

describe('access settings in the configuration file', () => {
  it('leaves a configuration written before them as it was: no roles, links on, no e-mail mapping', () => {
    const config = parseFileConfig({ clusters: [cluster], users: { U0ALICE: 'alice' } });
    expect(config).not.toHaveProperty('roles');
    expect(config).not.toHaveProperty('emailDomain');
    expect(config).not.toHaveProperty('auditChannel');
    expect(config.clusters[0]).not.toHaveProperty('access');
    expect(loadConfig({}).clusters[0]).not.toHaveProperty('linkDir');
  });

  it('reads roles, a default role, an e-mail domain, an audit channel and link settings', () => {
    const config = parseFileConfig({
      clusters: [{ ...cluster, linkDir: '/var/spool/chatops-links/', access: { users: { U0BOB: 'robert' }, admins: [], channels: ['C0GPU'], roles: { U0BOB: 'viewer' }, defaultRole: 'viewer', emailDomain: 'Gpu.Example.org' } }],
      roles: { U0CAROL: 'admin', U0DAVE: ' viewer ' },
      defaultRole: 'viewer',
      emailDomain: '@example.org',
      auditChannel: 'C0AUDIT',
      selfLink: { enabled: false, minUid: 5000 },
    });
    expect(config).toMatchObject({
      roles: { U0CAROL: 'admin', U0DAVE: 'viewer' },
      defaultRole: 'viewer',
      emailDomain: 'example.org',
      auditChannel: 'C0AUDIT',
      selfLink: { enabled: false, minUid: 5000 },
    });
    expect(config.clusters[0]).toMatchObject({
      linkDir: '/var/spool/chatops-links',
      access: { users: { U0BOB: 'robert' }, admins: [], channels: ['C0GPU'], roles: { U0BOB: 'viewer' }, defaultRole: 'viewer', emailDomain: 'gpu.example.org' },
    });
    expect(parseFileConfig({ clusters: [cluster], selfLink: false }).selfLink).toEqual({ enabled: false, minUid: 1000 });
  });

  it.each([
    [{ roles: { U0ALICE: 'superuser' } }, 'roles.U0ALICE: expected one of viewer, user, admin, got string "superuser"'],
    [{ roles: { alice: 'viewer' } }, 'roles.alice: expected a Slack user id'],
    [{ defaultRole: 'root' }, 'defaultRole: expected one of viewer, user, admin'],
    [{ emailDomain: 'not a domain' }, 'emailDomain: expected an e-mail domain like example.org'],
    [{ auditChannel: '#audit' }, 'auditChannel: expected a channel id like C0123ABCD, got string "#audit"'],
    [{ selfLink: { minUid: 0 } }, 'selfLink.minUid: expected a whole number from 1 (root, uid 0, can never be linked)'],
    [{ selfLink: { enable: true } }, 'selfLink.enable: unknown field; expected one of enabled, minUid'],
    [{ clusters: [{ ...cluster, access: { users: { U0X: 'Not Valid' } } }] }, 'clusters[0].access.users.U0X: expected a Unix user name'],
    [{ clusters: [{ ...cluster, access: { channels: 'C0ONE' } }] }, 'clusters[0].access.channels: expected a list, got string "C0ONE"'],
    [{ clusters: [{ ...cluster, access: { owners: [] } }] }, 'clusters[0].access.owners: unknown field; expected one of users, admins, channels, roles, defaultRole, emailDomain'],
    [{ clusters: [{ ...cluster, linkDir: 'spool' }] }, 'clusters[0].linkDir: expected an absolute directory'],
    [{ clusters: [{ ...cluster, linkDir: '/var/../etc' }] }, 'clusters[0].linkDir: expected an absolute directory'],
  ])('names the field at fault: %j', (raw, message) => {
    expect(configError({ clusters: [cluster], ...raw })).toContain(message);
  });
});
