import { LocalExecutor } from '../../../src/exec/local-executor';
import { withSlurmBinDir } from '../../../src/exec/slurm-bin-dir';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Guards the ParallelCluster case: SSM's root shell has no /opt/slurm/bin on its PATH, so
// `squeue` must be called by absolute path there, while other programs stay on the PATH.
describe('withSlurmBinDir', () => {
  const binDir = mkdtempSync(path.join(tmpdir(), 'slurm-bin-'));
  const fake = path.join(binDir, 'squeue');
  writeFileSync(fake, '#!/bin/bash\necho "fake squeue from $0 with $#: $1"\n');
  chmodSync(fake, 0o755);
  const executor = withSlurmBinDir(new LocalExecutor({ env: { PATH: '/usr/bin:/bin' } }), `${binDir}/`);

  it('runs Slurm programs from the configured directory, arguments unchanged', async () => {
    const result = await executor.run({ argv: ['squeue', '--me; rm -rf /'] });
    expect(result.stdout).toBe(`fake squeue from ${fake} with 1: --me; rm -rf /\n`);
  });

  it('leaves other programs to the PATH', async () => {
    const result = await executor.run({ argv: ['echo', 'squeue'] });
    expect(result.stdout).toBe('squeue\n');
  });
});
