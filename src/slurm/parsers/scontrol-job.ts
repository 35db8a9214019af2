import { isEndState, parseJobState } from '../states';
import { parseDuration, parseSlurmTime } from '../time';
import type { Job } from '../types';
import { optionalInt, optionalText, parseExitCode, stripNumericId } from '../values';
import { compact } from './compact';
import { jobTimes } from './job-times';
import { parseKeyValueRecords, type RecordSchema } from './key-value';
import { timeZoneOf, type ParseOptions } from './options';

/** A job as `scontrol show job` describes it: the common Job plus what only scontrol knows. */
export interface JobDetails extends Job {
  readonly command?: string;
  readonly comment?: string;
  readonly account?: string;
  readonly qos?: string;
  readonly batchHost?: string;
  readonly eligibleTime?: Date;
  readonly restarts?: number;
  readonly requeue?: boolean;
  /** Every pair as printed, for a "show everything" view (values untrusted). */
  readonly fields: Readonly<Record<string, string>>;
}

/** Keys of `scontrol show job` in 22.05 to 24.x. */
const JOB_KEYS = [
  'JobId', 'ArrayJobId', 'ArrayTaskId', 'ArrayTaskThrottle', 'HetJobId', 'HetJobOffset', 'HetJobIdSet',
  'JobName', 'UserId', 'GroupId', 'MCS_label', 'Priority', 'Nice', 'Account', 'QOS', 'WCKey', 'JobState',
  'Reason', 'Dependency', 'Requeue', 'Restarts', 'BatchFlag', 'Reboot', 'ExitCode', 'DerivedExitCode',
  'RunTime', 'TimeLimit', 'TimeMin', 'SubmitTime', 'EligibleTime', 'AccrueTime', 'StartTime', 'EndTime',
  'Deadline', 'PreemptEligibleTime', 'PreemptTime', 'SuspendTime', 'SecsPreSuspend', 'LastSchedEval',
  'Scheduler', 'Partition', 'AllocNode:Sid', 'ReqNodeList', 'ExcNodeList', 'NodeList', 'SchedNodeList',
  'BatchHost', 'NumNodes', 'NumCPUs', 'NumTasks', 'CPUs/Task', 'ReqB:S:C:T', 'TRES', 'ReqTRES',
  'AllocTRES', 'Socks/Node', 'NtasksPerN:B:S:C', 'CoreSpec', 'MinCPUsNode', 'MinMemoryNode',
  'MinMemoryCPU', 'MinTmpDiskNode', 'Features', 'Prefer', 'ClusterFeatures', 'DelayBoot', 'OverSubscribe',
  'Contiguous', 'Licenses', 'LicensesAlloc', 'Network', 'Command', 'WorkDir', 'AdminComment',
  'SystemComment', 'Comment', 'StdErr', 'StdIn', 'StdOut', 'Power', 'MailUser', 'MailType',
  'TresPerNode', 'TresPerTask', 'TresPerJob', 'TresPerSocket', 'TresBind', 'TresFreq', 'CpusPerTres',
  'MemPerTres', 'NtasksPerTRES', 'Reservation', 'BurstBuffer', 'BurstBufferState', 'CpuFreqMin',
  'CpuFreqMax', 'CpuFreqGov', 'Container', 'ContainerID', 'Extra', 'CronJob', 'CrontabSpec',
  'KillOInInvalidDependent', 'ResvPort', 'SiblingsActive', 'SiblingsViable', 'SpankEnv', 'Profile',
  'ResizeTime', 'StepMgrEnabled', 'SegmentSize', 'OOMKillStep', 'MCS', 'SelinuxContext', 'CPU_IDs', 'Mem',
  'Nodes', 'GRES', 'NtasksPerTres', 'ReqFeatures',
];

const JOB_SCHEMA: RecordSchema = {
  firstKey: 'JobId',
  freeText: new Set(['JobName', 'Reason', 'Command', 'WorkDir', 'StdErr', 'StdIn', 'StdOut', 'Comment', 'AdminComment', 'SystemComment', 'Extra']),
  known: new Set(JOB_KEYS),
};

