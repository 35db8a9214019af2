import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readZip } from '../../test/unit/deploy/zip';
import type { SectionResult } from '../report';
import { bytes } from '../stats';

export const FUNCTION_NAMES = ['slack', 'worker', 'watcher'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export interface PackagedFunction {
  readonly zipPath: string;
  readonly zipBytes: number;
  readonly unzippedBytes: number;
  readonly files: readonly { readonly name: string; readonly size: number }[];
  /** The handler module, extracted: `<dir>/src/handlers/<name>.js`. */
  readonly handlerPath: string;
}

export interface Packaged {
  readonly functions: Readonly<Record<FunctionName, PackagedFunction>>;
  readonly seconds: number;
  cleanup(): void;
}

/** A configuration file ships in every package, as in a deploy. */
const CONFIG_FILE = 'test/unit/deploy/fixtures/chatops.config.yml';

/**
 * `serverless package` (osls + serverless-esbuild, offline, no credentials) into a temporary
 * directory, as a deploy builds the functions; each zip is then extracted next to it.
 * @throws Error with serverless's output when packaging fails.
 */
export async function packageFunctions(root: string): Promise<Packaged> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chatops-bench-package-'));
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'NODE_PATH']) delete env[name];
  const started = Date.now();
  try {
    await promisify(execFile)(
      process.execPath,
      [path.join(root, 'node_modules/.bin/serverless'), 'package', '--package', dir, '--stage', 'bench', '--region', 'eu-west-1', `--param=configFile=${CONFIG_FILE}`],
      { cwd: root, env, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`serverless package failed:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error });
  }
  const seconds = (Date.now() - started) / 1000;
  const extract = (name: FunctionName): PackagedFunction => {
    const zipPath = path.join(dir, `${name}.zip`);
    const entries = readZip(zipPath);
    const target = path.join(dir, name);
    for (const entry of entries) {
      if (entry.name.endsWith('/')) continue;
      const file = path.join(target, entry.name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, entry.read());
    }
    return {
      zipPath,
      zipBytes: statSync(zipPath).size,
      unzippedBytes: entries.reduce((sum, e) => sum + e.size, 0),
      files: entries.map((e) => ({ name: e.name, size: e.size })),
      handlerPath: path.join(target, 'src/handlers', `${name}.js`),
    };
  };
  const functions = { slack: extract('slack'), worker: extract('worker'), watcher: extract('watcher') };
  return { functions, seconds, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** 6. What each function deploys. */
export function bundleSection(packaged: Packaged): SectionResult {
  const rows = FUNCTION_NAMES.map((name) => {
    const f = packaged.functions[name];
    const handler = f.files.find((file) => file.name === `src/handlers/${name}.js`);
    return [name, bytes(f.zipBytes), bytes(f.unzippedBytes), bytes(handler?.size ?? 0), f.files.map((file) => file.name).join(', ')];
  });
  return {
    title: '6. Bundle sizes',
    tables: [{ columns: ['function', 'zip', 'unzipped', 'handler bundle', 'files'], rows }],
    verdicts: [],
    notes: [
      `Built by \`serverless package\` (osls, serverless-esbuild: bundle, minify, target node20; \`@aws-sdk/*\` left to the nodejs22.x runtime; undici and iconv-lite stubbed by scripts/esbuild-plugins.cjs) in ${packaged.seconds.toFixed(1)} s, with a configuration file in each package.`,
      'No size goal was set; Lambda\'s limits are 50 MB zipped and 250 MB unzipped. Smaller bundles load faster at a cold start (section 2).',
    ],
  };
}
