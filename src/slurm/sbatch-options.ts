import { ValidationError } from '../errors';
import {
  parseMemory, parseTimeLimit, validateAbsolutePath, validateCount, validateFreeText, validateJobName,
  validatePartition, validateSlurmName, validateUserName,
} from './validate';
import { printable } from './values';

/*
 * The sbatch options a Slack user may add to a submission, each with its own value check.
 * Anything not listed is refused, so a new sbatch option is unavailable until someone has
 * thought about it. Values travel as argv items (`--mem=4G`), never through a shell, but they
 * are still held to what Slurm accepts so that a mistake is reported before submitting.
 */

type Check = (value: string, field: string) => string;

export interface SbatchOptionSpec {
  /** Long form, e.g. `--mem`. */
  readonly name: string;
  /** Short form, e.g. `-N`. */
  readonly short?: string;
  /** `none`: a flag; `optional`: a value only as `--name=value` (getopt's rule). */
  readonly arg: 'none' | 'required' | 'optional';
  /** What the value is, for help texts: `size, e.g. 4G`. */
  readonly hint: string;
  readonly check?: Check;
}

const fail = (field: string, option: string, value: string, expected: string): never => {
  throw new ValidationError(`${option}: "${printable(value)}" is not valid; expected ${expected}.`, field);
};

const pattern = (option: string, re: RegExp, expected: string): Check => (value, field) =>
  re.test(value) ? value : fail(field, option, value, expected);

const oneOf = (option: string, words: readonly string[], list = false): Check => (value, field) => {
  const items = list ? value.split(',') : [value];
  const known = new Map(words.map((w) => [w.toLowerCase(), w]));
  const out = items.map((i) => known.get(i.trim().toLowerCase()) ?? fail(field, option, i, `${list ? 'a comma-separated list of ' : 'one of '}${words.join(', ')}`));
  return out.join(',');
};

const count = (option: string, max: number, min = 1): Check => (value, field) =>
  String(validateCount(value, field, option, { min, max }));

const time: Check = (value, field) => parseTimeLimit(value, field).slurm;
const memory: Check = (value, field) => parseMemory(value, field).slurm;

/** Output and error file patterns: one line of printable text; relative paths are relative to --chdir. */
const filePattern = (option: string): Check => (value, field) => {
  if (value.startsWith('/')) return validateAbsolutePath(value, field, option);
  return validateFreeText(value, field, option, 4096);
};

const NODE_RANGE = /^[1-9]\d{0,5}(-[1-9]\d{0,5})?$/;
const ARRAY = /^\d{1,7}(-\d{1,7}(:\d{1,7})?)?(,\d{1,7}(-\d{1,7}(:\d{1,7})?)?)*(%\d{1,7})?$/;
const DEP_ITEM = /^(singleton|(after|afterany|afterok|afternotok|aftercorr|afterburstbuffer)(:\d{1,10}(_\d{1,10})?(\+\d{1,6})?)+)$/;
const GRES_ITEM = /^[A-Za-z0-9_]{1,32}(:[A-Za-z0-9_.-]{1,64}){0,2}$/;
const GPU_COUNT = /^([A-Za-z0-9_.-]{1,64}:)?\d{1,4}$/;
const CONSTRAINT = /^[A-Za-z0-9_.,&|[\]*()!:-]{1,512}$/;
const HOSTLIST = /^[A-Za-z0-9_.,[\]-]{1,4096}$/;
const LICENSES = /^[A-Za-z0-9_.@:,-]{1,512}$/;
const SIGNAL = /^((R|B|RB|BR):)?(SIG)?[A-Z0-9]{1,8}(@\d{1,5})?$/;
const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$/;
const BEGIN = new RegExp(
  '^(' +
    [
      'now(\\+\\d{1,9}(seconds|minutes|hours|days|weeks|second|minute|hour|day|week|s|m|h|d|w)?)?',
      'today', 'tomorrow', 'midnight', 'noon', 'fika', 'teatime', 'elevenses',
      '\\d{1,2}:\\d{2}(:\\d{2})?(am|pm)?',
      '\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2})?)?',
      '\\d{1,2}/\\d{1,2}(/\\d{2}|/\\d{4})?',
      '\\d{6}',
    ].join('|') +
    ')$',
  'i',
);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const ENV_VALUE = /^[A-Za-z0-9_./:@+-]{0,1024}$/;

