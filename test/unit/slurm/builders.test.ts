import {
  buildHold, buildJobControl, buildRelease, buildRequeue, buildSacct, buildSbatch, buildScancel, buildShowJob,
  buildShowNodes, buildSinfoPartitions, buildSqueue, buildSqueueStart, buildTail,
} from '../../../src/slurm/builders';
import { parseJobIdArg } from '../../../src/slurm/jobid';
import { parseSbatchOptions } from '../../../src/slurm/sbatch-options';
import type { JobState } from '../../../src/slurm/states';
import { validationError } from './errors';

const US = '\x1f';
const RS = '\x1e';
const SQUEUE_FORMAT =
  `--Format=JobID:0${US},JobArrayID:0${US},ArrayJobID:0${US},ArrayTaskID:0${US},HetJobID:0${US},HetJobOffset:0${US},` +
  `Name:0${US},UserName:0${US},State:0${US},Reason:0${US},Partition:0${US},NodeList:0${US},NumNodes:0${US},NumCPUs:0${US},` +
  `SubmitTime:0${US},StartTime:0${US},EndTime:0${US},TimeUsed:0${US},TimeLimit:0${US},exit_code:0${US},STDOUT:0${US},` +
  `STDERR:0${US},WorkDir:0${US},Dependency:0${US},MinMemory:0${RS}`;

describe('buildSqueue', () => {
  it('lists everything with the field map as -O', () => {
    expect(buildSqueue()).toEqual(['squeue', '--noheader', '--all', '--noconvert', SQUEUE_FORMAT]);
  });

  it('filters by users, partition and states', () => {
    expect(buildSqueue({ users: ['alice', 'bob'], partition: 'debug', states: ['PENDING', 'RUNNING'] }).slice(5)).toEqual([
      '--users=alice,bob', '--partition=debug', '--states=PENDING,RUNNING',
    ]);
  });

  it('asks for all states when looking up job ids, so recently finished jobs show', () => {
    expect(buildSqueue({ jobIds: ['12', '13_2', '14+1'] }).slice(5)).toEqual(['--jobs=12,13_2,14+1', '--states=all']);
  });

  it('keeps explicit states even with job ids', () => {
    expect(buildSqueue({ jobIds: ['12'], states: ['COMPLETED'] }).slice(5)).toEqual(['--jobs=12', '--states=COMPLETED']);
  });

  it.each([
    [{ users: ['alice;id'] }, 'users'],
    [{ partition: 'a b' }, 'partition'],
    [{ jobIds: ['12;id'] }, 'jobId'],
    [{ states: ['UNKNOWN' as JobState] }, 'states'],
    [{ states: ['running' as JobState] }, 'states'],
  ])('refuses a bad filter %j', (filter, field) => {
    expect(validationError(() => buildSqueue(filter)).field).toBe(field);
  });
});

describe('buildSqueueStart', () => {
  it('uses -o percent codes, which 22.05 honours with --start', () => {
    expect(buildSqueueStart({ users: ['alice'] })).toEqual([
      'squeue', '--noheader', '--all', '--start', `--format=%i${US}%j${US}%u${US}%P${US}%S${US}%Y${US}%r${RS}`, '--users=alice',
    ]);
  });
});

describe('buildSinfoPartitions', () => {
  it('asks for one line per partition and node state', () => {
    expect(buildSinfoPartitions()).toEqual([
      'sinfo', '--noheader',
      `--Format=PartitionName:0${US},Partition:0${US},Available:0${US},Time:0${US},DefaultTime:0${US},Nodes:0${US},StateLong:0${US},CPUsState:0${US},NodeList:0${RS}`,
    ]);
    expect(buildSinfoPartitions('gpu').at(-1)).toBe('--partition=gpu');
  });
});

