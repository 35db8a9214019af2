import { SINFO_PARTITION_FIELDS, splitRecords } from '../fields';
import { parseNodeState } from '../node-state';
import { parseDuration } from '../time';
import type { NodeStateFamily, Partition } from '../types';
import { optionalInt, optionalText } from '../values';
import { compact } from './compact';

interface Totals {
  name: string;
  isDefault: boolean;
  availability: string;
  timeLimitSeconds: number | null;
  defaultTimeSeconds?: number | null;
  totalNodes: number;
  nodeStates: Partial<Record<NodeStateFamily, number>>;
  totalCpus?: number;
  nodeLists: string[];
}

/** sinfo's `up`/`down`/`drain`/`inact` as scontrol spells them. */
function availability(text: string): string {
  const upper = text.trim().toUpperCase();
  return upper === 'INACT' ? 'INACTIVE' : upper;
}

/** `allocated/idle/other/total` → total. */
function totalCpus(text: string): number | undefined {
  const m = /^\d+\/\d+\/\d+\/(\d+)$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * Partitions from the output of buildSinfoPartitions: sinfo prints one line per partition and
 * node state; node counts per state family and CPUs are summed. A time limit of `infinite` is
 * null; an unreadable one is null as well (shown as no limit rather than dropped). Never throws.
 */
export function parseSinfoPartitions(stdout: string): Partition[] {
  const byName = new Map<string, Totals>();
  for (const row of splitRecords(stdout, SINFO_PARTITION_FIELDS, 'nodes')) {
    const name = row.name.trim();
    if (name === '') continue;
    let p = byName.get(name);
    if (!p) {
      const defaultTime = parseDuration(row.defaultTime);
      p = {
        name,
        isDefault: row.flaggedName.trim().endsWith('*'),
        availability: availability(row.availability),
        timeLimitSeconds: parseDuration(row.timeLimit) ?? null,
        ...(defaultTime !== undefined ? { defaultTimeSeconds: defaultTime } : {}),
        totalNodes: 0,
        nodeStates: {},
        nodeLists: [],
      };
      byName.set(name, p);
    }
    const count = optionalInt(row.nodeCount) ?? 0;
    const family = parseNodeState(row.state);
    p.totalNodes += count;
    if (count > 0) p.nodeStates[family] = (p.nodeStates[family] ?? 0) + count;
    const cpus = totalCpus(row.cpus);
    if (cpus !== undefined) p.totalCpus = (p.totalCpus ?? 0) + cpus;
    const nodes = optionalText(row.nodes);
    if (nodes !== undefined) p.nodeLists.push(nodes);
  }
  return [...byName.values()].map(({ nodeLists, ...p }) =>
    compact<Partition>({ ...p, nodes: nodeLists.length ? nodeLists.join(',') : undefined }),
  );
}
