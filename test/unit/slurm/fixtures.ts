import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../fixtures/slurm');

/** The text of test/fixtures/slurm/<version>/<command>/<name>.txt. */
export function fixture(version: string, command: string, name: string): string {
  return readFileSync(path.join(ROOT, version, command, `${name}.txt`), 'utf8');
}

/** Every fixture of a command across versions, as [`version/name`, text]. */
export function allFixtures(command: string): [string, string][] {
  return readdirSync(ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const dir = path.join(ROOT, d.name, command);
      let files: string[];
      try {
        files = readdirSync(dir);
      } catch {
        return [];
      }
      return files
        .filter((f) => f.endsWith('.txt'))
        .map((f): [string, string] => [`${d.name}/${f.replace(/\.txt$/, '')}`, readFileSync(path.join(dir, f), 'utf8')]);
    });
}

/** A Slurm wall-clock time read as UTC, as the parsers do by default. */
export const utc = (text: string): Date => new Date(`${text}Z`);
