/**
 * Run as its own process by file-table.test.ts (bundled by esbuild): races conditional puts against
 * other processes on one state directory and prints which keys it won, as JSON.
 */
import { FileTable } from '../../../src/store/file-table';

async function main(): Promise<void> {
  const [dir, worker, keyCount] = process.argv.slice(2);
  if (dir === undefined || worker === undefined) throw new Error('usage: race-child DIR WORKER KEYS');
  const table = new FileTable(dir);
  const keys = Array.from({ length: Number(keyCount) }, (_, i) => `k${i}`);
  const won = await Promise.all(
    keys.map((sk) => table.put({ pk: 'race', sk, owner: worker }, { condition: { kind: 'absent' } })),
  );
  process.stdout.write(JSON.stringify(keys.filter((_, i) => won[i])));
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
