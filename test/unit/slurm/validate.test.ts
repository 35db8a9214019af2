import {
  parseMemory, parseTimeLimit, validateAbsolutePath, validateCount, validateJobName, validatePartition,
  validateSlurmName, validateUserName, validateWorkDir,
} from '../../../src/slurm/validate';
import { validationError } from './errors';

const NASTY = ['$(id)', '`id`', 'a;b', 'a|b', 'a&b', "a'b", 'a"b', 'a b', 'a\nb', 'a\tb', 'ä', '../x', '-rf', '', ' '];

describe('validateUserName', () => {
  it.each(['alice', 'bob-2', '_svc', 'a.b', 'ec2-user'])('accepts %s', (name) => {
    expect(validateUserName(` ${name} `)).toBe(name);
  });
  it.each([...NASTY, 'Alice', '1abc', 'a'.repeat(33)])('refuses %j', (name) => {
    const err = validationError(() => validateUserName(name));
    expect(err.field).toBe('user');
    expect(err.message).toContain('not a valid Unix user name');
  });
});

describe('validatePartition', () => {
  it.each(['compute', 'debug', 'queue1', 'gpu-a100', 'p.long', 'Q_2'])('accepts %s', (p) => {
    expect(validatePartition(p)).toBe(p);
  });
  it.each([...NASTY.filter((n) => n !== 'ä'), 'a,b', 'p*', 'x'.repeat(65)])('refuses %j', (p) => {
    expect(validationError(() => validatePartition(p)).field).toBe('partition');
  });
});

describe('validateSlurmName', () => {
  it('accepts an account and names the field in a refusal', () => {
    expect(validateSlurmName('proj-42', 'account', 'account name')).toBe('proj-42');
    const err = validationError(() => validateSlurmName('$(id)', 'account', 'account name'));
    expect(err).toMatchObject({ field: 'account', message: '"$(id)" is not a valid account name (letters, digits, "_", "-", ".").' });
  });
});

describe('validateJobName', () => {
  it.each(['résumé-ジョブ', '<!channel>', 'a b c', '$(rm -rf ~)', '`id`', 'x'.repeat(200), '🚀 launch'])('accepts %j as is (it never meets a shell)', (name) => {
    expect(validateJobName(name)).toBe(name);
  });
  it('trims the ends', () => {
    expect(validateJobName('  run 1  ')).toBe('run 1');
  });
  it.each([
    ['', 'The job name cannot be empty.'],
    ['  ', 'The job name cannot be empty.'],
    ['a\nb', 'The job name must fit on one line.'],
    ['a\rb', 'The job name must fit on one line.'],
    ['a\u2028b', 'The job name must fit on one line.'],
    ['a\u0000b', 'The job name contains a control character; use printable text only.'],
    ['a\u001fb', 'The job name contains a control character; use printable text only.'],
    ['x'.repeat(201), 'The job name is longer than 200 characters.'],
  ])('refuses %j', (name, message) => {
    expect(validationError(() => validateJobName(name))).toMatchObject({ field: 'jobName', message });
  });
  it('counts characters, not UTF-16 units', () => {
    expect(validateJobName('🚀'.repeat(200))).toHaveLength(400);
  });
});

