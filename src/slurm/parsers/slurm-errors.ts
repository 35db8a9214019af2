/*
 * Slurm's refusals as text. Slurm tools exit 0 on some failures (scancel --verbose of a finished
 * job), and scancel without --verbose says nothing at all about an unknown or finished job, so
 * callers read stderr through this classifier, whatever the exit code.
 */

export type SlurmErrorKind =
  | 'invalid_job_id'
  | 'already_done'
  | 'het_component'
  | 'permission_denied'
  | 'job_pending'
  | 'not_pending'
  | 'invalid_partition'
  | 'invalid_account'
  | 'invalid_qos'
  | 'invalid_time_limit'
  | 'node_config_unavailable'
  | 'memory_unavailable'
  | 'invalid_gres'
  | 'invalid_feature'
  | 'invalid_node_name'
  | 'not_batch_script'
  | 'empty_script'
  | 'dependency'
  | 'policy_limit'
  | 'invalid_user'
  | 'invalid_state'
  | 'controller_unreachable'
  | 'accounting_disabled'
  | 'unknown';

export interface SlurmErrorInfo {
  readonly kind: SlurmErrorKind;
  /** Slurm's error lines without the `sbatch: error:` prefixes (untrusted text: escape it). */
  readonly message: string;
  /** What happened and what to do, in plain words for a Slack user. */
  readonly summary: string;
}

interface Rule {
  readonly kind: SlurmErrorKind;
  readonly pattern: RegExp;
  readonly summary: string;
}

/** First match wins, so specific texts come before general ones. */
const RULES: readonly Rule[] = [
  { kind: 'accounting_disabled', pattern: /accounting storage is disabled|Problem talking to the database|slurmdbd: .*(refused|unreachable)/i, summary: 'This cluster keeps no job accounting, so finished jobs cannot be looked up in detail.' },
  { kind: 'controller_unreachable', pattern: /Unable to contact slurm controller|Socket timed out on send\/recv|Zero Bytes were transmitted or received|Could not establish a configuration source|Connection refused|Communication connection failure/i, summary: 'The Slurm controller did not answer. Try again in a minute; if it persists, tell the cluster admins.' },
  { kind: 'invalid_job_id', pattern: /Invalid job id specified|Invalid job id|Unknown job id/i, summary: 'Slurm does not know this job: the id is wrong, or the job ended a while ago and was purged.' },
  { kind: 'already_done', pattern: /already completing or completed|Job has already finished|already (completed|finished)/i, summary: 'The job has already finished, so there is nothing to change.' },
  { kind: 'het_component', pattern: /individual component of heterogeneous job/i, summary: 'Slurm acts on a heterogeneous job as a whole: use its leader id (the number before "+").' },
  { kind: 'permission_denied', pattern: /Access\/permission denied|Invalid user id|Permission denied|not authorized|User .* not authorized|Operation not permitted/i, summary: 'Your Unix user may not do this to this job (it belongs to someone else).' },
  { kind: 'job_pending', pattern: /Job is pending execution|pending job cannot be requeued/i, summary: 'The job has not started yet, so it cannot be requeued; cancel or hold it instead.' },
  { kind: 'not_pending', pattern: /Job is no longer pending execution|Only pending jobs/i, summary: 'The job has already started, so this can no longer be changed.' },
  { kind: 'invalid_partition', pattern: /invalid partition (name )?specified|Invalid partition name/i, summary: 'That partition does not exist or you may not use it. See /slurm partitions.' },
  { kind: 'invalid_account', pattern: /Invalid account|account\/partition combination/i, summary: 'That account does not exist or you may not use it with this partition.' },
  { kind: 'invalid_qos', pattern: /Invalid qos/i, summary: 'That QOS does not exist or you may not use it.' },
  { kind: 'invalid_time_limit', pattern: /Requested time limit is invalid|time limit exceeds|Invalid time limit/i, summary: "The time limit is over the partition's maximum. Ask for less time or pick another partition." },
  { kind: 'memory_unavailable', pattern: /Memory specification can not be satisfied|Memory required by task is not available/i, summary: 'No node has that much memory. Ask for less memory.' },
  { kind: 'invalid_gres', pattern: /Invalid generic resource|Invalid GRES/i, summary: 'The cluster has no such generic resource: check the --gres or --gpus value.' },
  { kind: 'invalid_feature', pattern: /Invalid feature specification/i, summary: 'No node has the features asked for with --constraint.' },
  { kind: 'invalid_node_name', pattern: /Invalid node name specified/i, summary: 'A node named in --nodelist or --exclude does not exist.' },
  { kind: 'node_config_unavailable', pattern: /Requested node configuration is not available|Node count specification invalid|More processors requested than permitted|CPU count per node can not be satisfied/i, summary: 'No node in that partition has what the job asks for (nodes, CPUs, GPUs or features). Ask for less.' },
  { kind: 'not_batch_script', pattern: /does not look like a batch script|first line must start with #!/i, summary: 'The script must start with a line like #!/bin/bash.' },
  { kind: 'empty_script', pattern: /Batch script is empty|script is empty/i, summary: 'The uploaded script is empty.' },
  { kind: 'dependency', pattern: /Job dependency problem|Invalid dependency/i, summary: 'The dependency is invalid: check the job ids after afterok:/afterany:.' },
  { kind: 'policy_limit', pattern: /MaxSubmitJob|Job violates accounting\/QOS policy|QOSMax|AssocMax|job limit|Too many jobs/i, summary: 'A site limit refused the job (too many jobs or too many resources for your account).' },
  { kind: 'invalid_user', pattern: /Invalid user/i, summary: 'Slurm does not know that Unix user.' },
  { kind: 'invalid_state', pattern: /Invalid job state specified/i, summary: 'Slurm does not know that job state.' },
];

/** Lines Slurm prints that are errors even without the word "error". */
const ERROR_LINE = /\berror\b|Invalid |already finished|already completing|pending execution|Only pending jobs|accounting storage is disabled|Unable to contact|permission denied|not authorized/i;

/** The text of a line without the tool's prefixes (`sbatch: error:`, `slurm_load_jobs error:`). */
function stripPrefix(line: string): string {
  return line.replace(/^[a-z_]+: (error|fatal): /i, '').replace(/^[a-z_]+ error: /i, '').trim();
}

/**
 * The error Slurm reported on stderr, classified; undefined when stderr holds no error (only
 * verbose chatter such as `scancel: Terminating job 45`, or warnings). Never throws.
 */
export function findSlurmError(stderr: string): SlurmErrorInfo | undefined {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && ERROR_LINE.test(l));
  if (lines.length === 0) return undefined;
  return classifySlurmError(lines.join('\n'));
}

/**
 * Classifies an error text from any Slurm tool (use when the exit code already says it failed).
 * Never throws: unrecognised text is `unknown`, with Slurm's own words in `message`.
 */
export function classifySlurmError(text: string): SlurmErrorInfo {
  const message = [...new Set(text.split('\n').map(stripPrefix).filter(Boolean))].join(' ');
  const rule = RULES.find((r) => r.pattern.test(text));
  return {
    kind: rule?.kind ?? 'unknown',
    message,
    summary: rule?.summary ?? 'Slurm refused the request; its message is below.',
  };
}
