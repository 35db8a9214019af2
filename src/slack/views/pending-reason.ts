import { stateFamily } from '../../slurm/states';
import type { Job, SlurmNode } from '../../slurm/types';
import { inlineCode } from './escape';
import { formatWhen } from './format';

/** What a reason code means and what the user can do about it, in our own words. */
interface ReasonText {
  /** A few words for a list row. */
  readonly short: string;
  /** One or two sentences for the job card. */
  readonly long: string;
  /** Slurm will not start the job unless something changes (it will wait forever). */
  readonly stuck?: boolean;
}

const NODES_UNAVAILABLE: ReasonText = {
  short: 'required nodes unavailable',
  long: 'A node this job requires is unavailable (down, drained, reserved or busy). If it stays like this, ask an admin to check the nodes.',
};

const REASONS: Readonly<Record<string, ReasonText>> = {
  priority: {
    short: 'other jobs go first',
    long: 'Jobs with a higher priority are ahead of it in the queue. It starts when they have started and resources are free.',
  },
  resources: {
    short: 'waiting for free resources',
    long: 'It is waiting for enough free nodes, CPUs or memory. It starts as soon as running jobs release them.',
  },
  dependency: {
    short: 'waiting for another job',
    long: 'It waits for the job(s) it depends on to reach the required state.',
  },
  dependencyneversatisfied: {
    short: 'dependency can never be met',
    long: 'A job it depends on ended in a way that can never satisfy the dependency, so it will never start. Cancel it, or ask an admin to change its dependency.',
    stuck: true,
  },
  jobhelduser: {
    short: 'held by its owner',
    long: 'Its owner put it on hold. Press *Release* to let it start.',
    stuck: true,
  },
  jobheldadmin: {
    short: 'held by an admin',
    long: 'An administrator put it on hold. Only an admin can release it: ask them.',
    stuck: true,
  },
  begintime: {
    short: 'start time not reached',
    long: 'It was submitted with a start time (`--begin`) that is still in the future.',
  },
  reqnodenotavail: NODES_UNAVAILABLE,
  'nodes required for job are down': NODES_UNAVAILABLE,
  nodedown: {
    short: 'a required node is down',
    long: 'A node it needs is down. It will start when the node is back; ask an admin if that takes long.',
  },
  partitiontimelimit: {
    short: 'time limit too long for partition',
    long: 'Its time limit is longer than the partition allows, so it will never start. Cancel it and resubmit with a shorter `--time` or to another partition.',
    stuck: true,
  },
  partitionnodelimit: {
    short: 'node count outside partition limits',
    long: 'It asks for more (or fewer) nodes than the partition currently allows, or the nodes it needs are down or drained. Resubmit with a node count the partition accepts.',
    stuck: true,
  },
  partitiondown: {
    short: 'partition is down',
    long: 'Its partition is DOWN. It will start when an admin brings the partition up.',
  },
  partitioninactive: {
    short: 'partition is inactive',
    long: 'Its partition is INACTIVE and cannot start jobs. Ask an admin, or resubmit to another partition.',
    stuck: true,
  },
  reservation: {
    short: 'waiting for its reservation',
    long: 'It waits for its advanced reservation to start or become usable.',
  },
  licenses: {
    short: 'waiting for a license',
    long: 'It waits for a software license to become free.',
  },
  badconstraints: {
    short: 'constraints cannot be met',
    long: 'No node matches its constraints (`--constraint`, features, memory or GPUs), so it will never start. Cancel it and resubmit with constraints the cluster can meet.',
    stuck: true,
  },
  'launch failed requeued held': {
    short: 'launch failed, requeued and held',
    long: 'Slurm could not launch it, so it was requeued and held. Ask an admin to check the nodes, then release it.',
    stuck: true,
  },
  joblaunchfailure: {
    short: 'launch failed',
    long: 'Slurm could not launch it (a file system problem or a missing program, for instance). Check the script and its paths.',
  },
  cleaning: {
    short: 'cleaning up before requeue',
    long: 'It is being requeued and its previous run is still cleaning up. This usually takes seconds.',
  },
  prolog: {
    short: 'prolog running',
    long: 'The cluster prolog is still running for it. This usually takes seconds.',
  },
  beginning: {
    short: 'being scheduled',
    long: 'Slurm is about to start it.',
  },
  waitingforscheduling: {
    short: 'not scheduled yet',
    long: 'The scheduler has not looked at it yet. This usually takes seconds to a minute.',
  },
  none: {
    short: 'not scheduled yet',
    long: 'The scheduler has not given a reason yet. This usually takes seconds to a minute.',
  },
  invalidaccount: {
    short: 'invalid account',
    long: 'Its account is invalid, so it will never start. Resubmit with a valid `--account` or ask an admin.',
    stuck: true,
  },
  invalidqos: {
    short: 'invalid QOS',
    long: 'Its QOS is invalid, so it will never start. Resubmit with a valid `--qos` or ask an admin.',
    stuck: true,
  },
  frontenddown: {
    short: 'no front end node',
    long: 'No front end node is available to run it. Ask an admin.',
  },
  systemfailure: {
    short: 'system failure',
    long: 'Slurm reports a system failure (Slurm, a file system or the network). Ask an admin.',
  },
  associationjoblimit: {
    short: 'account job limit reached',
    long: 'Your account has reached its maximum number of jobs. It starts when some of them end.',
  },
  associationresourcelimit: {
    short: 'account resource limit reached',
    long: 'Your account has reached one of its resource limits. It starts when running jobs free capacity.',
  },
  associationtimelimit: {
    short: 'account time limit reached',
    long: 'Your account has reached its time limit. Ask an admin.',
  },
  qosjoblimit: {
    short: 'QOS job limit reached',
    long: 'Its QOS has reached its maximum number of jobs. It starts when some of them end.',
  },
  qosresourcelimit: {
    short: 'QOS resource limit reached',
    long: 'Its QOS has reached one of its resource limits. It starts when running jobs free capacity.',
  },
  qostimelimit: {
    short: 'QOS time limit reached',
    long: 'Its QOS has reached its time limit. Ask an admin.',
  },
};

