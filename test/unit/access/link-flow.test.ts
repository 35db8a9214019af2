import { LinkStore } from '../../../src/access/link-store';
import { runLinkTask, verifyLink, type LinkTaskContext } from '../../../src/access/link-task';
import type { AuditRecord } from '../../../src/audit/audit';
import { loadConfig, type Config } from '../../../src/config';
import { identityReply, whoamiMessage } from '../../../src/slack/identity-ops';
import { SILENT_LOG } from '../../../src/tasks/log';
import { visibleText } from '../../support/visible-text';
import { BACKENDS, type Backend } from '../store/backends';
import { captureFetch } from '../tasks/capture-fetch';
import { ok, RecordedExecutor } from '../tasks/fake-executor';

const base = loadConfig({});
const config: Config = {
  ...base,
  clusters: [{ ...base.clusters[0]!, name: 'hpc', linkDir: '/spool' }, { ...base.clusters[0]!, name: 'gpu' }],
  users: { U0ALICE: 'alice' },
};
const DIR_OK = '/spool|0|root|1733|2|directory\n';
const proofBy = (user: string, uid = 1003) => (code: string) => ok(`${DIR_OK}/spool/${code}|${uid}|${user}|600|1|regular file\n`);

describe.each(BACKENDS)('self-service links on %s', (_name, open) => {
  let backend: Backend;
  let links: LinkStore;
  let audits: AuditRecord[];
  const identity = () => ({ links, lookup: async () => ({}) });
  const request = { requestId: 'req000000001', teamId: 'T0CHATOPS', userId: 'U0CAROL', channelId: 'C0GENERAL', slashCommand: '/slurm' };
  const deps = () => ({ config, log: SILENT_LOG, identity: identity(), audit: async (r: AuditRecord) => void audits.push(r) });

  beforeEach(async () => {
    backend = await open();
    links = new LinkStore(backend.table, { now: backend.clock.now });
    audits = [];
  });
  afterEach(() => backend.close());

  async function issue(unixUser = 'carol', cluster = 'hpc', userId = 'U0CAROL'): Promise<string> {
    const message = await identityReply(deps(), { kind: 'link', cluster, unixUser }, { ...request, userId });
    const code = /slurm-chatops-link ([A-Z0-9-]{9})/.exec(visibleText(message))?.[1];
    if (code === undefined) throw new Error(`no code in: ${visibleText(message)}`);
    return code;
  }

  const task = (over: Partial<LinkTaskContext> = {}): LinkTaskContext => ({
    ...request, responseUrl: 'https://hooks.slack.com/x', reply: 'replace', cluster: 'hpc', unixUser: 'carol', ...over,
  });

  function worker(answer: (code: string) => ReturnType<typeof ok>) {
    const executor = new RecordedExecutor({ stat: (req) => answer(req.argv.at(-1)!.split('/').pop()!) });
    return { executor, deps: { config, executorFor: () => executor, links, fetch: captureFetch().fetch, log: SILENT_LOG, audit: async (r: AuditRecord) => void audits.push(r) } };
  }

  it('issues a one-time code with the command to run and a Verify button, and links once the proof holds', async () => {
    const message = await identityReply(deps(), { kind: 'link', cluster: 'hpc', unixUser: 'carol' }, request);
    const text = visibleText(message);
    expect(text).toMatch(/run: `slurm-chatops-link [A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}`/);
    expect(text).toMatch(/expires in 10 minutes/);
    expect(JSON.stringify(message.blocks)).toContain('"action_id":"link_verify"');
    const code = /slurm-chatops-link ([A-Z0-9-]{9})/.exec(text)![1]!;

    const w = worker(proofBy('carol'));
    expect(await verifyLink(w.deps, task(), code)).toEqual({ kind: 'linked', cluster: 'hpc', unixUser: 'carol' });
    expect(w.executor.calls).toEqual([{ argv: ['stat', '-c', '%n|%u|%U|%a|%h|%F', '--', '/spool', `/spool/${code}`], timeoutMs: 60000 }]);
    expect(await links.links('U0CAROL')).toEqual([expect.objectContaining({ cluster: 'hpc', unixUser: 'carol', teamId: 'T0CHATOPS' })]);
    // Used up: a second click (or a replay) finds nothing and runs nothing.
    expect(await verifyLink(w.deps, task(), code)).toEqual({ kind: 'expired' });
    expect(w.executor.calls).toHaveLength(1);
  });

  it('keeps the code when the proof is not there yet, and uses it up when the proof is someone else\'s', async () => {
    const code = await issue();
    const empty = worker((c) => ({ ...ok(DIR_OK), exitCode: 1, stderr: `stat: cannot statx '/spool/${c}'` }));
    expect(await verifyLink(empty.deps, task(), code)).toMatchObject({ kind: 'missing', code });
    const bob = worker(proofBy('bob', 1002));
    expect(await verifyLink(bob.deps, task(), code)).toMatchObject({ kind: 'other_user', owner: 'bob' });
    expect(await verifyLink(bob.deps, task(), code)).toEqual({ kind: 'expired' });
    expect(await links.links('U0CAROL')).toEqual([]);
  });

  it('runs nothing for a code that expired, belongs to another Slack user, or names another cluster or user', async () => {
    const code = await issue();
    const w = worker(proofBy('carol'));
    expect(await verifyLink(w.deps, task({ userId: 'U0MALLORY' }), code)).toEqual({ kind: 'not_yours' });
    expect(await verifyLink(w.deps, task({ cluster: 'gpu' }), code)).toEqual({ kind: 'not_yours' });
    expect(await verifyLink(w.deps, task({ unixUser: 'alice' }), code)).toEqual({ kind: 'not_yours' });
    backend.clock.advanceSeconds(10 * 60);
    expect(await verifyLink(w.deps, task(), code)).toEqual({ kind: 'expired' });
    expect(w.executor.calls).toHaveLength(0);
  });

  it('answers in place of the code and writes one audit record per attempt', async () => {
    const code = await issue();
    const { fetch, posted } = captureFetch();
    const w = worker(proofBy('carol'));
    await runLinkTask({ ...w.deps, fetch }, task(), { kind: 'link', code });
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body.replace_original).toBe(true);
    expect(visibleText(posted[0]!.body)).toMatch(/Linked: on `hpc` your commands now run as Unix user `carol`/);
    expect(audits).toEqual([expect.objectContaining({ action: 'link', result: 'success', userId: 'U0CAROL', cluster: 'hpc', unixUser: 'carol', requestId: 'req000000001', teamId: 'T0CHATOPS', channelId: 'C0GENERAL' })]);
  });

  it('tells a user the configuration already maps where a link would change nothing', async () => {
    const text = visibleText(await identityReply(deps(), { kind: 'link', cluster: 'hpc', unixUser: 'mallory' }, { ...request, userId: 'U0ALICE' }));
    expect(text).toMatch(/already act as `alice` \(mapped in the bot's configuration\)/);
  });

  it('refuses to issue a code for a system account', async () => {
    const text = visibleText(await identityReply(deps(), { kind: 'link', cluster: 'hpc', unixUser: 'root' }, request));
    expect(text).toMatch(/`root` is a system account/);
  });

  it('whoami shows each cluster\'s user and its source; unlink removes links and audits each', async () => {
    await links.addLink({ slackUserId: 'U0CAROL', teamId: 'T0CHATOPS', cluster: 'hpc', unixUser: 'carol' });
    const who = visibleText(whoamiMessage(config, { ...request, identities: { links: { hpc: 'carol' } } }));
    expect(who).toMatch(/\*`hpc`\*: Unix user `carol`, linked by you with \/slurm link; user:/);
    expect(who).toMatch(/\*`gpu`\*: not linked/);
    const unlinked = visibleText(await identityReply(deps(), { kind: 'unlink' }, request));
    expect(unlinked).toMatch(/Unlinked on `hpc`/);
    expect(await links.links('U0CAROL')).toEqual([]);
    expect(audits).toEqual([expect.objectContaining({ action: 'unlink', result: 'success', cluster: 'hpc', userId: 'U0CAROL' })]);
    expect(visibleText(await identityReply(deps(), { kind: 'unlink' }, request))).toMatch(/no link to remove/);
  });
});
