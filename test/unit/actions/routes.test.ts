import { validateActionCommand, validateOrigin } from '../../../src/actions/commands';
import { parseFileConfig, readEnv, type Config } from '../../../src/config';
import { parseCommand } from '../../../src/slack/command/parse';
import { routeJobActionClick } from '../../../src/slack/job-action-router';
import { routeSlashCommand, type RequestContext } from '../../../src/slack/router';
import { ACTION_IDS, encodeJobValue } from '../../../src/slack/views/ids';
import { renderJobCard } from '../../../src/slack/views/job-card';
import { visibleText } from '../../support/visible-text';

const config: Config = {
  ...parseFileConfig({ clusters: [{ name: 'local', executor: 'local' }], users: { U0ALICE: 'alice', U0BOB: 'bob' }, admins: ['U0BOB'] }),
  env: readEnv({}),
};

const ctx = (userId = 'U0ALICE'): RequestContext => ({
  requestId: 'abc123', teamId: 'T0CHATOPS', userId, channelId: 'C0GENERAL', responseUrl: 'https://hooks.slack.com/actions/T/1/x', slashCommand: '/slurm',
});

describe('/slurm cancel|hold|release|requeue|output|watch|unwatch', () => {
  it('parses each with its job id, and the aliases', () => {
    expect(parseCommand('cancel 123').command).toEqual({ kind: 'control', action: 'cancel', jobId: '123' });
    expect(parseCommand('scancel #123_4').command).toEqual({ kind: 'control', action: 'cancel', jobId: '123_4' });
    expect(parseCommand('hold 9 -c local')).toEqual({ command: { kind: 'control', action: 'hold', jobId: '9' }, cluster: 'local' });
    expect(parseCommand('requeue 9').command).toEqual({ kind: 'control', action: 'requeue', jobId: '9' });
    expect(parseCommand('output 9').command).toEqual({ kind: 'output', jobId: '9' });
    expect(parseCommand('tail 9 200').command).toEqual({ kind: 'output', jobId: '9', lines: 200 });
    expect(parseCommand('watch 9').command).toEqual({ kind: 'watch', jobId: '9' });
    expect(parseCommand('unwatch 9').command).toEqual({ kind: 'unwatch', jobId: '9' });
  });

  it('refuses what Slurm would not take, with the usage', () => {
    expect(() => parseCommand('cancel')).toThrow(/Which job\? Usage: `\/slurm cancel ID`/);
    expect(() => parseCommand('cancel 1 2')).toThrow(/One job at a time/);
    expect(() => parseCommand('cancel $(reboot)')).toThrow(/is not a job id/);
    expect(() => parseCommand('output 9 0')).toThrow(/from 1 to 10000/);
    expect(() => parseCommand('output 9 20000')).toThrow(/from 1 to 10000/);
    expect(() => parseCommand('hold 9 --all')).toThrow(/`hold` has no `--all` option/);
  });

  it('becomes a Task with an ack naming the Slurm command', () => {
    const route = routeSlashCommand(config, 'cancel 123', ctx());
    expect(route.kind).toBe('dispatch');
    if (route.kind !== 'dispatch') return;
    expect(route.task).toMatchObject({ cluster: 'local', unixUser: 'alice', reply: 'replace', command: { kind: 'control', action: 'cancel', jobId: '123' } });
    expect(visibleText(route.ack)).toMatch(/Running `scancel 123` on \*local\*/);
    const output = routeSlashCommand(config, 'output 9', ctx());
    expect(output.kind === 'dispatch' && output.task.command).toEqual({ kind: 'output', jobId: '9', lines: 50 });
  });

  it('an unmapped user is told how to get mapped; nothing is dispatched', () => {
    const route = routeSlashCommand(config, 'cancel 123', ctx('U0CAROL'));
    expect(route.kind).toBe('reply');
  });
});

describe('job action buttons', () => {
  const value = encodeJobValue({ cluster: 'local', jobId: '77' });

  it('on an ephemeral job details message: a change replaces it, output comes as a new message', () => {
    const cancel = routeJobActionClick(config, { actionId: ACTION_IDS.jobCancel, value }, ctx(), { isEphemeral: true });
    expect(cancel.kind === 'dispatch' && cancel.task).toMatchObject({ reply: 'replace', command: { kind: 'control', action: 'cancel', jobId: '77' } });
    expect(cancel.kind === 'dispatch' && cancel.task.origin).toBeUndefined();
    const output = routeJobActionClick(config, { actionId: ACTION_IDS.jobOutput, value }, ctx(), { isEphemeral: true });
    expect(output.kind === 'dispatch' && output.task).toMatchObject({ reply: 'new', command: { kind: 'output', jobId: '77', lines: 50 } });
  });

  it('on a job card in the channel: the answer goes to the clicker alone, the card is the origin (with its submitter)', () => {
    const card = renderJobCard({ cluster: 'local', job: { id: '77', name: 'x', partition: 'compute' }, submittedBy: 'U0ALICE', unixUser: 'alice' });
    const route = routeJobActionClick(config, { actionId: ACTION_IDS.jobHold, value }, ctx('U0BOB'), { isEphemeral: false, ts: '1700000000.000100', blocks: card.blocks });
    expect(route.kind === 'dispatch' && route.task).toMatchObject({
      reply: 'new',
      userId: 'U0BOB',
      origin: { channel: 'C0GENERAL', ts: '1700000000.000100', submittedBy: 'U0ALICE' },
      command: { kind: 'control', action: 'hold', jobId: '77' },
    });
  });

  it('a forged or stale value is refused before anything runs', () => {
    for (const forged of ['{"v":1,"c":"local","j":"1;reboot"}', 'not json', encodeJobValue({ cluster: 'nowhere', jobId: '1' })]) {
      const route = routeJobActionClick(config, { actionId: ACTION_IDS.jobCancel, value: forged }, ctx(), { isEphemeral: true });
      expect(route.kind).toBe('reply');
    }
  });
});

describe('action commands in a Task, validated again by the worker', () => {
  it('accepts what the router builds and rejects the rest', () => {
    expect(validateActionCommand({ kind: 'control', action: 'release', jobId: '5' })).toEqual({ kind: 'control', action: 'release', jobId: '5' });
    expect(validateActionCommand({ kind: 'output', jobId: '5', lines: 10 })).toEqual({ kind: 'output', jobId: '5', lines: 10 });
    expect(() => validateActionCommand({ kind: 'control', action: 'delete', jobId: '5' })).toThrow(/command.action/);
    expect(() => validateActionCommand({ kind: 'output', jobId: '5', lines: 10_001 })).toThrow(/from 1 to 10000/);
    expect(() => validateActionCommand({ kind: 'watch', jobId: '5 6' })).toThrow(/not a job id/);
    expect(validateOrigin({ channel: 'C0GENERAL', ts: '1700000000.000100' })).toEqual({ channel: 'C0GENERAL', ts: '1700000000.000100' });
    expect(() => validateOrigin({ channel: 'general', ts: '1' })).toThrow(/origin.channel/);
  });
});
