import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ChatopsError } from '../errors';
import type { StdinSource } from '../exec/executor';
import { scriptKey, type ScriptOwner, type ScriptStore, type StoredScript } from './script-store';

export type ScriptStatus = 'pending' | 'submitted' | 'not_submitted';

/** The JSON kept next to each script. */
export interface LocalScriptRecord extends ScriptOwner {
  readonly status: ScriptStatus;
  readonly jobId?: string;
  readonly reason?: string;
  /** ISO timestamps. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

function failure(operation: string, cause: unknown): ChatopsError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ChatopsError('STORE', `script store ${operation} failed: ${detail}`, { cause });
}

/**
 * Local mode: each script as `<STATE_DIR>/scripts/<team>/<user>/<request>.sh` (mode 0600) with a
 * `.json` record of its owner and fate beside it. The executor's shell, running as the bot, reads
 * the file into sbatch's standard input, so the job's user needs no access to STATE_DIR.
 */
export class LocalScriptStore implements ScriptStore {
  private readonly root: string;

  constructor(stateDir: string, private readonly now: () => Date = () => new Date()) {
    this.root = path.resolve(stateDir);
  }

  /** @throws ChatopsError STORE when the files cannot be written; ValidationError for malformed ids. */
  async save(owner: ScriptOwner, script: string): Promise<StoredScript> {
    const file = path.join(this.root, scriptKey(owner));
    const at = this.now().toISOString();
    try {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, script, { encoding: 'utf8', mode: 0o600 });
      await this.writeRecord(file, { ...owner, status: 'pending', createdAt: at, updatedAt: at });
    } catch (cause) {
      throw failure('save', cause);
    }
    return { owner, location: file };
  }

  async stdinFor(stored: StoredScript): Promise<StdinSource> {
    return { kind: 'file', path: stored.location };
  }

  /** @throws ChatopsError STORE when the record cannot be updated. */
  markSubmitted(stored: StoredScript, jobId: string): Promise<void> {
    return this.update(stored, { status: 'submitted', jobId });
  }

  /** @throws ChatopsError STORE when the record cannot be updated. */
  markNotSubmitted(stored: StoredScript, reason: string): Promise<void> {
    return this.update(stored, { status: 'not_submitted', reason: reason.slice(0, 2000) });
  }

  /** The record kept for a stored script. @throws ChatopsError STORE when it cannot be read. */
  async record(stored: StoredScript): Promise<LocalScriptRecord> {
    try {
      return JSON.parse(await readFile(recordPath(stored.location), 'utf8')) as LocalScriptRecord;
    } catch (cause) {
      throw failure('read', cause);
    }
  }

  private async update(stored: StoredScript, change: Partial<LocalScriptRecord>): Promise<void> {
    const current = await this.record(stored);
    try {
      await this.writeRecord(stored.location, { ...current, ...change, updatedAt: this.now().toISOString() });
    } catch (cause) {
      throw failure('update', cause);
    }
  }

  /** Temp file and rename: a reader never sees half a record. */
  private async writeRecord(scriptFile: string, record: LocalScriptRecord): Promise<void> {
    const target = recordPath(scriptFile);
    const temp = `${target}.tmp-${randomUUID()}`;
    await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
    await rename(temp, target);
  }
}

function recordPath(scriptFile: string): string {
  return scriptFile.replace(/\.sh$/, '.json');
}
