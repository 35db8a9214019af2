import { ValidationError } from '../../../src/errors';
import { responseUrlOrigins, validateTask, type Task } from '../../../src/tasks/task';

const ORIGINS = responseUrlOrigins('https://slack.com/api/');

const TASK: Task = {
  v: 1,
  requestId: 'a1b2c3d4e5f6',
  teamId: 'T0CHATOPS',
  userId: 'U0ALICE',
  channelId: 'C0GENERAL',
  responseUrl: 'https://hooks.slack.com/commands/T0CHATOPS/1/abc',
  reply: 'replace',
  cluster: 'local',
  unixUser: 'alice',
  command: { kind: 'jobs', filter: { users: ['alice'], states: ['PENDING'], partition: 'debug' }, page: 0 },
};

function refusal(input: unknown): string {
  try {
    validateTask(input, ORIGINS);
  } catch (e) {
    if (e instanceof ValidationError) return `${e.field}: ${e.message}`;
    throw e;
  }
  throw new Error('expected the task to be refused');
}

describe('validateTask', () => {
  it('accepts a task as the slack function writes it, after a JSON round trip', () => {
    expect(validateTask(JSON.parse(JSON.stringify(TASK)), ORIGINS)).toEqual(TASK);
    const job = { ...TASK, reply: 'new', command: { kind: 'job', jobId: '123_4' } };
    expect(validateTask(job, ORIGINS)).toEqual(job);
    const nodes = { ...TASK, command: { kind: 'nodes', page: 2, partition: 'compute' } };
    expect(validateTask(nodes, ORIGINS)).toEqual(nodes);
  });

  it('refuses another version', () => {
    expect(refusal({ ...TASK, v: 2 })).toMatch(/^v: .*this worker runs version 1/);
    expect(refusal({ ...TASK, v: undefined })).toMatch(/^v:/);
  });

  it('names the malformed field', () => {
    expect(refusal(null)).toMatch(/^task:/);
    expect(refusal({ ...TASK, userId: 'alice' })).toMatch(/^userId:/);
    expect(refusal({ ...TASK, reply: 'thread' })).toMatch(/^reply:/);
    expect(refusal({ ...TASK, cluster: '../etc' })).toMatch(/^cluster:/);
    expect(refusal({ ...TASK, unixUser: 'root; id' })).toMatch(/^unixUser:/);
    expect(refusal({ ...TASK, command: { kind: 'cancel', jobId: '1' } })).toMatch(/^command.kind: .*"cancel" is not a task/);
    expect(refusal({ ...TASK, command: { kind: 'jobs', filter: {}, page: -1 } })).toMatch(/^command.page:/);
  });

  it('validates every command value again with the domain validators', () => {
    expect(refusal({ ...TASK, command: { kind: 'job', jobId: '1;reboot' } })).toMatch(/^jobId: .*not a job id/);
    expect(refusal({ ...TASK, command: { kind: 'jobs', filter: { users: ['$(id)'] }, page: 0 } })).toMatch(/^user:/);
    expect(refusal({ ...TASK, command: { kind: 'jobs', filter: { states: ['SLEEPING'] }, page: 0 } })).toMatch(/unknown state "SLEEPING"/);
    expect(refusal({ ...TASK, command: { kind: 'jobs', filter: { partition: 'a b' }, page: 0 } })).toMatch(/^partition:/);
  });

  it('posts answers only to Slack (or the configured Slack API origin)', () => {
    expect(refusal({ ...TASK, responseUrl: 'https://evil.example/commands/1' })).toMatch(/^responseUrl: .*points at https:\/\/evil.example, which is not Slack/);
    expect(refusal({ ...TASK, responseUrl: 'file:///etc/passwd' })).toMatch(/^responseUrl:/);
    const local = responseUrlOrigins('http://127.0.0.1:4567/api/');
    expect(validateTask({ ...TASK, responseUrl: 'http://127.0.0.1:4567/commands/T/1/x' }, local).responseUrl).toBe('http://127.0.0.1:4567/commands/T/1/x');
  });
});
