/*
 * How the bot checks a link proof. `slurm-chatops-link CODE`, run on the cluster by the user as
 * themselves, creates the file LINKDIR/CODE; only that Unix user (or root) can own a file they
 * created, so the file's owner is the proof. The bot, root on the head node, reads the owner with
 * ONE executor call: `stat` on two fixed paths built from the configured directory and a
 * validated code; nothing the user typed reaches the command.
 *
 * What a forger could try, and what stops it:
 * - a symlink or hard link named CODE pointing at someone else's file: `stat` without -L reports
 *   the link itself (owned by the forger), and a regular file with more than one link is refused;
 * - listing the directory to steal codes in flight: the directory must be root-owned, sticky and
 *   unreadable for group and others (mode 1733), so codes cannot be listed or others' files removed;
 * - linking to root or a system account: uids below `minUid` and reserved names are refused.
 */
import type { Argv, ExecResult } from '../exec/executor';
import { RESERVED_UNIX_USERS } from './identities';
import { isLinkCode } from './link-code';

export const DEFAULT_LINK_DIR = '/var/spool/slurm-chatops';

/** `%n` name, `%u` uid, `%U` user name, `%a` octal mode, `%h` hard links, `%F` file type. */
const FORMAT = '%n|%u|%U|%a|%h|%F';
const UNIX_USER = /^[a-z_][a-z0-9_.-]{0,31}$/;

export interface ProofPaths {
  readonly dir: string;
  readonly file: string;
}

/**
 * Where the proof for this code lives on a cluster.
 * @throws Error when the code is not a link code (callers pass only validated codes).
 */
export function proofPaths(linkDir: string, code: string): ProofPaths {
  if (!isLinkCode(code)) throw new Error('not a link code');
  return { dir: linkDir, file: `${linkDir}/${code}` };
}

/** The one command that checks a proof, run as the executor's own identity (root). */
export function buildProofCheck(paths: ProofPaths): Argv {
  return ['stat', '-c', FORMAT, '--', paths.dir, paths.file];
}

export type ProofVerdict =
  | { readonly kind: 'proven'; readonly unixUser: string; readonly uid: number }
  /** No proof yet: the user has not run the command (or ran it on another cluster). */
  | { readonly kind: 'missing' }
  /** The proof was made by another Unix user than the one the Slack user named. */
  | { readonly kind: 'other_user'; readonly owner: string }
  /** A symlink, a directory, a hard link, a system account: never accepted. */
  | { readonly kind: 'rejected'; readonly why: string }
  /** The link directory is missing or unsafe: an admin must set it up. */
  | { readonly kind: 'setup'; readonly why: string };

interface Stat {
  readonly uid: number;
  readonly user: string;
  readonly mode: number;
  readonly links: number;
  readonly type: string;
}

function parseLines(stdout: string): Map<string, Stat> {
  const stats = new Map<string, Stat>();
  for (const line of stdout.split('\n')) {
    const parts = line.split('|');
    if (parts.length !== 6) continue;
    const [name, uid, user, mode, links, type] = parts as [string, string, string, string, string, string];
    if (!/^\d+$/.test(uid) || !/^[0-7]{1,6}$/.test(mode) || !/^\d+$/.test(links)) continue;
    stats.set(name, { uid: Number(uid), user, mode: parseInt(mode, 8), links: Number(links), type });
  }
  return stats;
}

export interface ProofExpectation {
  /** The Unix user the Slack user said they are. */
  readonly unixUser: string;
  readonly minUid: number;
}

const STICKY = 0o1000;
const READABLE_BY_OTHERS = 0o044;

/**
 * Reads the result of buildProofCheck. Never throws: anything unexpected is a refusal.
 */
export function judgeProof(paths: ProofPaths, result: ExecResult, expected: ProofExpectation): ProofVerdict {
  const stats = parseLines(result.stdout);
  const dir = stats.get(paths.dir);
  if (dir === undefined) return { kind: 'setup', why: `the link directory ${paths.dir} does not exist on this cluster` };
  if (dir.type !== 'directory') return { kind: 'setup', why: `${paths.dir} is not a directory` };
  if (dir.uid !== 0) return { kind: 'setup', why: `${paths.dir} is not owned by root` };
  if ((dir.mode & STICKY) === 0) return { kind: 'setup', why: `${paths.dir} lacks the sticky bit (mode 1733)` };
  if ((dir.mode & READABLE_BY_OTHERS) !== 0) return { kind: 'setup', why: `${paths.dir} can be listed by other users (mode 1733)` };
  const file = stats.get(paths.file);
  if (file === undefined) return { kind: 'missing' };
  if (file.type !== 'regular file' && file.type !== 'regular empty file') return { kind: 'rejected', why: `the proof is a ${file.type}, not a file` };
  if (file.links !== 1) return { kind: 'rejected', why: 'the proof has more than one hard link' };
  if (file.uid < expected.minUid) return { kind: 'rejected', why: `the proof belongs to a system account (uid ${file.uid})` };
  if (!UNIX_USER.test(file.user) || RESERVED_UNIX_USERS.has(file.user)) return { kind: 'rejected', why: 'the proof belongs to an account that cannot be linked' };
  if (file.user !== expected.unixUser) return { kind: 'other_user', owner: file.user };
  return { kind: 'proven', unixUser: file.user, uid: file.uid };
}