const LIMIT_RESOURCES: Readonly<Record<string, string>> = {
  cpu: 'CPUs', cpus: 'CPUs', mem: 'memory', memory: 'memory', node: 'nodes', nodes: 'nodes',
  jobs: 'running jobs', job: 'running jobs', submitjobs: 'submitted jobs', submit: 'submitted jobs',
  wall: 'wall time', wallduration: 'wall time', gres: 'GPUs or other generic resources',
  billing: 'billing units', energy: 'energy', license: 'licenses',
  cpurunminutes: 'CPU minutes of running jobs', cpumins: 'CPU minutes', cpuminutes: 'CPU minutes',
  gresrunminutes: 'GPU minutes of running jobs', gresminutes: 'GPU minutes',
  memrunminutes: 'memory minutes of running jobs', billingminutes: 'billing minutes',
};

/**
 * `QOSMaxJobsPerUserLimit`, `AssocGrpCpuLimit`, `QOSMaxWallDurationPerJobLimit`...: Slurm's
 * limit codes follow one pattern (scope, total or per-entity, resource, limit).
 */
function limitReason(code: string): ReasonText | undefined {
  const match = /^(Assoc|QOS)(Grp|Max)([A-Za-z]*?)(PerUser|PerAccount|PerJob|PerNode)?(Limit)?$/i.exec(code);
  if (!match) return undefined;
  const [, scope = '', kind = '', resourceRaw = '', per = ''] = match;
  const isQos = scope.toLowerCase() === 'qos';
  const owner = isQos ? 'Its QOS' : 'Your account';
  const ownerInline = isQos ? 'its QOS' : 'your account';
  const resource = LIMIT_RESOURCES[resourceRaw.toLowerCase()] ?? 'resources';
  const short = `${isQos ? 'QOS' : 'account'} limit on ${resource}`;
  if (per.toLowerCase() === 'perjob' || per.toLowerCase() === 'pernode') {
    return {
      short,
      long: `It asks for more ${resource} than ${ownerInline} allows ${per.toLowerCase() === 'perjob' ? 'per job' : 'per node'}, so it will never start. Cancel it and resubmit asking for less.`,
      stuck: true,
    };
  }
  if (kind.toLowerCase() === 'grp') {
    return { short, long: `${owner} has reached its total limit on ${resource}. It starts when running jobs in that group free capacity.` };
  }
  const who = per.toLowerCase() === 'peraccount' ? ' per account' : per.toLowerCase() === 'peruser' ? ' per user' : '';
  return { short, long: `${owner} caps ${resource}${who}, and that cap is reached. It starts when one of those jobs ends.` };
}

/** Splits `ReqNodeNotAvail, UnavailableNodes:node[1-2]` into the code and what follows it. */
function splitReason(reason: string): { code: string; detail: string } {
  const trimmed = reason.trim().replace(/^\((.*)\)$/s, '$1').trim();
  const match = /^([A-Za-z_]+)[,:\s]*(.*)$/s.exec(trimmed);
  return match ? { code: match[1] ?? trimmed, detail: (match[2] ?? '').trim() } : { code: trimmed, detail: '' };
}

function lookup(reason: string): { text?: ReasonText; code: string; detail: string } {
  const phrase = reason.trim().replace(/^\((.*)\)$/s, '$1').toLowerCase().replace(/[_,]+/g, ' ').replace(/\s+/g, ' ').trim();
  for (const key of ['launch failed requeued held', 'nodes required for job are down']) {
    if (phrase.startsWith(key)) return { text: REASONS[key], code: reason.trim(), detail: '' };
  }
  const { code, detail } = splitReason(reason);
  return { text: REASONS[code.toLowerCase()] ?? limitReason(code), code, detail };
}

/** A few words for a pending job's reason in a list row; unknown codes are quoted as inline code. */
export function reasonSummary(reason: string | undefined): string {
  if (reason === undefined || reason.trim() === '') return 'not scheduled yet';
  const { text } = lookup(reason);
  return text ? text.short : inlineCode(reason, 80);
}

