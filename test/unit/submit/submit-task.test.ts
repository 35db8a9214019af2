import { ValidationError } from '../../../src/errors';
import { parseSubmitForm } from '../../../src/submit/form';
import { sbatchRunKey, submitCommand, submitKey, validateSubmitCommand, validateSubmitFormCommand } from '../../../src/submit/submit-task';
import { SUBMIT_FIELDS as F } from '../../../src/slack/views/ids';

describe('submitKey', () => {
  it('is the same for every delivery of one view, different per view', () => {
    expect(submitKey('T0CHATOPS', 'V0ABC')).toBe('submit:T0CHATOPS:V0ABC');
    expect(submitKey('T0CHATOPS', 'V0ABC')).not.toBe(submitKey('T0CHATOPS', 'V0ABD'));
    expect(sbatchRunKey(submitKey('T0CHATOPS', 'V0ABC'))).toBe('submit:T0CHATOPS:V0ABC:sbatch');
    expect(() => submitKey('T0CHATOPS', '../V')).toThrow(ValidationError);
  });
});

describe('the submit command as Task JSON', () => {
  const parsed = parseSubmitForm({
    [F.scriptText.blockId]: { [F.scriptText.actionId]: { value: '#!/bin/bash\nsleep 1\n' } },
    [F.timeLimit.blockId]: { [F.timeLimit.actionId]: { value: 'unlimited' } },
    [F.options.blockId]: { [F.options.actionId]: { value: '--mem=1G' } },
  });

  it('survives JSON and the worker\'s validation unchanged', () => {
    if (!parsed.ok) throw new Error('form should parse');
    const command = submitCommand(submitKey('T0CHATOPS', 'V0ABC'), parsed.form, 'C0GENERAL');
    const json = JSON.parse(JSON.stringify(command)) as Record<string, unknown>;
    expect(validateSubmitCommand(json)).toEqual(command);
    expect(command.timeLimitSeconds).toBeNull();
  });

  it.each([
    ['an option off the allow-list', { options: ['--uid=0'] }],
    ['an option in short form (never produced by the form)', { options: ['-p', 'debug'] }],
    ['a key of another shape', { key: 'submit:T0CHATOPS:V0ABC:sbatch' }],
    ['a card channel that is not a channel id', { cardChannel: '#general' }],
    ['a file id that is not one', { script: { kind: 'file', fileId: '../../etc/passwd', name: 'x.sh' } }],
  ])('refuses %s', (_what, change) => {
    const base = { kind: 'submit', key: 'submit:T0CHATOPS:V0ABC', script: { kind: 'text', text: '#!/bin/sh\n' }, options: [], alert: true, cardChannel: 'C0GENERAL' };
    expect(() => validateSubmitCommand({ ...base, ...change })).toThrow(ValidationError);
  });

  it('checks the form-filling command', () => {
    expect(validateSubmitFormCommand({ kind: 'submit-form', viewId: 'V0ABC', hash: '1700000000.abc' })).toEqual({ kind: 'submit-form', viewId: 'V0ABC', hash: '1700000000.abc' });
    expect(() => validateSubmitFormCommand({ kind: 'submit-form', viewId: 'nope' })).toThrow(ValidationError);
  });
});