const MAIL_TYPES = [
  'NONE', 'BEGIN', 'END', 'FAIL', 'REQUEUE', 'ALL', 'INVALID_DEPEND', 'STAGE_OUT', 'TIME_LIMIT',
  'TIME_LIMIT_90', 'TIME_LIMIT_80', 'TIME_LIMIT_50', 'ARRAY_TASKS',
];

/**
 * `--export`: NONE, ALL, or `[ALL,]NAME[=value],...` with plain values: a value with `$`, quotes,
 * spaces or commas is refused even though sbatch would not expand it, as it is almost always a
 * shell habit that will not do what the user thinks.
 */
const exportCheck: Check = (value, field) => {
  const upper = value.toUpperCase();
  if (upper === 'NONE' || upper === 'ALL') return upper;
  const items = value.split(',');
  return items
    .map((item, i) => {
      if (i === 0 && item.toUpperCase() === 'ALL') return 'ALL';
      if (item.toUpperCase() === 'NONE') return fail(field, '--export', value, 'NONE alone, not in a list');
      const eq = item.indexOf('=');
      const name = eq < 0 ? item : item.slice(0, eq);
      const val = eq < 0 ? undefined : item.slice(eq + 1);
      if (!ENV_NAME.test(name)) return fail(field, '--export', item, 'NONE, ALL or NAME=value with a variable NAME');
      if (val !== undefined && !ENV_VALUE.test(val)) {
        return fail(field, '--export', item, 'a plain value (letters, digits and _ . / : @ + -), no $, quotes, spaces or command substitution');
      }
      return item;
    })
    .join(',');
};

const dependencyCheck: Check = (value, field) => {
  const items = value.split(/[,?]/);
  if (items.every((i) => DEP_ITEM.test(i))) return value;
  return fail(field, '--dependency', value, 'e.g. afterok:1234, afterany:1234:1235, singleton (joined with , or ?)');
};

const gresCheck: Check = (value, field) =>
  value.toLowerCase() === 'none' || value.split(',').every((i) => GRES_ITEM.test(i))
    ? value
    : fail(field, '--gres', value, 'e.g. gpu:1 or gpu:a100:2');

const partitionsCheck: Check = (value, field) => value.split(',').map((p) => validatePartition(p, field)).join(',');

const mailUserCheck: Check = (value, field) => {
  if (EMAIL.test(value)) return value;
  return validateUserName(value, field);
};

const niceCheck: Check = (value, field) =>
  /^-?\d{1,5}$/.test(value) && Math.abs(Number(value)) <= 10000 ? String(Number(value)) : fail(field, '--nice', value, 'a whole number from -10000 to 10000');

