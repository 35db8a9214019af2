import { audit, auditFromTask, createAuditor, setAuditSink, toAuditLine, type AuditLine } from '../../../src/audit';
import { createAuditChannelSink, renderAuditLine } from '../../../src/audit/channel';
import { createChatApi } from '../../../src/slack/chat';
import { SILENT_LOG } from '../../../src/tasks/log';
import { SlackFake } from '../../support/slack-fake';
import { WORKSPACE } from '../../support/slack-ids';

const task = { requestId: 'a1b2c3d4e5f6', teamId: 'T0CHATOPS', userId: 'U0ALICE', channelId: 'C0GENERAL', cluster: 'hpc', unixUser: 'alice' };
const TIME = new Date('2030-01-02T03:04:05.000Z');

describe('audit records', () => {
  it('carry who, where, as whom, what, on which job, how it went and the request id', () => {
    expect(toAuditLine(auditFromTask(task, { action: 'cancel', result: 'success', jobId: '1234', time: TIME }))).toEqual({
      time: '2030-01-02T03:04:05.000Z', action: 'cancel', result: 'success', requestId: 'a1b2c3d4e5f6',
      team: 'T0CHATOPS', user: 'U0ALICE', channel: 'C0GENERAL', cluster: 'hpc', unixUser: 'alice', jobId: '1234',
    });
  });

  it('keep a detail to one bounded line', () => {
    const line = toAuditLine(auditFromTask(task, { action: 'submit', result: 'refused', detail: `Invalid\npartition\t${'x'.repeat(1000)}` }));
    expect(line.detail).toMatch(/^Invalid partition x+$/);
    expect(line.detail!.length).toBe(300);
  });

  it('are written as one JSON line by Powertools Logger, whatever LOG_LEVEL says', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const saved = { ...process.env };
    Object.assign(process.env, { LOG_LEVEL: 'ERROR', POWERTOOLS_LOG_LEVEL: 'ERROR' });
    try {
      // A fresh module, so its logger is built under the ERROR level the rest of the bot would use.
      let fresh: typeof import('../../../src/audit/audit') | undefined;
      jest.isolateModules(() => {
        fresh = require('../../../src/audit/audit') as typeof import('../../../src/audit/audit');
      });
      await fresh!.audit(auditFromTask(task, { action: 'hold', result: 'success', jobId: '77', time: TIME }));
    } finally {
      process.env = saved;
      spy.mockRestore();
    }
    const lines = written.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'INFO', message: 'audit', service: 'slurm-chatops', timestamp: expect.any(String),
      audit: { action: 'hold', result: 'success', jobId: '77', user: 'U0ALICE', cluster: 'hpc', unixUser: 'alice', requestId: 'a1b2c3d4e5f6', time: '2030-01-02T03:04:05.000Z' },
    });
  });

  it('reach the sink too, and a failing sink or writer never fails the caller', async () => {
    const seen: AuditLine[] = [];
    const auditor = createAuditor({ info: () => { throw new Error('disk full'); } });
    auditor.setSink(async (line) => {
      seen.push(line);
      throw new Error('Slack down');
    });
    await expect(auditor.audit(auditFromTask(task, { action: 'link', result: 'success' }))).resolves.toBeUndefined();
    expect(seen.map((l) => l.action)).toEqual(['link']);
  });
});

describe('the audit channel', () => {
  let slack: SlackFake;
  beforeAll(async () => {
    slack = await SlackFake.start();
  });
  afterAll(async () => {
    setAuditSink(undefined);
    await slack.close();
  });

  it('gets each record as a message that notifies nobody', async () => {
    setAuditSink(createAuditChannelSink(createChatApi({ fetch, apiUrl: slack.apiUrl, botToken: WORKSPACE.botToken }), 'C0AUDIT', SILENT_LOG));
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await audit(auditFromTask(task, { action: 'cancel', result: 'refused', jobId: '1234', detail: 'not your job <!channel>' }));
    } finally {
      spy.mockRestore();
    }
    const post = await slack.waitFor('chat.postMessage');
    expect(post.args).toMatchObject({ channel: 'C0AUDIT' });
    const text = JSON.stringify(post.args);
    expect(text).toMatch(/\*cancel\* refused job `1234` on `hpc` by `U0ALICE` as `alice` — not your job &lt;!channel&gt;/);
    expect(text).not.toMatch(/<@U0ALICE>|<!channel>/);
  });

  it('renders every result', () => {
    for (const result of ['success', 'duplicate', 'denied', 'refused', 'error'] as const) {
      expect(renderAuditLine(toAuditLine(auditFromTask(task, { action: 'submit', result }))).text).toContain(`submit* ${result}`);
    }
  });
});
