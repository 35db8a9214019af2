import type { ChatApi } from '../slack/chat';
import { fallbackText, section } from '../slack/views/blocks';
import { escapeMrkdwn, inlineCode } from '../slack/views/escape';
import type { Log } from '../tasks/log';
import type { AuditLine, AuditSink } from './audit';

const ICON: Readonly<Record<AuditLine['result'], string>> = {
  success: ':white_check_mark:',
  duplicate: ':repeat:',
  denied: ':no_entry:',
  refused: ':x:',
  error: ':warning:',
};

/** One audit record as a channel message; every value escaped (ids are validated, details are not). */
export function renderAuditLine(line: AuditLine): { text: string; blocks: ReturnType<typeof section>[] } {
  const parts = [
    `${ICON[line.result]} *${escapeMrkdwn(line.action, 20)}* ${escapeMrkdwn(line.result, 20)}`,
    line.jobId === undefined ? '' : ` job ${inlineCode(line.jobId, 40)}`,
    ` on ${inlineCode(line.cluster, 64)}`,
    // The user id as code, not a <@mention>: an audit post must not notify anyone.
    ` by ${inlineCode(line.user, 40)}`,
    line.unixUser === undefined ? '' : ` as ${inlineCode(line.unixUser, 40)}`,
    line.detail === undefined ? '' : ` — ${escapeMrkdwn(line.detail, 300)}`,
    `  _${inlineCode(line.requestId, 64)} ${escapeMrkdwn(line.time, 40)}_`,
  ];
  const text = parts.join('');
  return { text: fallbackText(text), blocks: [section(text)] };
}

/**
 * A sink posting each record to the audit channel. A failed post is logged, never thrown: the
 * log line is the record of truth, the channel a convenience.
 */
export function createAuditChannelSink(chat: ChatApi, channel: string, log: Log): AuditSink {
  return async (line) => {
    try {
      await chat.postMessage({ channel, ...renderAuditLine(line) });
    } catch (error) {
      log.warn('audit record not posted to the audit channel', { requestId: line.requestId, channel, error });
    }
  };
}
