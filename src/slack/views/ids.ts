import { ValidationError } from '../../errors';
import { JOB_STATES, type JobState } from '../../slurm/states';
import type { JobFilter } from '../../slurm/types';
import { SLACK_LIMITS } from './limits';

/**
 * Every action_id, block_id and callback_id the bot sends, defined once: the view that
 * builds a button and the listener that handles it import the same constant.
 */
export const ACTION_IDS = {
  jobsPageNext: 'jobs_page_next',
  jobsPagePrev: 'jobs_page_prev',
  jobDetails: 'job_details',
  jobOutput: 'job_output',
  jobCancel: 'job_cancel',
  jobHold: 'job_hold',
  jobRelease: 'job_release',
  jobRequeue: 'job_requeue',
  jobWatch: 'job_watch',
  jobUnwatch: 'job_unwatch',
  jobRefresh: 'job_refresh',
  nodesPageNext: 'nodes_page_next',
  nodesPagePrev: 'nodes_page_prev',
  submitOpen: 'submit_open',
  linkVerify: 'link_verify',
} as const;

export const BLOCK_IDS = {
  jobsPager: 'jobs_pager',
  jobActions: 'job_actions',
  nodesPager: 'nodes_pager',
  helpActions: 'help_actions',
  jobCardActions: 'job_card_actions',
} as const;

export const CALLBACK_IDS = {
  submitModal: 'submit_job_modal',
} as const;

/** The submit modal's inputs: each a block_id (where Slack reports errors) and an action_id (the value). */
export const SUBMIT_FIELDS = {
  cluster: { blockId: 'submit_cluster', actionId: 'submit_cluster_select' },
  script: { blockId: 'submit_script', actionId: 'submit_script_file' },
  scriptText: { blockId: 'submit_script_text', actionId: 'submit_script_text_input' },
  jobName: { blockId: 'submit_job_name', actionId: 'submit_job_name_input' },
  partition: { blockId: 'submit_partition', actionId: 'submit_partition_select' },
  timeLimit: { blockId: 'submit_time_limit', actionId: 'submit_time_limit_input' },
  nodes: { blockId: 'submit_nodes', actionId: 'submit_nodes_input' },
  ntasks: { blockId: 'submit_ntasks', actionId: 'submit_ntasks_input' },
  cpusPerTask: { blockId: 'submit_cpus_per_task', actionId: 'submit_cpus_per_task_input' },
  memory: { blockId: 'submit_memory', actionId: 'submit_memory_input' },
  options: { blockId: 'submit_options', actionId: 'submit_options_input' },
  workDir: { blockId: 'submit_work_dir', actionId: 'submit_work_dir_input' },
  watch: { blockId: 'submit_watch', actionId: 'submit_watch_checkbox' },
  alertChannel: { blockId: 'submit_alert_channel', actionId: 'submit_alert_channel_select' },
} as const;

/** A button that acts on one job. */
export interface JobRef {
  readonly cluster: string;
  readonly jobId: string;
}

/** A button that re-runs `/slurm jobs` at another page. */
export interface JobsPageRef {
  readonly cluster: string;
  readonly filter: JobFilter;
  readonly page: number;
}

/** A button that shows another page of nodes, optionally of one partition. */
export interface NodesPageRef {
  readonly cluster: string;
  readonly page: number;
  readonly partition?: string;
}

/** A button that only needs to know the cluster (e.g. "Submit a job"). */
export interface ClusterRef {
  readonly cluster: string;
}

const VERSION = 1;
const MAX_PAGE = 100_000;
const MAX_LIST = 100;
// Loose shape checks: the router re-validates with the domain validators before any command.
const CLUSTER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const JOB_ID = /^[0-9]{1,20}(?:_(?:[0-9]{1,10}|\[[0-9,%-]{1,200}\]))?(?:\+[0-9]{1,10})?$/;
const WORD = /^[A-Za-z0-9_.@+-]{1,64}$/;
const STATE_SET: ReadonlySet<string> = new Set(JOB_STATES);

function stale(detail: string): ValidationError {
  return new ValidationError(`This button is out of date or malformed (${detail}). Run the command again.`, 'value');
}

function tooLong(): ValidationError {
  return new ValidationError('This query is too long to page through. Narrow it (fewer users or job ids) and try again.', 'filter');
}

function checkedLength(value: string): string {
  if (value.length > SLACK_LIMITS.buttonValue) throw tooLong();
  return value;
}

function parseObject(value: string): Record<string, unknown> {
  if (value.length > SLACK_LIMITS.buttonValue) throw stale('too long');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (e) {
    throw new ValidationError('This button is out of date or malformed (not JSON). Run the command again.', 'value', { cause: e });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw stale('not an object');
  const record = parsed as Record<string, unknown>;
  if (record['v'] !== VERSION) throw stale('unknown version');
  return record;
}

function cluster(record: Record<string, unknown>): string {
  const c = record['c'];
  if (typeof c !== 'string' || !CLUSTER.test(c)) throw stale('cluster');
  return c;
}

function page(record: Record<string, unknown>): number {
  const p = record['p'];
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > MAX_PAGE) throw stale('page');
  return p;
}

function stringList(value: unknown, pattern: RegExp, what: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST) throw stale(what);
  return value.map((item) => {
    if (typeof item !== 'string' || !pattern.test(item)) throw stale(what);
    return item;
  });
}

