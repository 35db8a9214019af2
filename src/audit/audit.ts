import { Logger } from '@aws-lambda-powertools/logger';

/** The actions that change something: on the cluster (jobs) or in who the bot thinks you are (links). */
export type AuditAction = 'submit' | 'cancel' | 'hold' | 'release' | 'requeue' | 'watch' | 'unwatch' | 'link' | 'unlink';

/**
 * - `success`: done (for a cancel of a job that had already ended, too: say so in `detail`).
 * - `duplicate`: a retry or double click of work already done; nothing ran again.
 * - `denied`: the bot's access control refused; nothing ran.
 * - `refused`: the cluster (Slurm, the proof check) refused.
 * - `error`: it could not be done or its outcome is unknown (head node unreachable, timeout).
 */
export type AuditResult = 'success' | 'duplicate' | 'denied' | 'refused' | 'error';

/** One mutating action, who asked for it, where, as whom, and how it went. Ids only: never tokens or secrets. */
export interface AuditRecord {
  readonly action: AuditAction;
  readonly result: AuditResult;
  readonly requestId: string;
  readonly teamId: string;
  /** Slack user id of who asked. */
  readonly userId: string;
  readonly channelId: string;
  readonly cluster: string;
  /** The Unix user the action ran as (or was asked for), when known. */
  readonly unixUser?: string;
  readonly jobId?: string;
  /** A short reason or outcome in words (Slurm's classified message, the error code). */
  readonly detail?: string;
  /** Default: now. */
  readonly time?: Date;
}

/** The line as written: `audit` nests the record, so `filter audit.action = "cancel"` finds them in CloudWatch Logs Insights. */
export interface AuditLine {
  readonly time: string;
  readonly action: AuditAction;
  readonly result: AuditResult;
  readonly requestId: string;
  readonly team: string;
  readonly user: string;
  readonly channel: string;
  readonly cluster: string;
  readonly unixUser?: string;
  readonly jobId?: string;
  readonly detail?: string;
}

/** Where records go besides the log (the audit channel); must not throw. */
export type AuditSink = (line: AuditLine) => Promise<void>;

/** The structured logger records are written with: Powertools' `info(message, extra)`. */
export interface AuditWriter {
  info(message: string, extra: { audit: AuditLine }): void;
}

const MAX_DETAIL = 300;

/** The record as one flat, bounded JSON object. Never throws. */
export function toAuditLine(record: AuditRecord): AuditLine {
  const detail = record.detail?.replace(/\s+/g, ' ').trim().slice(0, MAX_DETAIL);
  return {
    time: (record.time ?? new Date()).toISOString(),
    action: record.action,
    result: record.result,
    requestId: record.requestId,
    team: record.teamId,
    user: record.userId,
    channel: record.channelId,
    cluster: record.cluster,
    ...(record.unixUser !== undefined && { unixUser: record.unixUser }),
    ...(record.jobId !== undefined && { jobId: record.jobId }),
    ...(detail && { detail }),
  };
}

export interface Auditor {
  /** Writes the record; resolves once the audit channel (if any) has it too. Never rejects. */
  audit(record: AuditRecord): Promise<void>;
  /** Also post every record through this sink (the audit channel); undefined stops posting. */
  setSink(sink: AuditSink | undefined): void;
}

/**
 * An auditor writing one JSON line per record with the given writer (default: a Powertools Logger
 * of its own at INFO, so records are kept whatever LOG_LEVEL the rest of the bot logs at).
 */
export function createAuditor(writer: AuditWriter = new Logger({ serviceName: 'slurm-chatops', logLevel: 'INFO' })): Auditor {
  let sink: AuditSink | undefined;
  return {
    async audit(record) {
      const line = toAuditLine(record);
      try {
        writer.info('audit', { audit: line });
      } catch {
        // A logger that cannot write has nowhere to report that either; the sink may still work.
      }
      if (sink !== undefined) await sink(line).catch(() => undefined);
    },
    setSink(next) {
      sink = next;
    },
  };
}

const defaultAuditor = createAuditor();

/**
 * Records one mutating action: one structured JSON log line (Powertools Logger, message `audit`,
 * the record under `audit`), and a post in the audit channel when one is configured. Call it once
 * per action, after the outcome is known (also for refusals and failures). Never rejects; await it
 * in a Lambda so the channel post finishes before the function freezes.
 *
 * @example
 *   import { audit } from '../audit';
 *   await audit({
 *     action: 'cancel', result: 'success',
 *     requestId: task.requestId, teamId: task.teamId, userId: task.userId, channelId: task.channelId,
 *     cluster: task.cluster, unixUser: task.unixUser, jobId: '1234',
 *   });
 *   // or, from a Task: await audit(auditFromTask(task, { action: 'cancel', result: 'success', jobId: '1234' }));
 */
export function audit(record: AuditRecord): Promise<void> {
  return defaultAuditor.audit(record);
}

/** Sets (or with undefined, clears) where the default auditor also posts records: see createAuditChannelSink. */
export function setAuditSink(sink: AuditSink | undefined): void {
  defaultAuditor.setSink(sink);
}

/** The Slack context every Task (and RequestContext) carries. */
export type AuditContext = Pick<AuditRecord, 'requestId' | 'teamId' | 'userId' | 'channelId' | 'cluster' | 'unixUser'>;

/** An AuditRecord from a Task (or any object with its ids) plus what happened. */
export function auditFromTask(
  task: AuditContext,
  what: Pick<AuditRecord, 'action' | 'result'> & Partial<Pick<AuditRecord, 'jobId' | 'detail' | 'unixUser' | 'cluster' | 'time'>>,
): AuditRecord {
  return {
    requestId: task.requestId,
    teamId: task.teamId,
    userId: task.userId,
    channelId: task.channelId,
    cluster: task.cluster,
    ...(task.unixUser !== undefined && { unixUser: task.unixUser }),
    ...what,
  };
}
