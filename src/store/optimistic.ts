import { ChatopsError } from '../errors';
import type { Condition, Table, TableItem } from './table';

/** What a read-modify-write step decided: the attributes to store (none: leave the item alone) and the answer. */
export interface Decision<T> {
  readonly write?: Readonly<Record<string, unknown>>;
  readonly result: T;
}

const ATTEMPTS = 10;

/**
 * Read-modify-write of one item, safe when several writers overlap: every write carries a revision
 * `rev` and is conditional on the revision it read, so of two overlapping updates one wins and the
 * other decides again on what the winner wrote. `decide` must be pure; it may run several times.
 * Items updated this way must only be written through this function (or deleted).
 * @throws ChatopsError STORE from the table, or when other writers keep winning for every attempt.
 */
export async function updateItem<T>(
  table: Table,
  pk: string,
  sk: string,
  decide: (current: TableItem | undefined) => Decision<T>,
): Promise<T> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const current = await table.get(pk, sk);
    const { write, result } = decide(current);
    if (write === undefined) return result;
    const rev = typeof current?.rev === 'number' ? current.rev : 0;
    const condition: Condition = current === undefined ? { kind: 'absent' } : { kind: 'equals', attr: 'rev', value: rev };
    if (await table.put({ ...write, pk, sk, rev: rev + 1 }, { condition })) return result;
    await sleep(Math.random() * 5 * attempt);
  }
  throw new ChatopsError('STORE', `state item (${pk}, ${sk}) kept changing under ${ATTEMPTS} attempts to update it`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