export interface PendingExplanation {
  /** mrkdwn, one fact per line, ready for a section. */
  readonly text: string;
  /** Slurm will not start it without someone acting (held, impossible request). */
  readonly stuck: boolean;
  /** Cloud nodes are being started (or must be) for this job. */
  readonly cloudStarting: boolean;
}

const CLOUD_NOTE = 'Cloud nodes are starting; this usually takes 2–5 minutes.';

function relevantNodes(job: Job, nodes: readonly SlurmNode[]): readonly SlurmNode[] {
  const partitions = new Set(job.partition.split(',').map((p) => p.trim()).filter((p) => p !== ''));
  if (partitions.size === 0) return nodes;
  return nodes.filter((n) => n.partitions.some((p) => partitions.has(p)));
}

function isPoweringDown(node: SlurmNode): boolean {
  return /%$|POWERING_DOWN/i.test(node.stateText);
}

function cloudNotes(job: Job, nodes: readonly SlurmNode[], code: string): { lines: string[]; starting: boolean } {
  const relevant = relevantNodes(job, nodes);
  const booting = job.state === 'CONFIGURING' || job.state === 'POWER_UP_NODE'
    || relevant.some((n) => n.state === 'powering_up');
  if (booting) return { lines: [`:cloud: ${CLOUD_NOTE}`], starting: true };
  const waitsForNodes = ['resources', 'priority', 'none', 'reqnodenotavail', 'nodedown', ''].includes(code.toLowerCase());
  if (!waitsForNodes) return { lines: [], starting: false };
  const lines: string[] = [];
  // The parser files powering-down nodes (`%`) under powered_down too; they get their own note.
  const poweredDown = relevant.filter((n) => n.state === 'powered_down' && !isPoweringDown(n)).length;
  if (poweredDown > 0) {
    lines.push(`:cloud: ${poweredDown === 1 ? '1 cloud node is' : `${poweredDown} cloud nodes are`} powered down; Slurm starts them when a job needs them, which usually takes 2–5 minutes.`);
  }
  if (relevant.some(isPoweringDown)) {
    lines.push(':cloud: Some cloud nodes are powering down; Slurm can start them again once that finishes (a few minutes).');
  }
  return { lines, starting: false };
}

const HELD_STATES: Readonly<Partial<Record<Job['state'], string>>> = {
  SUSPENDED: 'It is suspended: its processes are paused (by an admin or by preemption) until it is resumed.',
  STOPPED: 'It is stopped: its processes are paused with SIGSTOP until they are continued.',
  REQUEUE_HOLD: 'It was requeued and held. Press *Release* to let it start again.',
  RESV_DEL_HOLD: 'Its reservation was deleted, so Slurm held it. Press *Release* to let it start without the reservation.',
};

/**
 * Why a job waits, in plain words, with what to do, Slurm's expected start time when it has
 * one, and a note when cloud nodes (ParallelCluster `idle~`, `#`, `%`) must start first.
 * `nodes` are optional: pass the cluster's nodes (or the job's partition's) to get the cloud note.
 * Returns undefined for a job that is not waiting (running or ended).
 */
export function explainPending(input: { job: Job; nodes?: readonly SlurmNode[]; now?: Date }): PendingExplanation | undefined {
  const { job } = input;
  const family = stateFamily(job.state);
  if (family !== 'pending' && family !== 'held') return undefined;
  const now = input.now ?? new Date();
  const lines: string[] = [];
  let stuck = false;

  const heldText = HELD_STATES[job.state];
  if (heldText) {
    lines.push(heldText);
    stuck = true;
  }
  const reason = job.reason?.trim() ?? '';
  const { text, code, detail } = lookup(reason);
  if (reason !== '' && !(heldText && code.toLowerCase() === 'none')) {
    if (text) {
      lines.push(`${text.long} _(Slurm: ${inlineCode(code, 80)})_`);
      stuck ||= text.stuck === true;
    } else {
      lines.push(`Slurm gives the reason ${inlineCode(reason, 200)}. See \`man squeue\`, section JOB REASON CODES.`);
    }
    if (detail !== '') lines.push(`Details: ${inlineCode(detail, 300)}`);
  } else if (!heldText) {
    lines.push(REASONS['none']?.long ?? '');
  }
  if (code.toLowerCase() === 'dependency' && job.dependency) {
    lines.push(`Depends on: ${inlineCode(job.dependency, 300)}`);
  }
  const cloud = cloudNotes(job, input.nodes ?? [], heldText ? 'held' : code);
  lines.push(...cloud.lines);
  const expected = job.expectedStart;
  if (!stuck && expected && Number.isFinite(expected.getTime()) && expected.getTime() > now.getTime()) {
    lines.push(`:calendar: Slurm expects it to start ${formatWhen(expected, now)}.`);
  }
  return { text: lines.join('\n'), stuck, cloudStarting: cloud.starting };
}