export const SBATCH_OPTIONS: readonly SbatchOptionSpec[] = [
  { name: '--job-name', short: '-J', arg: 'required', hint: 'name', check: (v, f) => validateJobName(v, f) },
  { name: '--partition', short: '-p', arg: 'required', hint: 'partition[,partition]', check: partitionsCheck },
  { name: '--nodes', short: '-N', arg: 'required', hint: 'count or min-max, e.g. 2 or 1-4', check: pattern('--nodes', NODE_RANGE, 'a node count such as 2 or a range such as 1-4') },
  { name: '--ntasks', short: '-n', arg: 'required', hint: 'count', check: count('--ntasks', 1000000) },
  { name: '--ntasks-per-node', arg: 'required', hint: 'count', check: count('--ntasks-per-node', 100000) },
  { name: '--ntasks-per-core', arg: 'required', hint: 'count', check: count('--ntasks-per-core', 1024) },
  { name: '--ntasks-per-gpu', arg: 'required', hint: 'count', check: count('--ntasks-per-gpu', 1024) },
  { name: '--cpus-per-task', short: '-c', arg: 'required', hint: 'count', check: count('--cpus-per-task', 100000) },
  { name: '--cpus-per-gpu', arg: 'required', hint: 'count', check: count('--cpus-per-gpu', 100000) },
  { name: '--threads-per-core', arg: 'required', hint: 'count', check: count('--threads-per-core', 64) },
  { name: '--mincpus', arg: 'required', hint: 'count', check: count('--mincpus', 100000) },
  { name: '--mem', arg: 'required', hint: 'size, e.g. 4G', check: memory },
  { name: '--mem-per-cpu', arg: 'required', hint: 'size, e.g. 2G', check: memory },
  { name: '--mem-per-gpu', arg: 'required', hint: 'size, e.g. 16G', check: memory },
  { name: '--tmp', arg: 'required', hint: 'size, e.g. 10G', check: memory },
  { name: '--time', short: '-t', arg: 'required', hint: 'time limit, e.g. 30, 2:00:00, 1-00:00:00', check: time },
  { name: '--time-min', arg: 'required', hint: 'time limit', check: time },
  { name: '--chdir', short: '-D', arg: 'required', hint: 'absolute directory', check: (v, f) => validateAbsolutePath(v, f, '--chdir') },
  { name: '--output', short: '-o', arg: 'required', hint: 'file pattern, e.g. out-%j.txt', check: filePattern('--output') },
  { name: '--error', short: '-e', arg: 'required', hint: 'file pattern, e.g. err-%j.txt', check: filePattern('--error') },
  { name: '--open-mode', arg: 'required', hint: 'append or truncate', check: oneOf('--open-mode', ['append', 'truncate']) },
  { name: '--array', short: '-a', arg: 'required', hint: 'indexes, e.g. 1-10%2', check: pattern('--array', ARRAY, 'indexes such as 0-15, 1,3,5, 0-15:4 or 1-100%10') },
  { name: '--dependency', short: '-d', arg: 'required', hint: 'e.g. afterok:1234', check: dependencyCheck },
  { name: '--kill-on-invalid-dep', arg: 'required', hint: 'yes or no', check: oneOf('--kill-on-invalid-dep', ['yes', 'no']) },
  { name: '--gres', arg: 'required', hint: 'e.g. gpu:1', check: gresCheck },
  { name: '--gpus', short: '-G', arg: 'required', hint: '[type:]count', check: pattern('--gpus', GPU_COUNT, 'a count such as 2 or type:count such as a100:2') },
  { name: '--gpus-per-node', arg: 'required', hint: '[type:]count', check: pattern('--gpus-per-node', GPU_COUNT, 'a count such as 2 or type:count') },
  { name: '--gpus-per-task', arg: 'required', hint: '[type:]count', check: pattern('--gpus-per-task', GPU_COUNT, 'a count such as 1 or type:count') },
  { name: '--constraint', short: '-C', arg: 'required', hint: 'node features, e.g. intel&ib', check: pattern('--constraint', CONSTRAINT, 'feature names joined with & | , and brackets') },
  { name: '--nodelist', short: '-w', arg: 'required', hint: 'nodes, e.g. node[1-4]', check: pattern('--nodelist', HOSTLIST, 'a node list such as node[1-4],gpu01') },
  { name: '--exclude', short: '-x', arg: 'required', hint: 'nodes, e.g. node[1-4]', check: pattern('--exclude', HOSTLIST, 'a node list such as node[1-4],gpu01') },
  { name: '--exclusive', arg: 'optional', hint: '[=user|mcs]', check: oneOf('--exclusive', ['user', 'mcs']) },
  { name: '--contiguous', arg: 'none', hint: '' },
  { name: '--overcommit', short: '-O', arg: 'none', hint: '' },
  { name: '--oversubscribe', short: '-s', arg: 'none', hint: '' },
  { name: '--spread-job', arg: 'none', hint: '' },
  { name: '--hint', arg: 'required', hint: 'compute_bound, memory_bound, multithread, nomultithread', check: oneOf('--hint', ['compute_bound', 'memory_bound', 'multithread', 'nomultithread']) },
  { name: '--mail-type', arg: 'required', hint: 'e.g. END,FAIL', check: oneOf('--mail-type', MAIL_TYPES, true) },
  { name: '--mail-user', arg: 'required', hint: 'e-mail address or user', check: mailUserCheck },
  { name: '--qos', short: '-q', arg: 'required', hint: 'QOS name', check: (v, f) => validateSlurmName(v, f, 'QOS name') },
  { name: '--account', short: '-A', arg: 'required', hint: 'account name', check: (v, f) => validateSlurmName(v, f, 'account name') },
  { name: '--reservation', arg: 'required', hint: 'reservation name', check: (v, f) => validateSlurmName(v, f, 'reservation name') },
  { name: '--wckey', arg: 'required', hint: 'wckey', check: (v, f) => validateSlurmName(v, f, 'wckey') },
  { name: '--licenses', short: '-L', arg: 'required', hint: 'e.g. matlab:2', check: pattern('--licenses', LICENSES, 'licenses such as matlab:2,fluent') },
  { name: '--comment', arg: 'required', hint: 'text', check: (v, f) => validateFreeText(v, f, '--comment', 200) },
  { name: '--export', arg: 'required', hint: 'NONE, ALL or ALL,NAME=value', check: exportCheck },
  { name: '--requeue', arg: 'none', hint: '' },
  { name: '--no-requeue', arg: 'none', hint: '' },
  { name: '--begin', short: '-b', arg: 'required', hint: 'e.g. now+1hour, 16:00, 2026-01-20T12:34:00', check: pattern('--begin', BEGIN, 'a time such as now+1hour, 16:00, tomorrow or 2026-01-20T12:34:00') },
  { name: '--deadline', arg: 'required', hint: 'e.g. now+2days', check: pattern('--deadline', BEGIN, 'a time such as now+2days or 2026-01-20T12:34:00') },
  { name: '--hold', short: '-H', arg: 'none', hint: '' },
  { name: '--nice', arg: 'optional', hint: '[=adjustment]', check: niceCheck },
  { name: '--signal', arg: 'required', hint: 'e.g. B:USR1@120', check: pattern('--signal', SIGNAL, 'a signal such as USR1@120 or B:TERM@60') },
  { name: '--no-kill', short: '-k', arg: 'none', hint: '' },
];

