import { SBATCH_OPTIONS, checkSbatchArgs, parseSbatchOptions, sbatchOption, splitWords } from '../../../src/slurm/sbatch-options';
import { validationError } from './errors';

describe('parseSbatchOptions', () => {
  it('turns what a user types into validated long options', () => {
    expect(parseSbatchOptions('--mem=4G -t 10 --gres gpu:1')).toEqual(['--mem=4G', '--time=00:10:00', '--gres=gpu:1']);
  });

  it.each([
    ['-N 2', ['--nodes=2']],
    ['-N1-4', ['--nodes=1-4']],
    ['-n 8 -c4', ['--ntasks=8', '--cpus-per-task=4']],
    ['-t=90', ['--time=01:30:00']],
    ['-p debug', ['--partition=debug']],
    ['-p compute,debug', ['--partition=compute,debug']],
    ['-J "my run"', ['--job-name=my run']],
    ["-J 'résumé-ジョブ'", ['--job-name=résumé-ジョブ']],
    ['-o out-%j.txt -e /scratch/err-%A_%a.txt', ['--output=out-%j.txt', '--error=/scratch/err-%A_%a.txt']],
    ['-a 1-10%2', ['--array=1-10%2']],
    ['-d afterok:12:13,afterany:14_2', ['--dependency=afterok:12:13,afterany:14_2']],
    ['-d singleton', ['--dependency=singleton']],
    ['--exclusive --requeue --hold', ['--exclusive', '--requeue', '--hold']],
    ['--exclusive=user', ['--exclusive=user']],
    ['--nice=10', ['--nice=10']],
    ['--mail-type=end,FAIL --mail-user=alice@example.com', ['--mail-type=END,FAIL', '--mail-user=alice@example.com']],
    ['--export=NONE', ['--export=NONE']],
    ['--export=ALL,OMP_NUM_THREADS=4,MODE', ['--export=ALL,OMP_NUM_THREADS=4,MODE']],
    ['--begin=now+1hour', ['--begin=now+1hour']],
    ['--begin 2026-01-20T12:34:00', ['--begin=2026-01-20T12:34:00']],
    ['-C "intel&ib"', ['--constraint=intel&ib']],
    ['--gpus=a100:2 --mem-per-cpu 2G', ['--gpus=a100:2', '--mem-per-cpu=2G']],
    ['--comment="see ticket #42"', ['--comment=see ticket #42']],
    ['-D /home/alice/runs', ['--chdir=/home/alice/runs']],
    ['-q normal -A proj1', ['--qos=normal', '--account=proj1']],
    ['—mem=1G –time=5', ['--mem=1G', '--time=00:05:00']],
    ['-J \u201cquoted by Slack\u201d', ['--job-name=quoted by Slack']],
    ['', []],
    ['   ', []],
  ])('%j', (text, argv) => {
    expect(parseSbatchOptions(text)).toEqual(argv);
  });

  it.each([
    ['--wrap="rm -rf ~"', '--wrap is not allowed: the job script is the file you upload; --wrap is not available.'],
    ['--uid=0', '--uid is not allowed: jobs always run as your own Unix user.'],
    ['--gid 0', '--gid is not allowed: jobs always run with your own groups.'],
    ['--get-user-env', '--get-user-env is not allowed: the job environment is set by the cluster, not by this option.'],
    ['--parsable', '--parsable is not allowed: the bot adds it itself.'],
    ['-W', '-W is not allowed: the bot follows the job for you; --wait would block it.'],
    ['-M other', '-M is not allowed: pick the cluster in the bot, not with -M.'],
  ])('refuses %s with the reason', (text, message) => {
    expect(validationError(() => parseSbatchOptions(text))).toMatchObject({ field: 'options', message });
  });

  it('refuses an unknown option by name and lists what is allowed', () => {
    const err = validationError(() => parseSbatchOptions('--mem=1G --frobnicate=3'));
    expect(err.message).toMatch(/^--frobnicate is not an sbatch option you can use here\. Allowed: --job-name, --partition, /);
  });

  it.each([
    ['--export=ALL,X=$(id)', '--export: "X=$(id)" is not valid'],
    ['--export=PATH=`id`', '--export: "PATH=`id`" is not valid'],
    ["--export='A=b c'", '--export: "A=b c" is not valid'],
    ['--export=ALL,NONE', '--export: "ALL,NONE" is not valid'],
    ['--mem=$(free)', '"$(free)" is not a memory size'],
    ['-t "10; reboot"', '"10; reboot" is not a time limit'],
    ['--gres=gpu:1;id', '--gres: "gpu:1;id" is not valid'],
    ['--dependency=afterok:`id`', '--dependency: "afterok:`id`" is not valid'],
    ['--array=1-10%$(id)', '--array: "1-10%$(id)" is not valid'],
    ['--begin="now; id"', '--begin: "now; id" is not valid'],
    ['--chdir=relative/dir', '--chdir must be an absolute path'],
    ['--output="a\nb"', '--output must fit on one line.'],
    ['-J', '--job-name needs a value (name).'],
    ['--time', '--time needs a value'],
    ['-t -5', '"-5" is not a time limit'],
    ['--hold=yes', '--hold takes no value; write just --hold.'],
    ['-Hx', '-H (--hold) takes no value; got "-Hx".'],
    ['--mem=1G --mem=2G', '--mem is given twice.'],
    ['--mem=1G -J a script.sh', '"script.sh" is not an sbatch option.'],
    ['--nice 5', '"5" is not an sbatch option.'],
    ['-J "unclosed', 'A quote " is not closed in the options.'],
    ['--comment="a\u0007b"', 'The options contain a control character.'],
    ['--mail-type=EVERYTHING', '--mail-type: "EVERYTHING" is not valid; expected a comma-separated list of NONE, BEGIN'],
    ['--mail-user=root@localhost', '"root@localhost" is not a valid Unix user name'],
    ['--nodes=0', '--nodes: "0" is not valid; expected a node count such as 2 or a range such as 1-4.'],
    ['--cpus-per-task=0', '--cpus-per-task must be from 1 to 100000; got 0.'],
  ])('refuses %j', (text, message) => {
    const err = validationError(() => parseSbatchOptions(text));
    expect(err.field).toBe('options');
    expect(err.message).toContain(message);
  });

  it('uses the field the caller names', () => {
    expect(validationError(() => parseSbatchOptions('--bogus', 'extra')).field).toBe('extra');
  });

  it('treats $, backticks and backslashes as plain characters when splitting', () => {
    expect(splitWords('a$(b) `c` d\\ e "f g"')).toEqual(['a$(b)', '`c`', 'd\\', 'e', 'f g']);
  });
});

