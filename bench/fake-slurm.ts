import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSqueue } from './squeue-gen';

/** Jobs alice sees in the end-to-end runs: more than a page, so the answer carries a pager. */
const ALICE_JOBS = 45;

/**
 * A Slurm bin directory (the cluster's `slurmBinDir`) whose `squeue` and `sbatch` sleep for a set
 * time, then print recorded output: the end-to-end benchmarks control exactly how long "the
 * command itself" takes, and submit no real job. Readable by every user, as runuser needs.
 */
export class FakeSlurmBin {
  private constructor(readonly dir: string) {}

  static create(): FakeSlurmBin {
    const dir = mkdtempSync(path.join(tmpdir(), 'chatops-bench-slurm-'));
    chmodSync(dir, 0o755);
    const output = path.join(dir, 'squeue.out');
    writeFileSync(output, generateSqueue(ALICE_JOBS, { users: ['alice'] }), { mode: 0o644 });
    const bin = new FakeSlurmBin(dir);
    bin.setSleep(0);
    return bin;
  }

  /** From now on, each command sleeps `ms` before it prints. */
  setSleep(ms: number): void {
    const sleep = ms > 0 ? `sleep ${(ms / 1000).toFixed(3)}\n` : '';
    this.write('squeue', `#!/bin/sh\n${sleep}exec cat ${path.join(this.dir, 'squeue.out')}\n`);
    this.write('sbatch', `#!/bin/sh\n${sleep}echo 4242\n`);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private write(name: string, text: string): void {
    writeFileSync(path.join(this.dir, name), text, { mode: 0o755 });
    chmodSync(path.join(this.dir, name), 0o755);
  }
}