function decodeFilter(value: unknown): JobFilter {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw stale('filter');
  const q = value as Record<string, unknown>;
  const known = new Set(['u', 's', 'p', 'j']);
  if (Object.keys(q).some((k) => !known.has(k))) throw stale('filter');
  const users = stringList(q['u'], WORD, 'users');
  const jobIds = stringList(q['j'], JOB_ID, 'job ids');
  const states = q['s'] === undefined ? undefined : stringList(q['s'], /^[A-Z_]{1,32}$/, 'states');
  if (states?.some((s) => !STATE_SET.has(s))) throw stale('states');
  const partition = q['p'];
  if (partition !== undefined && (typeof partition !== 'string' || !WORD.test(partition))) throw stale('partition');
  return {
    ...(users ? { users } : {}),
    ...(states ? { states: states as JobState[] } : {}),
    ...(partition !== undefined ? { partition } : {}),
    ...(jobIds ? { jobIds } : {}),
  };
}

function encodeFilter(filter: JobFilter): Record<string, unknown> | undefined {
  const q: Record<string, unknown> = {};
  if (filter.users?.length) q['u'] = filter.users;
  if (filter.states?.length) q['s'] = filter.states;
  if (filter.partition) q['p'] = filter.partition;
  if (filter.jobIds?.length) q['j'] = filter.jobIds;
  return Object.keys(q).length > 0 ? q : undefined;
}

/** `{"v":1,"c":"local","j":"1234"}`. */
export function encodeJobValue(ref: JobRef): string {
  return JSON.stringify({ v: VERSION, c: ref.cluster, j: ref.jobId });
}

/**
 * Reads a job button's value back.
 * @throws ValidationError when the value is not one this version wrote (stale or forged).
 */
export function decodeJobValue(value: string): JobRef {
  const record = parseObject(value);
  const j = record['j'];
  if (typeof j !== 'string' || !JOB_ID.test(j)) throw stale('job id');
  return { cluster: cluster(record), jobId: j };
}

/**
 * `{"v":1,"c":"local","q":{"u":["alice"]},"p":2}`, or undefined when the filter is too long
 * for a button value (2,000 characters).
 */
export function tryEncodeJobsPageValue(ref: JobsPageRef): string | undefined {
  const q = encodeFilter(ref.filter);
  const value = JSON.stringify({ v: VERSION, c: ref.cluster, ...(q ? { q } : {}), p: ref.page });
  return value.length <= SLACK_LIMITS.buttonValue ? value : undefined;
}

/**
 * `{"v":1,"c":"local","q":{"u":["alice"]},"p":2}`.
 * @throws ValidationError when the filter is too long for a button value (2,000 characters).
 */
export function encodeJobsPageValue(ref: JobsPageRef): string {
  const value = tryEncodeJobsPageValue(ref);
  if (value === undefined) throw tooLong();
  return value;
}

/**
 * Reads a jobs pager button's value back.
 * @throws ValidationError when the value is malformed, of another version, or holds an unknown state.
 */
export function decodeJobsPageValue(value: string): JobsPageRef {
  const record = parseObject(value);
  return { cluster: cluster(record), filter: decodeFilter(record['q']), page: page(record) };
}

/** `{"v":1,"c":"local","p":1,"r":"compute"}`. */
export function encodeNodesPageValue(ref: NodesPageRef): string {
  return checkedLength(
    JSON.stringify({ v: VERSION, c: ref.cluster, p: ref.page, ...(ref.partition ? { r: ref.partition } : {}) }),
  );
}

/**
 * Reads a nodes pager button's value back.
 * @throws ValidationError when the value is malformed or of another version.
 */
export function decodeNodesPageValue(value: string): NodesPageRef {
  const record = parseObject(value);
  const r = record['r'];
  if (r !== undefined && (typeof r !== 'string' || !WORD.test(r))) throw stale('partition');
  return { cluster: cluster(record), page: page(record), ...(r !== undefined ? { partition: r } : {}) };
}

/** `{"v":1,"c":"local"}`. */
export function encodeClusterValue(ref: ClusterRef): string {
  return JSON.stringify({ v: VERSION, c: ref.cluster });
}

/**
 * Reads a cluster-only button's value back.
 * @throws ValidationError when the value is malformed or of another version.
 */
export function decodeClusterValue(value: string): ClusterRef {
  return { cluster: cluster(parseObject(value)) };
}

/** A "Verify" button under a link code: which code, on which cluster. */
export interface LinkRef {
  readonly cluster: string;
  readonly code: string;
}

const LINK_CODE = /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/;

/** `{"v":1,"c":"local","k":"K7QM-2XPD"}`. */
export function encodeLinkValue(ref: LinkRef): string {
  return JSON.stringify({ v: VERSION, c: ref.cluster, k: ref.code });
}

/**
 * Reads a Verify button's value back.
 * @throws ValidationError when the value is malformed, of another version, or holds no link code.
 */
export function decodeLinkValue(value: string): LinkRef {
  const record = parseObject(value);
  const k = record['k'];
  if (typeof k !== 'string' || !LINK_CODE.test(k)) throw stale('link code');
  return { cluster: cluster(record), code: k };
}
