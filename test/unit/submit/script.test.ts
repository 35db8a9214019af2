import { ValidationError } from '../../../src/errors';
import { MAX_SCRIPT_BYTES, checkPastedScript, checkScript, checkScriptFileName } from '../../../src/submit/script';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('checkScript', () => {
  it('accepts a UTF-8 script starting with #!, as is', () => {
    expect(checkScript(bytes('#!/bin/bash\necho héllo\n'))).toBe('#!/bin/bash\necho héllo\n');
  });

  it('drops a byte order mark and Windows line ends, which sbatch refuses', () => {
    expect(checkScript(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('#!/bin/sh\r\necho hi\r\n')]))).toBe('#!/bin/sh\necho hi\n');
  });

  it.each([
    ['empty', Buffer.alloc(0), /empty/],
    ['over 1 MiB', Buffer.concat([bytes('#!/bin/bash\n'), Buffer.alloc(MAX_SCRIPT_BYTES, 0x23)]), /the limit is 1\.0 MiB/],
    ['binary (NUL bytes)', Buffer.from([0x23, 0x21, 0x2f, 0x00, 0x01]), /binary file/],
    ['not UTF-8', Buffer.from([0x23, 0x21, 0x2f, 0xff, 0xfe, 0x0a]), /not UTF-8/],
    ['without #!', bytes('echo hi\n#!/bin/bash\n'), /#!\/bin\/bash on its very first line/],
  ])('refuses a script that is %s, naming the field', (_what, input, message) => {
    const error = refusal(() => checkScript(input, 'submit_script'));
    expect(error.message).toMatch(message);
    expect(error.field).toBe('submit_script');
  });

  it('takes exactly 1 MiB', () => {
    const script = Buffer.concat([bytes('#!/bin/bash\n'), Buffer.alloc(MAX_SCRIPT_BYTES - 12, 0x23)]);
    expect(checkScript(script)).toHaveLength(MAX_SCRIPT_BYTES);
  });
});

describe('checkPastedScript', () => {
  it('drops the blank lines a paste often starts with', () => {
    expect(checkPastedScript('\n  \n  #!/bin/bash\nsleep 1\n')).toBe('#!/bin/bash\nsleep 1\n');
  });
});

describe('checkScriptFileName', () => {
  it.each(['job.sh', 'run.SLURM', 'a.b.sbatch', 'notes.txt'])('accepts %s', (name) => {
    expect(() => checkScriptFileName(name)).not.toThrow();
  });
  it.each(['job', 'job.py', 'image.png', 'sh'])('refuses %s', (name) => {
    expect(refusal(() => checkScriptFileName(name)).message).toMatch(/ending in \.sh, \.slurm, \.sbatch, \.txt/);
  });
});
