import { matchesEquals, toStoredItem, type DeleteOptions, type PutOptions, type QueryOptions, type Table, type TableItem } from '../src/store/table';

/**
 * A Table in memory, for filling a store with thousands of watches in a blink (through WatchStore
 * itself, so the items have exactly its format) before they are copied to the store under test.
 * No expiry: nothing filled here lives long enough to expire.
 */
export class MemoryTable implements Table {
  private readonly partitions = new Map<string, Map<string, TableItem>>();

  async get(pk: string, sk: string): Promise<TableItem | undefined> {
    return this.partitions.get(pk)?.get(sk);
  }

  async put(item: TableItem, options: PutOptions = {}): Promise<boolean> {
    const stored = toStoredItem(item);
    const current = await this.get(stored.pk, stored.sk);
    const condition = options.condition;
    if (condition?.kind === 'absent' && current !== undefined) return false;
    if (condition?.kind === 'equals' && !matchesEquals(current, condition)) return false;
    let partition = this.partitions.get(stored.pk);
    if (!partition) {
      partition = new Map();
      this.partitions.set(stored.pk, partition);
    }
    partition.set(stored.sk, stored);
    return true;
  }

  async delete(pk: string, sk: string, options: DeleteOptions = {}): Promise<boolean> {
    const current = await this.get(pk, sk);
    if (current === undefined || (options.condition && !matchesEquals(current, options.condition))) return false;
    return this.partitions.get(pk)!.delete(sk);
  }

  async query(pk: string, options: QueryOptions = {}): Promise<TableItem[]> {
    const items = [...(this.partitions.get(pk)?.values() ?? [])].filter((item) => item.sk.startsWith(options.skPrefix ?? ''));
    return items.sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
  }

  /** Every item, for copying elsewhere. */
  items(): TableItem[] {
    return [...this.partitions.values()].flatMap((partition) => [...partition.values()]);
  }
}