describe('sbatchOption (one form field)', () => {
  it('normalises the value', () => {
    expect(sbatchOption('--time', '90')).toBe('--time=01:30:00');
    expect(sbatchOption('-t', '90')).toBe('--time=01:30:00');
    expect(sbatchOption('--hold')).toBe('--hold');
  });
  it('names the form field in errors', () => {
    expect(validationError(() => sbatchOption('--time', 'soon', 'time'))).toMatchObject({ field: 'time' });
    expect(validationError(() => sbatchOption('--time', undefined, 'time')).message).toBe('--time needs a value (time limit, e.g. 30, 2:00:00, 1-00:00:00).');
  });
});

describe('checkSbatchArgs (what builders re-check)', () => {
  it('passes our own output through', () => {
    const args = parseSbatchOptions('-J x -t 5 --mem 1G --exclusive');
    expect(checkSbatchArgs(args)).toEqual(args);
  });
  it.each([['-t10'], ['--wrap=id'], ['script.sh'], ['--time'], ['--export=X=$(id)']])('refuses %j, naming it first', (arg) => {
    expect(validationError(() => checkSbatchArgs([arg])).message.split(/[ :]/)[0]).toBe(arg.split('=')[0]);
  });
});

describe('the allow-list', () => {
  it('has one entry per long and short name', () => {
    const longs = SBATCH_OPTIONS.map((o) => o.name);
    const shorts = SBATCH_OPTIONS.flatMap((o) => (o.short ? [o.short] : []));
    expect(new Set(longs).size).toBe(longs.length);
    expect(new Set(shorts).size).toBe(shorts.length);
  });
  it('gives every option with a value a check', () => {
    expect(SBATCH_OPTIONS.filter((o) => o.arg !== 'none' && !o.check).map((o) => o.name)).toEqual([]);
  });
});