/** Options people try that are refused on purpose, with the reason they are told. */
const REFUSED: Readonly<Record<string, string>> = {
  '--wrap': 'the job script is the file you upload; --wrap is not available',
  '--uid': 'jobs always run as your own Unix user',
  '--gid': 'jobs always run with your own groups',
  '--get-user-env': 'the job environment is set by the cluster, not by this option',
  '--export-file': 'use --export=NAME=value instead',
  '--parsable': 'the bot adds it itself',
  '--wait': 'the bot follows the job for you; --wait would block it',
  '-W': 'the bot follows the job for you; --wait would block it',
  '--test-only': 'not available from Slack',
  '--clusters': 'pick the cluster in the bot, not with --clusters',
  '-M': 'pick the cluster in the bot, not with -M',
  '--batch': 'not available from Slack',
  '--input': 'the job script reads no standard input from Slack',
  '-i': 'the job script reads no standard input from Slack',
  '--container': 'not available from Slack',
  '--priority': 'only administrators may set a priority',
  '--help': 'see /slurm help', '-h': 'see /slurm help',
  '--usage': 'see /slurm help', '--version': 'not available from Slack', '-V': 'not available from Slack',
};

const BY_LONG = new Map(SBATCH_OPTIONS.map((o) => [o.name, o]));
const BY_SHORT = new Map(SBATCH_OPTIONS.filter((o) => o.short).map((o) => [o.short!, o]));

function refuse(option: string, field: string): never {
  const reason = REFUSED[option];
  const shown = printable(option, 40);
  throw new ValidationError(
    reason ? `${shown} is not allowed: ${reason}.` : `${shown} is not an sbatch option you can use here. Allowed: ${SBATCH_OPTIONS.map((o) => o.name).join(', ')}.`,
    field,
  );
}

function item(spec: SbatchOptionSpec, value: string | undefined, field: string): string {
  if (value === undefined) return spec.name;
  if (spec.arg === 'none') throw new ValidationError(`${spec.name} takes no value; write just ${spec.name}.`, field);
  const checked = spec.check ? spec.check(value.trim(), field) : value;
  return `${spec.name}=${checked}`;
}

/**
 * One validated sbatch argv item from an option name (long or short) and its value, e.g.
 * `sbatchOption('--time', '90')` → `--time=01:30:00`. For form fields of the submit modal.
 * @throws ValidationError (with `field`) for an option off the allow-list, a missing value or a bad value.
 */
export function sbatchOption(name: string, value?: string, field = 'options'): string {
  const spec = BY_LONG.get(name) ?? BY_SHORT.get(name);
  if (!spec) return refuse(name, field);
  if (value === undefined && spec.arg === 'required') throw new ValidationError(`${spec.name} needs a value (${spec.hint}).`, field);
  return item(spec, value, field);
}

