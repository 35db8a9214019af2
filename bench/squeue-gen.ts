import { FIELD_SEP, RECORD_SEP, SQUEUE_FIELDS, type FieldKey } from '../src/slurm/fields';

type Key = FieldKey<typeof SQUEUE_FIELDS>;
type Record_ = Readonly<Record<Key, string>>;

/** Small deterministic PRNG (mulberry32), so every run parses the same text. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const USERS = Array.from({ length: 60 }, (_, i) => `user${String(i).padStart(2, '0')}`);
const PARTITIONS = [
  { name: 'compute', nodePrefix: 'compute-dy-c5xlarge', limit: '1-00:00:00' },
  { name: 'gpu', nodePrefix: 'gpu-st-p3-2xlarge', limit: '2-00:00:00' },
  { name: 'highmem', nodePrefix: 'highmem-dy-r5-4xlarge', limit: '12:00:00' },
  { name: 'debug', nodePrefix: 'debug-st-t3-medium', limit: '30:00' },
];
const NAMES = ['train-resnet', 'md-sim', 'postproc', 'align-reads', 'cfd mesh run', 'sweep', 'eval_ckpt', 'nightly-build', 'vasp-relax', 'wrf-forecast'];
const PENDING_REASONS = ['Priority', 'Resources', 'Dependency', 'JobHeldUser', 'QOSMaxJobsPerUserLimit', 'BeginTime', 'ReqNodeNotAvail,_UnavailableNodes:compute-dy-c5xlarge-3'];
const ENDED = [
  { state: 'COMPLETED', reason: 'None', exit: '0' },
  { state: 'FAILED', reason: 'NonZeroExitCode', exit: '256' },
  { state: 'CANCELLED', reason: 'None', exit: '15' },
  { state: 'TIMEOUT', reason: 'TimeLimit', exit: '0' },
  { state: 'OUT_OF_MEMORY', reason: 'OutOfMemory', exit: '0' },
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function iso(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 19);
}

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const hms = `${h > 0 || d > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 || d > 0 ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return d > 0 ? `${d}-${hms.padStart(8, '0')}` : hms;
}

function line(record: Record_): string {
  return SQUEUE_FIELDS.map(([key]) => record[key]).join(FIELD_SEP) + RECORD_SEP + '\n';
}

/**
 * `count` squeue records in exactly the layout buildSqueue asks Slurm for (SQUEUE_FIELDS, unit
 * and record separators), with a busy cluster's mix: running and pending jobs, array tasks and
 * pending array ranges, jobs that just ended with their exit codes, ParallelCluster node names,
 * %-patterns in output paths, names with spaces.
 */
export function generateSqueue(count: number, options: { readonly seed?: number; readonly users?: readonly string[] } = {}): string {
  const rand = prng(options.seed ?? 42);
  const users = options.users ?? USERS;
  const now = Date.UTC(2025, 0, 15, 12, 0, 0) / 1000;
  const out: string[] = [];
  let nextId = 1_000_000;
  while (out.length < count) {
    const jobId = nextId++;
    const user = pick(rand, users);
    const part = pick(rand, PARTITIONS);
    const name = `${pick(rand, NAMES)}-${Math.floor(rand() * 1000)}`;
    const submit = now - Math.floor(rand() * 3 * 86400);
    const roll = rand();
    const base = {
      jobId: String(jobId), displayId: String(jobId), arrayJobId: String(jobId), arrayTaskId: 'N/A', hetJobId: 'N/A', hetOffset: 'N/A',
      name, user, partition: part.name, nodeCount: '1', cpus: String(1 << Math.floor(rand() * 6)),
      submitTime: iso(submit), timeLimit: part.limit, exitCode: '0',
      stdout: `/home/${user}/logs/%x-%j.out`, stderr: `/home/${user}/logs/%x-%j.err`, workDir: `/home/${user}/work`,
      dependency: '(null)', minMemory: `${1 + Math.floor(rand() * 64)}G`,
    };
    if (roll < 0.35) {
      const start = submit + Math.floor(rand() * 3600);
      const nodes = 1 + Math.floor(rand() * 4);
      const first = 1 + Math.floor(rand() * 100);
      out.push(line({
        ...base, state: 'RUNNING', reason: 'None', nodeCount: String(nodes),
        nodes: nodes === 1 ? `${part.nodePrefix}-${first}` : `${part.nodePrefix}-[${first}-${first + nodes - 1}]`,
        startTime: iso(start), endTime: iso(start + 86400), timeUsed: duration(Math.max(0, now - start)),
      }));
    } else if (roll < 0.85) {
      const reason = pick(rand, PENDING_REASONS);
      out.push(line({
        ...base, state: 'PENDING', reason, nodes: '', startTime: 'N/A', endTime: 'N/A', timeUsed: '0:00',
        ...(reason === 'Dependency' && { dependency: `afterok:${jobId - 1}(unfulfilled)` }),
      }));
    } else if (roll < 0.93) {
      // An array: a few running tasks, each its own record, then the pending rest as one range.
      const tasks = 2 + Math.floor(rand() * 4);
      for (let t = 1; t <= tasks && out.length < count; t++) {
        const start = submit + 60 * t;
        out.push(line({
          ...base, jobId: String(nextId++), displayId: `${jobId}_${t}`, arrayTaskId: String(t),
          stdout: `/home/${user}/logs/sweep-%A_%a.out`, stderr: `/home/${user}/logs/sweep-%A_%a.out`,
          state: 'RUNNING', reason: 'None', nodes: `${part.nodePrefix}-${t}`, startTime: iso(start), endTime: iso(start + 3600), timeUsed: duration(now - start),
        }));
      }
      if (out.length < count) {
        out.push(line({
          ...base, displayId: `${jobId}_[${tasks + 1}-100%${tasks}]`, arrayTaskId: `${tasks + 1}-100%${tasks}`,
          stdout: `/home/${user}/logs/sweep-%A_%a.out`, stderr: `/home/${user}/logs/sweep-%A_%a.out`,
          state: 'PENDING', reason: 'JobArrayTaskLimit', nodes: '', startTime: 'N/A', endTime: 'N/A', timeUsed: '0:00',
        }));
      }
    } else {
      const end = pick(rand, ENDED);
      const start = submit + 30;
      out.push(line({
        ...base, state: end.state, reason: end.reason, exitCode: end.exit, nodes: `${part.nodePrefix}-7`,
        startTime: iso(start), endTime: iso(start + 900), timeUsed: duration(900),
      }));
    }
  }
  return out.join('');
}

/** squeue records for exactly these job ids, all running: a watcher's answer when no watched job has ended. */
export function runningRecords(jobIds: readonly string[], user = 'alice'): string {
  const start = Date.UTC(2025, 0, 15, 11, 0, 0) / 1000;
  return jobIds
    .map((jobId, i) => line({
      jobId, displayId: jobId, arrayJobId: jobId, arrayTaskId: 'N/A', hetJobId: 'N/A', hetOffset: 'N/A',
      name: `watched-${i}`, user, state: 'RUNNING', reason: 'None', partition: 'compute', nodes: `compute-dy-c5xlarge-${1 + (i % 100)}`,
      nodeCount: '1', cpus: '4', submitTime: iso(start - 60), startTime: iso(start), endTime: iso(start + 86400), timeUsed: duration(3600),
      timeLimit: '1-00:00:00', exitCode: '0', stdout: `/home/${user}/slurm-%j.out`, stderr: `/home/${user}/slurm-%j.out`, workDir: `/home/${user}`,
      dependency: '(null)', minMemory: '4G',
    }))
    .join('');
}
