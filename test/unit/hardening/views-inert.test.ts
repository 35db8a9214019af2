import { renderAccessDenied, renderLinkCode, renderLinkOutcome, renderUnlinked, renderWhoami, type LinkOutcome } from '../../../src/slack/views/access';
import { renderAck } from '../../../src/slack/views/ack';
import { renderActionOutcome } from '../../../src/slack/views/action-outcome';
import { renderJobAlert, renderJobVanishedAlert } from '../../../src/slack/views/alert';
import { renderArrayAlert } from '../../../src/slack/views/array-alert';
import { renderClusterUnreachable } from '../../../src/slack/views/cluster-alert';
import { renderClusters } from '../../../src/slack/views/clusters';
import { renderError } from '../../../src/slack/views/errors';
import { renderHelp } from '../../../src/slack/views/help';
import { renderJobCard } from '../../../src/slack/views/job-card';
import { renderJobDetails } from '../../../src/slack/views/job-details';
import { renderJobOutputStreams } from '../../../src/slack/views/job-output';
import { renderJobs } from '../../../src/slack/views/jobs';
import { renderNodes } from '../../../src/slack/views/nodes';
import { renderPartitions } from '../../../src/slack/views/partitions';
import { renderSubmitModal } from '../../../src/slack/views/submit-modal';
import { renderSubmitDuplicate, renderSubmitInvalid } from '../../../src/slack/views/submit-result';
import { renderUnknownSubcommand } from '../../../src/slack/views/suggest';
import { renderWatchOutcome } from '../../../src/slack/views/watch-outcome';
import { renderAuditLine } from '../../../src/audit/channel';
import { toAuditLine } from '../../../src/audit/audit';
import { HOSTILE_NAMES, makeJob, makeNode, makePartition, NOW } from '../views/fixtures';

/** Text Slack would turn into a notification, a link or a broken layout if a view let it through. */
const HOSTILE = [...HOSTILE_NAMES, '<!everyone>', '<!subteam^S123|@team>', '<#C0SECRET>', '<mailto:a@b.c|mail>', '&lt;!channel&gt;', 'x\n```\n<!here>'];

/** Keys whose values are enumerations the types pin down: replacing them tests nothing about escaping. */
const ENUM_KEYS = new Set(['kind', 'state', 'action', 'outcome', 'key', 'status', 'code', 'result', 'executor', 'role', 'source', 'permission']);

/** Every string in the input replaced by hostile text (in turn), enumerations and dates kept. */
function hostilize<T>(value: T): T {
  let i = 0;
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return key !== undefined && ENUM_KEYS.has(key) ? v : HOSTILE[i++ % HOSTILE.length];
    if (Array.isArray(v)) return v.map((item) => walk(item, key));
    if (v instanceof Date || v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, k)]));
  };
  return walk(value) as T;
}

/** The mrkdwn Slack parses: the fallback text and every mrkdwn text object (plain_text is never parsed). */
function parsedTexts(message: unknown): string[] {
  const texts: string[] = [];
  const m = message as { text?: unknown };
  if (typeof m.text === 'string') texts.push(m.text);
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') texts.push(o.text);
      Object.entries(o).forEach(([k, item]) => k !== 'text' || typeof item !== 'string' ? walk(item) : undefined);
    }
  };
  walk((message as { blocks?: unknown }).blocks);
  return texts;
}

/** Every `<…>` Slack would act on; only the bot's own date tokens may appear. */
function activeTokens(text: string): string[] {
  return [...text.matchAll(/<[^>]*>?/g)].map((m) => m[0]).filter((t) => !/^<!date\^\d+\^[^|>]*\|[^>]*>$/.test(t));
}