const QUOTES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\u201c': '\u201d', '\u2018': '\u2019', '\u201e': '\u201c' };

/**
 * Splits what a user typed into words the way they expect: spaces separate, "double", 'single'
 * and Slack's curly quotes group. Nothing is expanded: `$`, backticks and `\` are plain characters.
 * @throws ValidationError (with `field`) for an unclosed quote or a control character.
 */
export function splitWords(text: string, field = 'options'): string[] {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) throw new ValidationError('The options contain a control character.', field);
  const words: string[] = [];
  let current: string | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const close = QUOTES[c];
    if (close !== undefined) {
      const end = text.indexOf(close, i + 1);
      if (end < 0) throw new ValidationError(`A quote ${c} is not closed in the options.`, field);
      current = (current ?? '') + text.slice(i + 1, end);
      i = end + 1;
    } else if (/\s/.test(c)) {
      if (current !== undefined) words.push(current);
      current = undefined;
      i++;
    } else {
      current = (current ?? '') + c;
      i++;
    }
  }
  if (current !== undefined) words.push(current);
  return words;
}

/**
 * Parses sbatch options as a user types them (`--mem=4G -t 10 --gres gpu:1 -J "my run"`) into
 * validated long-form argv items (`--mem=4G`, `--time=00:10:00`, `--gres=gpu:1`, `--job-name=my run`).
 * Short forms take their value attached or as the next word (`-t10`, `-t 10`); options with an
 * optional value take it only as `--name=value`, as sbatch does.
 * @throws ValidationError (with `field`) naming the first option that is not allowed, lacks a value,
 *   has a bad value or is given twice, or a word that is not an option at all.
 */
export function parseSbatchOptions(text: string, field = 'options'): readonly string[] {
  const words = splitWords(text, field);
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    // Slack clients turn a typed "--" into an en or em dash.
    const word = words[i]!.replace(/^[\u2013\u2014]/, '--');
    let spec: SbatchOptionSpec | undefined;
    let value: string | undefined;
    if (word.startsWith('--') && word.length > 2) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word : word.slice(0, eq);
      spec = BY_LONG.get(name) ?? refuse(name, field);
      value = eq < 0 ? undefined : word.slice(eq + 1);
    } else if (/^-[A-Za-z]/.test(word)) {
      const name = word.slice(0, 2);
      spec = BY_SHORT.get(name) ?? refuse(name, field);
      const rest = word.slice(2);
      if (spec.arg === 'none') {
        if (rest !== '') throw new ValidationError(`${name} (${spec.name}) takes no value; got "${printable(word)}".`, field);
      } else if (rest !== '') {
        value = rest.replace(/^=/, '');
      }
    } else {
      throw new ValidationError(
        `"${printable(word)}" is not an sbatch option. Options start with - or --, e.g. --mem=4G -t 30; the job script comes from the file you upload.`,
        field,
      );
    }
    if (value === undefined && spec.arg === 'required') {
      const next = words[i + 1];
      if (next === undefined || (next.startsWith('-') && !/^-\d/.test(next))) {
        throw new ValidationError(`${spec.name} needs a value (${spec.hint}).`, field);
      }
      value = next;
      i++;
    }
    if (seen.has(spec.name)) throw new ValidationError(`${spec.name} is given twice.`, field);
    seen.add(spec.name);
    out.push(item(spec, value, field));
  }
  return out;
}

/**
 * Re-checks argv items produced by parseSbatchOptions / sbatchOption (defence in depth for builders):
 * each must be `--name` or `--name=value` of an allowed option with a valid value.
 * @throws ValidationError (with `field`) otherwise.
 */
export function checkSbatchArgs(args: readonly string[], field = 'options'): readonly string[] {
  return args.map((arg) => {
    if (!arg.startsWith('--')) return refuse(arg, field);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const spec = BY_LONG.get(name) ?? refuse(name, field);
    if (eq < 0 && spec.arg === 'required') throw new ValidationError(`${spec.name} needs a value (${spec.hint}).`, field);
    return item(spec, eq < 0 ? undefined : arg.slice(eq + 1), field);
  });
}
