import { execFileSync } from 'node:child_process';
import { installLinkCommand } from '../../support/link-command';
import { chmodSync, chownSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { isLinkCode, newLinkCode } from '../../../src/access/link-code';
import { buildProofCheck, judgeProof, proofPaths, type ProofPaths } from '../../../src/access/link-proof';
import { LocalExecutor } from '../../../src/exec/local-executor';

let BIN = '';

describe('link codes', () => {
  it('are 8 characters from an alphabet without look-alikes, a safe file name', () => {
    const codes = Array.from({ length: 200 }, () => newLinkCode());
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(new Set(codes).size).toBe(200);
  });

  it('are exactly what the bot writes, and nothing else builds a proof path', () => {
    expect(isLinkCode('K7QM-2XPD')).toBe(true);
    for (const bad of ['K7QM-2XP0', 'k7qm-2xpd', 'K7QM2XPD', '../etc/passwd', 'K7QM-2XPD;rm', '']) expect(isLinkCode(bad)).toBe(false);
    expect(() => proofPaths('/var/spool/slurm-chatops', '../../etc/shadow')).toThrow();
  });

  it('are checked by one stat of two fixed paths, run as the executor\'s own identity', () => {
    const paths = proofPaths('/var/spool/slurm-chatops', 'K7QM-2XPD');
    expect(buildProofCheck(paths)).toEqual(['stat', '-c', '%n|%u|%U|%a|%h|%F', '--', '/var/spool/slurm-chatops', '/var/spool/slurm-chatops/K7QM-2XPD']);
  });
});

describe('judging a proof from stat\'s output', () => {
  const paths: ProofPaths = { dir: '/spool', file: '/spool/K7QM-2XPD' };
  const expected = { unixUser: 'carol', minUid: 1000 };
  const judge = (stdout: string, exitCode = 0) => judgeProof(paths, { stdout, stderr: '', exitCode }, expected);
  const dir = '/spool|0|root|1733|2|directory';

  it('accepts a regular file owned by the Unix user claimed', () => {
    expect(judge(`${dir}\n/spool/K7QM-2XPD|1003|carol|600|1|regular file\n`)).toEqual({ kind: 'proven', unixUser: 'carol', uid: 1003 });
  });

  it('waits for a proof not written yet, and names another owner', () => {
    expect(judge(`${dir}\n`, 1)).toEqual({ kind: 'missing' });
    expect(judge(`${dir}\n/spool/K7QM-2XPD|1002|bob|600|1|regular file`)).toEqual({ kind: 'other_user', owner: 'bob' });
  });

  it.each([
    ['a symbolic link', '/spool/K7QM-2XPD|1002|bob|777|1|symbolic link', /symbolic link/],
    ['a directory', '/spool/K7QM-2XPD|1003|carol|700|2|directory', /directory/],
    ['a hard link to another file', '/spool/K7QM-2XPD|1003|carol|600|2|regular file', /hard link/],
    ['root', '/spool/K7QM-2XPD|0|root|600|1|regular file', /system account/],
    ['a system account', '/spool/K7QM-2XPD|998|slurm|600|1|regular file', /system account/],
    ['a reserved account with a high uid', '/spool/K7QM-2XPD|1000|ec2-user|600|1|regular file', /cannot be linked/],
    ['a user without a name', '/spool/K7QM-2XPD|4242|UNKNOWN|600|1|regular file', /cannot be linked/],
  ])('refuses %s', (_what, line, why) => {
    const verdict = judge(`${dir}\n${line}\n`);
    expect(verdict.kind).toBe('rejected');
    expect(verdict.kind === 'rejected' && verdict.why).toMatch(why);
  });

  it.each([
    ['missing', '', /does not exist/],
    ['not a directory', '/spool|0|root|1733|1|regular file', /not a directory/],
    ['owned by a user', '/spool|1002|bob|1733|2|directory', /not owned by root/],
    ['without the sticky bit', '/spool|0|root|733|2|directory', /sticky/],
    ['listable by others', '/spool|0|root|1777|2|directory', /listed/],
  ])('asks an admin to set up a link directory that is %s', (_what, line, why) => {
    const verdict = judge(`${line}\n/spool/K7QM-2XPD|1003|carol|600|1|regular file\n`);
    expect(verdict.kind).toBe('setup');
    expect(verdict.kind === 'setup' && verdict.why).toMatch(why);
  });

  it('ignores lines that are not stat\'s (a forged name cannot pose as the proof)', () => {
    expect(judge(`${dir}\n/spool/K7QM-2XPD|1003|carol|600|1|regular file|extra\n`)).toEqual({ kind: 'missing' });
    expect(judge(`${dir}\n/spool/OTHER|1003|carol|600|1|regular file\n`)).toEqual({ kind: 'missing' });
  });
});

const asRoot = userInfo().uid === 0;
const hasUser = (name: string): boolean => {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/**
 * The whole mechanism on this machine: the shipped script as a real user, real stat as root. Skipped
 * unless the tests run as root with the users carol and bob (scripts/slurm-local.sh up creates them).
 */
(asRoot && hasUser('carol') && hasUser('bob') ? describe : describe.skip)('proofs on a real file system', () => {
  let root: string;
  let spool: string;
  const executor = new LocalExecutor();
  const expected = { minUid: 1000 };
  const verify = async (code: string, unixUser: string, dir = spool) => {
    const paths = proofPaths(dir, code);
    return judgeProof(paths, await executor.run({ argv: buildProofCheck(paths) }), { ...expected, unixUser });
  };
  const runScript = (user: string, args: string[], dir = spool) =>
    execFileSync('runuser', ['-u', user, '--', 'env', `SLURM_CHATOPS_LINK_DIR=${dir}`, BIN, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'chatops-link-'));
    chmodSync(root, 0o755);
    BIN = installLinkCommand(root);
    spool = path.join(root, 'spool');
    mkdirSync(spool);
    chmodSync(spool, 0o1733);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('links the user who ran slurm-chatops-link, and only them', async () => {
    const code = newLinkCode();
    expect(await verify(code, 'carol')).toEqual({ kind: 'missing' });
    expect(runScript('carol', [code.toLowerCase()])).toMatch(new RegExp(`Proof written for ${code} \\(Unix user carol\\)`));
    expect(await verify(code, 'carol')).toMatchObject({ kind: 'proven', unixUser: 'carol' });
    expect(await verify(code, 'bob')).toEqual({ kind: 'other_user', owner: 'carol' });
  });

  it('refuses to run as root, a second proof for the same code, and a bad code', () => {
    const code = newLinkCode();
    expect(() => execFileSync(BIN, [code], { env: { ...process.env, SLURM_CHATOPS_LINK_DIR: spool }, stdio: 'pipe' })).toThrow(/not as root/);
    runScript('bob', [code]);
    expect(() => runScript('carol', [code])).toThrow(/already exists/);
    expect(() => runScript('carol', ['$(id)'])).toThrow(/not a link code/);
  });

  it('refuses a symlink or a hard link to someone else\'s file planted under the code', async () => {
    const victim = path.join(root, 'carol-file');
    writeFileSync(victim, 'x');
    const carol = Number(execFileSync('id', ['-u', 'carol'], { encoding: 'utf8' }).trim());
    chownSync(victim, carol, carol);
    const viaSymlink = newLinkCode();
    symlinkSync(victim, path.join(spool, viaSymlink));
    expect(await verify(viaSymlink, 'carol')).toMatchObject({ kind: 'rejected', why: expect.stringMatching(/symbolic link/) });
    const viaHardlink = newLinkCode();
    linkSync(victim, path.join(spool, viaHardlink));
    expect(await verify(viaHardlink, 'carol')).toMatchObject({ kind: 'rejected', why: expect.stringMatching(/hard link/) });
  });

  it('tells users and admins when the directory is not set up safely', async () => {
    const open = path.join(root, 'open');
    mkdirSync(open);
    chmodSync(open, 0o1777);
    expect(() => runScript('carol', [newLinkCode()], path.join(root, 'absent'))).toThrow(/not set up/);
    expect(await verify(newLinkCode(), 'carol', open)).toMatchObject({ kind: 'setup', why: expect.stringMatching(/listed/) });
    expect(await verify(newLinkCode(), 'carol', path.join(root, 'absent'))).toMatchObject({ kind: 'setup', why: expect.stringMatching(/does not exist/) });
  });
});