describe('parseTimeLimit', () => {
  it.each([
    ['30', 1800, '00:30:00'],
    ['90', 5400, '01:30:00'],
    ['5:30', 330, '00:05:30'],
    ['90:00', 5400, '01:30:00'],
    ['2:00:00', 7200, '02:00:00'],
    ['36:00:00', 129600, '1-12:00:00'],
    ['1-0', 86400, '1-00:00:00'],
    ['2-12', 216000, '2-12:00:00'],
    ['1-02:03', 93780, '1-02:03:00'],
    ['1-02:03:04', 93784, '1-02:03:04'],
    [' 7-00:00:00 ', 604800, '7-00:00:00'],
  ])('reads %j as %d seconds', (text, seconds, slurm) => {
    expect(parseTimeLimit(text)).toEqual({ seconds, slurm });
  });
  it.each(['UNLIMITED', 'unlimited', 'INFINITE', 'Infinite'])('reads %s as no limit', (text) => {
    expect(parseTimeLimit(text)).toEqual({ seconds: null, slurm: 'UNLIMITED' });
  });
  it.each(['', 'abc', '1h', '-5', '1-', '1:2:3:4', '1.5', '1-24', '1-02:60', '00:60', '1:00:60', '10 min', '$(date)', '1-2-3'])('refuses %j with the accepted forms', (text) => {
    const err = validationError(() => parseTimeLimit(text));
    expect(err.field).toBe('time');
    expect(err.message).toContain('MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS or UNLIMITED');
  });
  it('refuses zero, which Slurm would read as "no limit"', () => {
    expect(validationError(() => parseTimeLimit('0')).message).toBe('A time limit of zero is not allowed; for no limit write UNLIMITED.');
  });
  it('refuses more than a year', () => {
    expect(validationError(() => parseTimeLimit('400-00:00:00')).message).toBe('"400-00:00:00" is longer than a year; ask for less time.');
  });
});

describe('parseMemory', () => {
  it.each([
    ['500M', 500, '500M'],
    ['500', 500, '500M'],
    ['4G', 4096, '4G'],
    ['4g', 4096, '4G'],
    ['4GB', 4096, '4G'],
    ['1T', 1048576, '1T'],
    ['2048K', 2, '2048K'],
  ])('reads %s', (text, megabytes, slurm) => {
    expect(parseMemory(text)).toEqual({ megabytes, slurm });
  });
  it.each(['', '4.5G', '4X', '-1G', 'G', '4 G B', '$(free)', '0', '0G', '100T'])('refuses %j', (text) => {
    expect(validationError(() => parseMemory(text)).field).toBe('mem');
  });
  it('explains the units', () => {
    expect(validationError(() => parseMemory('lots')).message).toBe(
      '"lots" is not a memory size. Use a whole number with K, M, G or T, e.g. 500M or 4G (a plain number means MB).',
    );
  });
});

describe('validateCount', () => {
  it('accepts text and numbers within the range', () => {
    expect(validateCount('4', 'nodes', 'Nodes')).toBe(4);
    expect(validateCount(8, 'cpus', 'CPUs', { max: 8 })).toBe(8);
  });
  it.each([
    ['0', 'Nodes must be from 1 to 100000; got 0.'],
    ['100001', 'Nodes must be from 1 to 100000; got 100001.'],
    ['1.5', 'Nodes must be a whole number from 1 to 100000; got "1.5".'],
    ['-1', 'Nodes must be a whole number from 1 to 100000; got "-1".'],
    ['2;reboot', 'Nodes must be a whole number from 1 to 100000; got "2;reboot".'],
  ])('refuses %j', (text, message) => {
    expect(validationError(() => validateCount(text, 'nodes', 'Nodes'))).toMatchObject({ field: 'nodes', message });
  });
  it('refuses non-integral numbers', () => {
    expect(validationError(() => validateCount(2.5, 'n', 'Tasks')).field).toBe('n');
  });
});

describe('validateWorkDir / validateAbsolutePath', () => {
  it.each(['/home/alice', '/home/alice/my runs', '/tmp/$(id)', '/données/ジョブ'])('accepts %j (quoted later, never expanded)', (p) => {
    expect(validateWorkDir(p)).toBe(p);
  });
  it.each([
    ['relative', 'The working directory must be an absolute path starting with "/"; got "relative".'],
    ['~/x', 'The working directory must be an absolute path starting with "/"; got "~/x".'],
    ['', 'The working directory must be an absolute path starting with "/"; got "".'],
    ['/a\nb', 'The working directory cannot contain newlines or control characters.'],
    ['/a\u0000b', 'The working directory cannot contain newlines or control characters.'],
  ])('refuses %j', (p, message) => {
    expect(validationError(() => validateWorkDir(p))).toMatchObject({ field: 'workDir', message });
  });
  it('refuses paths over 4096 bytes', () => {
    expect(validationError(() => validateAbsolutePath(`/${'é'.repeat(2048)}`, 'path', 'The file')).message).toBe('The file is longer than 4096 bytes.');
  });
});
