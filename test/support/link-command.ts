import { copyFileSync, chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const SHIPPED = path.resolve(__dirname, '../../bin/slurm-chatops-link');

/**
 * Installs the shipped `slurm-chatops-link` under `dir/bin`, readable and executable by everyone, as
 * an admin would on a head node. Tests run it as alice, bob and carol, who may not be able to enter
 * the checkout itself (CI clones into a directory only root can traverse). `dir` must be traversable.
 */
export function installLinkCommand(dir: string): string {
  const bin = path.join(dir, 'bin');
  mkdirSync(bin, { recursive: true, mode: 0o755 });
  const installed = path.join(bin, 'slurm-chatops-link');
  copyFileSync(SHIPPED, installed);
  chmodSync(installed, 0o755);
  return installed;
}