const job = makeJob({ reason: 'Priority' });
const pending = makeJob({ state: 'PENDING', stateText: 'PENDING', reason: 'Resources', nodes: undefined });
const denied = (reason: Parameters<typeof renderAccessDenied>[0]['reason']) => renderAccessDenied({ reason, slackUserId: 'U0X', slashCommand: '/slurm' });
const LINK_OUTCOMES: LinkOutcome[] = [
  { kind: 'linked', cluster: 'c', unixUser: 'u' }, { kind: 'already', cluster: 'c', unixUser: 'u', source: 'config' },
  { kind: 'missing', cluster: 'c', code: 'K7QM-2XPD', unixUser: 'u' }, { kind: 'other_user', cluster: 'c', owner: 'o', unixUser: 'u' },
  { kind: 'rejected', cluster: 'c', why: 'w' }, { kind: 'setup', cluster: 'c', why: 'w' },
];

/** Each view with an input whose every string is hostile. */
const VIEWS: [string, () => unknown][] = [
  ['jobs', () => renderJobs(hostilize({ cluster: 'c', jobs: [job, pending], filter: { users: ['u'], partition: 'p' }, now: NOW, canSubmit: true }))],
  ['job details', () => renderJobDetails(hostilize({ cluster: 'c', job: pending, nodes: [makeNode({ reason: 'r' })], minJobAgeSeconds: 300, now: NOW }))],
  ['job details, running', () => renderJobDetails(hostilize({ cluster: 'c', job, now: NOW }))],
  ['nodes', () => renderNodes(hostilize({ cluster: 'c', nodes: [makeNode({ state: 'down', stateText: 'DOWN', reason: 'r' }), makeNode()], partition: 'p', now: NOW }))],
  ['partitions', () => renderPartitions(hostilize({ cluster: 'c', partitions: [makePartition(), makePartition({ isDefault: false })], now: NOW }))],
  ['job output', () => renderJobOutputStreams(hostilize({
    cluster: 'c', jobId: '1', state: 'RUNNING' as const, lines: 50, readAs: 'u',
    streams: [{ key: 'stdout' as const, path: '/o', status: 'ok' as const, text: 't', cut: true, size: 3 }, { key: 'stderr' as const, path: '/e', status: 'denied' as const, message: 'm' }],
  }))],
  ['job card', () => renderJobCard(hostilize({ cluster: 'c', job: { id: '1', name: 'n', partition: 'p', state: 'PENDING' as const, reason: 'r', nodes: 'n' }, submittedBy: 'U0X', unixUser: 'u', submittedAt: NOW, updatedAt: NOW, lastAction: { words: 'w', by: 'U0Y' } }))],
  ['job alert', () => renderJobAlert(hostilize({ cluster: 'c', job: makeJob({ state: 'FAILED', stateText: 'FAILED', exitCode: { code: 3, signal: 0 } }), mention: 'U0X', output: { streams: [{ key: 'stdout' as const, path: '/o', status: 'ok' as const, text: 't', cut: false }], lines: 20, readAs: 'u' } }))],
  ['vanished alert', () => renderJobVanishedAlert(hostilize({ cluster: 'c', jobId: '1', mention: 'U0X', minJobAgeSeconds: 300, accounting: false }))],
  ['array alert', () => renderArrayAlert(hostilize({ cluster: 'c', arrayJobId: '1', name: 'n', mention: 'U0X', counts: [{ state: 'FAILED' as const, count: 2 }], total: 2, failedTasks: '1-2', failedCount: 2 }))],
  ['cluster unreachable', () => renderClusterUnreachable(hostilize({ cluster: 'c', failures: 3, lastError: 'e', watchedJobs: 2 }))],
  ['action outcome', () => renderActionOutcome(hostilize({ cluster: 'c', jobId: '1', action: 'cancel' as const, outcome: 'refused' as const, refusal: { kind: 'permission', summary: 's', slurmMessage: 'm' }, actorUserId: 'U0X', asAdmin: false, actingAs: 'u', job }))],
  ['watch outcome', () => renderWatchOutcome(hostilize({ cluster: 'c', jobId: '1', outcome: { kind: 'already-watching' as const, by: 'U0X', channel: 'C0X' } }))],
  ['submit results', () => [renderSubmitInvalid(hostilize({ cluster: 'c', requestId: 'r', message: 'm' })), renderSubmitDuplicate(hostilize({ cluster: 'c', requestId: 'r', jobId: '1' }))]],
  ['errors', () => (['VALIDATION', 'FORBIDDEN', 'SLURM_ERROR', 'JOB_NOT_FOUND', 'UNKNOWN_CLUSTER', 'UNEXPECTED'] as const).map((code) =>
    renderError(hostilize({ code, requestId: 'r', message: 'm', cluster: 'c', jobId: '1', slurmMessage: 's', clusters: ['a'], slashCommand: '/s' })))],
  ['help', () => renderHelp(hostilize({ clusters: ['a', 'b'], defaultCluster: 'a', unixUser: 'u', commands: [{ usage: 'u', description: 'd', example: 'e' }], slashCommand: '/s' }))],
  ['clusters', () => renderClusters(hostilize({ clusters: [{ name: 'n', executor: 'ssm' as const, region: 'r', description: 'd' }], defaultCluster: 'n' }))],
  ['ack', () => renderAck(hostilize({ cluster: 'c', what: 'w' }))],
  ['unknown subcommand', () => renderUnknownSubcommand(hostilize({ typed: 't', known: ['jobs'], command: '/s' }))],
  ['access denied', () => [
    denied(hostilize({ kind: 'not_mapped' as const, cluster: 'c', selfLink: true, emailDomain: 'd', lookupFailed: true })),
    denied(hostilize({ kind: 'channel' as const, cluster: 'c', channels: ['C0X', 'c'] })),
    denied(hostilize({ kind: 'role' as const, cluster: 'c', role: 'viewer' as const, permission: 'submit' as const })),
  ]],
  ['whoami', () => renderWhoami(hostilize({ slackUserId: 'U0X', slashCommand: '/s', selfLink: true, lookupFailed: true, clusters: [{ cluster: 'c', unixUser: 'u', source: 'link' as const, role: 'user' as const, channelAllowed: false }] }))],
  ['link code', () => renderLinkCode(hostilize({ cluster: 'c', unixUser: 'u', code: 'K7QM-2XPD', minutes: 10 }))],
  ['link outcomes', () => LINK_OUTCOMES.map((o) => renderLinkOutcome(hostilize(o), '/s'))],
  ['unlinked', () => renderUnlinked(hostilize({ removed: ['a'], configured: ['b'] }))],
  ['audit line', () => renderAuditLine(toAuditLine(hostilize({ action: 'cancel' as const, result: 'refused' as const, requestId: 'r', teamId: 't', userId: 'u', channelId: 'c', cluster: 'c', unixUser: 'u', jobId: '1', detail: 'd' })))],
  ['submit modal', () => renderSubmitModal(hostilize({ cluster: 'c', unixUser: 'u', channelId: 'C0X', privateMetadata: '{}', partitions: { kind: 'known' as const, partitions: [{ name: 'p', isDefault: true, availability: 'a' }] } }))],
];

describe('every view, rendered from hostile data', () => {
  it.each(VIEWS)('%s: nothing in it can mention, link or notify', (_name, render) => {
    const rendered = render();
    const messages = Array.isArray(rendered) ? rendered : [rendered];
    for (const message of messages) {
      const texts = parsedTexts(message);
      expect(texts.join('')).not.toBe('');
      for (const text of texts) expect(activeTokens(text)).toEqual([]);
    }
    // The hostile text did get through, escaped: the check looked at the right places.
    expect(messages.flatMap(parsedTexts).join('\n')).toMatch(/&lt;|&amp;|ˋ/);
  });

  it('the check catches an unescaped mention', () => {
    expect(activeTokens('job <!channel> by <@U123> see <https://x|y> at <!date^1714564800^{date_short}|1 May>')).toEqual(['<!channel>', '<@U123>', '<https://x|y>']);
  });
});
