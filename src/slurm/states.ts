/** Every job state Slurm reports (squeue/scontrol long names, sacct adds a few), plus UNKNOWN. */
export const JOB_STATES = [
  'PENDING', 'RUNNING', 'SUSPENDED', 'COMPLETING', 'COMPLETED', 'CANCELLED', 'FAILED', 'TIMEOUT',
  'NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE', 'OUT_OF_MEMORY', 'REQUEUED', 'REQUEUE_FED',
  'REQUEUE_HOLD', 'RESIZING', 'REVOKED', 'SPECIAL_EXIT', 'STOPPED', 'SIGNALING', 'STAGE_OUT',
  'CONFIGURING', 'RESV_DEL_HOLD', 'UPDATE_DB', 'POWER_UP_NODE', 'LAUNCH_FAILED', 'RECONFIG_FAIL',
  'UNKNOWN',
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** How a state reads at a glance: views pick a marker per family. */
export type StateFamily = 'pending' | 'running' | 'done' | 'failed' | 'cancelled' | 'held' | 'unknown';

const SHORT_CODES: Readonly<Record<string, JobState>> = {
  PD: 'PENDING', R: 'RUNNING', S: 'SUSPENDED', CG: 'COMPLETING', CD: 'COMPLETED', CA: 'CANCELLED',
  F: 'FAILED', TO: 'TIMEOUT', NF: 'NODE_FAIL', PR: 'PREEMPTED', BF: 'BOOT_FAIL', DL: 'DEADLINE',
  OOM: 'OUT_OF_MEMORY', RQ: 'REQUEUED', RF: 'REQUEUE_FED', RH: 'REQUEUE_HOLD', RS: 'RESIZING',
  RV: 'REVOKED', SE: 'SPECIAL_EXIT', ST: 'STOPPED', SI: 'SIGNALING', SO: 'STAGE_OUT', CF: 'CONFIGURING',
  RD: 'RESV_DEL_HOLD', UD: 'UPDATE_DB', PU: 'POWER_UP_NODE', LF: 'LAUNCH_FAILED', RC: 'RECONFIG_FAIL',
};

const LONG_NAMES: ReadonlySet<string> = new Set(JOB_STATES);

/**
 * Maps a state as any Slurm tool prints it (`R`, `RUNNING`, `CANCELLED by 1000`, `cancelled`)
 * to a JobState. Never throws: what Slurm may add in a later version becomes UNKNOWN.
 */
export function parseJobState(raw: string): JobState {
  const word = raw.trim().split(/\s+/)[0]?.toUpperCase().replace(/\+$/, '') ?? '';
  if (LONG_NAMES.has(word)) return word as JobState;
  return SHORT_CODES[word] ?? 'UNKNOWN';
}

/** States after which a job will not run again on its own (the watcher alerts on these). */
export const END_STATES: ReadonlySet<JobState> = new Set<JobState>([
  'COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'PREEMPTED',
  'BOOT_FAIL', 'DEADLINE', 'REVOKED', 'SPECIAL_EXIT', 'LAUNCH_FAILED', 'RECONFIG_FAIL',
]);

export function isEndState(state: JobState): boolean {
  return END_STATES.has(state);
}

export function stateFamily(state: JobState): StateFamily {
  switch (state) {
    case 'PENDING': case 'REQUEUED': case 'REQUEUE_FED': case 'CONFIGURING': case 'POWER_UP_NODE':
      return 'pending';
    case 'RUNNING': case 'COMPLETING': case 'RESIZING': case 'SIGNALING': case 'STAGE_OUT': case 'UPDATE_DB':
      return 'running';
    case 'COMPLETED':
      return 'done';
    case 'CANCELLED': case 'REVOKED': case 'PREEMPTED':
      return 'cancelled';
    case 'SUSPENDED': case 'STOPPED': case 'REQUEUE_HOLD': case 'RESV_DEL_HOLD':
      return 'held';
    case 'FAILED': case 'TIMEOUT': case 'NODE_FAIL': case 'BOOT_FAIL': case 'DEADLINE': case 'OUT_OF_MEMORY':
    case 'SPECIAL_EXIT': case 'LAUNCH_FAILED': case 'RECONFIG_FAIL':
      return 'failed';
    case 'UNKNOWN':
      return 'unknown';
  }
}
