import { isArrayRange, jobIdText, parseJobId, parseJobIdArg } from '../../../src/slurm/jobid';
import { validationError } from './errors';

describe('parseJobIdArg (what a user typed)', () => {
  it.each([
    ['123', { raw: '123', baseId: '123' }],
    [' 123 ', { raw: '123', baseId: '123' }],
    ['#123', { raw: '123', baseId: '123' }],
    ['123_4', { raw: '123_4', baseId: '123', arrayTask: '4' }],
    ['123+1', { raw: '123+1', baseId: '123', hetOffset: '1' }],
    ['007', { raw: '7', baseId: '7' }],
  ])('accepts %j', (text, id) => {
    expect(parseJobIdArg(text)).toEqual(id);
  });

  it.each([
    '', 'abc', '12a', '-1', '0', '1.5', '123_', '123_[1-3]', '123_1+2', '123 456', '123;rm -rf /', '$(id)', '`id`',
    '123\n456', '１２３', '99999999999', '4294967295', '123.batch',
  ])('refuses %j and names it', (text) => {
    const err = validationError(() => parseJobIdArg(text));
    expect(err.field).toBe('jobId');
    expect(err.message).toContain('is not a job id');
    expect(err.message).toContain(`"${text.replace(/\n/g, '?')}"`);
  });

  it('shows control characters in the message as "?"', () => {
    expect(validationError(() => parseJobIdArg('1\u0007')).message).toContain('"1?"');
  });
});

describe('parseJobId (what Slurm printed)', () => {
  it.each([
    ['123', { raw: '123', baseId: '123' }],
    ['123_4', { raw: '123_4', baseId: '123', arrayTask: '4' }],
    ['123_[1-9%2]', { raw: '123_[1-9%2]', baseId: '123', arrayTask: '1-9%2' }],
    ['123_[1,3,5-7]', { raw: '123_[1,3,5-7]', baseId: '123', arrayTask: '1,3,5-7' }],
    ['123+1', { raw: '123+1', baseId: '123', hetOffset: '1' }],
    ['123.batch', { raw: '123', baseId: '123' }],
    ['123_4.extern', { raw: '123_4', baseId: '123', arrayTask: '4' }],
  ])('reads %s', (text, id) => {
    expect(parseJobId(text)).toEqual(id);
  });

  it('never throws on garbage and keeps the leading digits', () => {
    expect(parseJobId('42 (garbage)')).toEqual({ raw: '42 (garbage)', baseId: '42' });
    expect(parseJobId('N/A')).toEqual({ raw: 'N/A', baseId: 'N/A' });
  });

  it('tells a pending range from one task', () => {
    expect(isArrayRange(parseJobId('123_[1-9%2]'))).toBe(true);
    expect(isArrayRange(parseJobId('123_4'))).toBe(false);
    expect(isArrayRange(parseJobId('123'))).toBe(false);
  });

  it('gives back the text scancel takes', () => {
    expect(jobIdText(parseJobIdArg('123_04'))).toBe('123_4');
    expect(jobIdText(parseJobIdArg('123+1'))).toBe('123+1');
  });
});
