#!/usr/bin/env node
/**
 * `npm run bench`: bundles the TypeScript under bench/ with esbuild into a temporary directory
 * (packages stay external, found through NODE_PATH) and runs it with plain node, so no
 * TypeScript loader is needed. Knobs: BENCH_QUICK=1, BENCH_ONLY=ack,cold,..., BENCH_OUT=path
 * (see bench/options.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'chatops-bench-build-'));
await build({
  absWorkingDir: root,
  entryPoints: { main: 'bench/main.ts', 'cold-child': 'bench/cold-child.ts', 'parse-child': 'bench/parse-child.ts' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  outdir: out,
  logLevel: 'warning',
});
const child = spawn(process.execPath, [join(out, 'main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  rmSync(out, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