describe('scontrol builders', () => {
  it('shows nodes and jobs in one-line form', () => {
    expect(buildShowNodes()).toEqual(['scontrol', '--oneliner', 'show', 'node']);
    expect(buildShowNodes('queue1-dy-c5xlarge-1')).toEqual(['scontrol', '--oneliner', 'show', 'node', 'queue1-dy-c5xlarge-1']);
    expect(buildShowJob('123_4')).toEqual(['scontrol', '--oneliner', 'show', 'job', '123_4']);
    expect(buildShowJob(parseJobIdArg('#77'))).toEqual(['scontrol', '--oneliner', 'show', 'job', '77']);
  });

  it('refuses a node name that is not a host name', () => {
    expect(validationError(() => buildShowNodes('node[1-3]')).field).toBe('node');
    expect(validationError(() => buildShowNodes('-o')).field).toBe('node');
  });

  it('holds, releases and requeues one job', () => {
    expect(buildHold('12')).toEqual(['scontrol', 'hold', '12']);
    expect(buildRelease('12_3')).toEqual(['scontrol', 'release', '12_3']);
    expect(buildRequeue('12+1')).toEqual(['scontrol', 'requeue', '12+1']);
    expect(validationError(() => buildJobControl('suspend' as 'hold', '12')).field).toBe('action');
  });

  it('re-validates a JobId object whatever built it', () => {
    expect(validationError(() => buildHold({ raw: '1;reboot', baseId: '1' })).field).toBe('jobId');
  });
});

describe('buildScancel', () => {
  it('is verbose so that unknown and finished jobs are reported', () => {
    expect(buildScancel('12')).toEqual(['scancel', '--verbose', '12']);
  });
  it.each(['', '12 13', '-u alice', '12_[1-3]', '--signal=KILL'])('refuses %j', (id) => {
    expect(validationError(() => buildScancel(id)).field).toBe('jobId');
  });
});

describe('buildSbatch', () => {
  it('reads the script from stdin and prints the id', () => {
    expect(buildSbatch()).toEqual(['sbatch', '--parsable']);
    expect(buildSbatch(parseSbatchOptions('-J x -t 5 --hold'))).toEqual([
      'sbatch', '--parsable', '--job-name=x', '--time=00:05:00', '--hold',
    ]);
  });
  it('re-checks options it did not produce itself', () => {
    expect(validationError(() => buildSbatch(['--wrap=id'])).message).toContain('--wrap is not allowed');
    expect(validationError(() => buildSbatch(['/tmp/script.sh'])).message).toContain('/tmp/script.sh is not an sbatch option');
  });
});

describe('buildSacct', () => {
  it('asks for parsable output with the unit separator', () => {
    expect(buildSacct(['12', '13_2'])).toEqual([
      'sacct', '--noheader', '--parsable2', `--delimiter=${US}`, '--noconvert',
      '--format=JobID,JobIDRaw,JobName,User,Partition,State,ExitCode,DerivedExitCode,Submit,Start,End,ElapsedRaw,Timelimit,TotalCPU,MaxRSS,ReqMem,AllocCPUS,NNodes,NodeList,WorkDir',
      '--jobs=12,13_2',
    ]);
  });
  it('needs at least one job', () => {
    expect(validationError(() => buildSacct([])).field).toBe('jobId');
  });
});

describe('buildTail', () => {
  it('reads the end of an output file, path after --', () => {
    expect(buildTail('/home/alice/slurm-12.out')).toEqual(['tail', '-n', '50', '--', '/home/alice/slurm-12.out']);
    expect(buildTail('/home/alice/-n 5', 10)).toEqual(['tail', '-n', '10', '--', '/home/alice/-n 5']);
  });
  it.each([
    ['slurm-12.out', 50, 'path'],
    ['/a\nb', 50, 'path'],
    ['/x', 0, 'lines'],
    ['/x', 10001, 'lines'],
  ])('refuses %j with %d lines', (path, lines, field) => {
    expect(validationError(() => buildTail(path, lines)).field).toBe(field);
  });
});