/** `1`, and also `1-1` as scontrol prints a pending job's node range. */
function leadingInt(text: string | undefined): number | undefined {
  return optionalInt(/^\d+/.exec(text?.trim() ?? '')?.[0]);
}

function jobDetails(kv: ReadonlyMap<string, string>, timeZone: string): JobDetails | undefined {
  const jobId = optionalInt(kv.get('JobId'));
  if (jobId === undefined) return undefined;
  const get = (key: string): string | undefined => optionalText(kv.get(key));
  const arrayJobId = get('ArrayJobId');
  const arrayTaskId = get('ArrayTaskId');
  const inArray = arrayJobId !== undefined && arrayTaskId !== undefined;
  // A pending range has no single output file; scontrol prints its pattern with task 4294967294.
  const oneFile = !inArray || /^\d+$/.test(arrayTaskId!);
  const hetJobId = get('HetJobId');
  const hetOffset = get('HetJobOffset');
  const id = inArray
    ? `${arrayJobId}_${/^\d+$/.test(arrayTaskId!) ? arrayTaskId : `[${arrayTaskId}]`}`
    : hetJobId !== undefined && hetOffset !== undefined ? `${hetJobId}+${hetOffset}` : String(jobId);
  const stateText = kv.get('JobState') ?? '';
  const state = parseJobState(stateText);
  const minMemory = [get('MinMemoryNode'), get('MinMemoryCPU')].find((m) => m !== undefined && m !== '0');
  const requeue = get('Requeue');
  return compact<JobDetails>({
    id,
    baseId: inArray ? arrayJobId! : (hetJobId ?? String(jobId)),
    arrayJobId: inArray ? arrayJobId : undefined,
    arrayTaskId: inArray ? arrayTaskId : undefined,
    name: kv.get('JobName') ?? '',
    user: stripNumericId(kv.get('UserId') ?? ''),
    state,
    stateText,
    reason: get('Reason'),
    partition: kv.get('Partition') ?? '',
    nodes: get('NodeList'),
    nodeCount: leadingInt(kv.get('NumNodes')),
    cpus: leadingInt(kv.get('NumCPUs')),
    submitTime: parseSlurmTime(kv.get('SubmitTime'), timeZone),
    ...jobTimes(state, parseSlurmTime(kv.get('StartTime'), timeZone), parseSlurmTime(kv.get('EndTime'), timeZone)),
    elapsedSeconds: parseDuration(kv.get('RunTime')),
    timeLimitSeconds: parseDuration(kv.get('TimeLimit')),
    exitCode: isEndState(state) ? parseExitCode(kv.get('ExitCode')) : undefined,
    stdout: oneFile ? get('StdOut') : undefined,
    stderr: oneFile ? get('StdErr') : undefined,
    workDir: get('WorkDir'),
    dependency: get('Dependency'),
    minMemory,
    command: get('Command'),
    comment: get('Comment'),
    account: get('Account'),
    qos: get('QOS'),
    batchHost: get('BatchHost'),
    eligibleTime: parseSlurmTime(kv.get('EligibleTime'), timeZone),
    restarts: optionalInt(kv.get('Restarts')),
    requeue: requeue === undefined ? undefined : requeue === '1',
    fields: Object.fromEntries(kv),
  });
}

/**
 * Jobs from `scontrol --oneliner show job` (buildShowJob): one for a plain job, one per task for
 * an array, one per component for a het job. Empty when the output holds no job. Never throws.
 */
export function parseScontrolJobs(stdout: string, options?: ParseOptions): JobDetails[] {
  const timeZone = timeZoneOf(options);
  return parseKeyValueRecords(stdout, JOB_SCHEMA)
    .map((kv) => jobDetails(kv, timeZone))
    .filter((job): job is JobDetails => job !== undefined);
}
