import { ValidationError } from '../../errors';
import { jobIdText, parseJobIdArg } from '../../slurm/jobid';
import { printable } from '../../slurm/values';
import { parseJobState, type JobState } from '../../slurm/states';
import { validateCount, validatePartition, validateUserName } from '../../slurm/validate';
import { SUBCOMMANDS, type Command, type ParsedCommand, type UserRef } from './command';
import { tokenize } from './tokenize';

const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const SLACK_MENTION = /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/;
const MAX_PAGE = 10_000;

const ALIASES: Readonly<Record<string, (typeof SUBCOMMANDS)[number]>> = {
  jobs: 'jobs', queue: 'jobs', squeue: 'jobs', ls: 'jobs',
  job: 'job', show: 'job',
  nodes: 'nodes', node: 'nodes', sinfo: 'nodes',
  partitions: 'partitions', partition: 'partitions',
  clusters: 'clusters', cluster: 'clusters',
  submit: 'submit', sbatch: 'submit',
  help: 'help', '?': 'help',
  cancel: 'cancel', scancel: 'cancel', kill: 'cancel',
  hold: 'hold', release: 'release', requeue: 'requeue',
  output: 'output', out: 'output', tail: 'output', log: 'output', logs: 'output',
  watch: 'watch', unwatch: 'unwatch',
  whoami: 'whoami', me: 'whoami', link: 'link', unlink: 'unlink',
};

/** Options with their canonical names; `true` = takes a value. */
const OPTIONS: Readonly<Record<string, readonly [name: string, takesValue: boolean]>> = {
  '--all': ['all', false], '-a': ['all', false],
  '--user': ['user', true], '--users': ['user', true], '-u': ['user', true],
  '--state': ['state', true], '--states': ['state', true], '-t': ['state', true], '-s': ['state', true],
  '--partition': ['partition', true], '-p': ['partition', true],
  '--page': ['page', true],
  '--cluster': ['cluster', true], '--clusters': ['cluster', true], '-c': ['cluster', true], '-M': ['cluster', true],
};
const UNKNOWN_OPTION = '?';
const HELP_FLAGS = new Set(['-h', '--help']);

interface Words {
  readonly positional: string[];
  readonly options: Map<string, string[]>;
}

function usage(sub: string): string {
  switch (sub) {
    case 'jobs':
      return '`/slurm jobs [--all | --user NAME] [--state STATE] [--partition NAME] [--page N]`';
    case 'job':
      return '`/slurm job ID`';
    case 'nodes':
      return '`/slurm nodes [--partition NAME] [--page N]`';
    case 'output':
      return '`/slurm output ID [LINES]`';
    case 'link':
      return '`/slurm link YOUR_UNIX_USER [-c CLUSTER]`';
    case 'unlink':
      return '`/slurm unlink [-c CLUSTER]`';
    case 'cancel':
    case 'hold':
    case 'release':
    case 'requeue':
    case 'watch':
    case 'unwatch':
      return `\`/slurm ${sub} ID\``;
    default:
      return `\`/slurm ${sub}\``;
  }
}

/** Splits words into options (with their values) and the rest; `--opt=value` and `--opt value` both work. */
function splitWords(tokens: readonly string[]): Words {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!token.startsWith('-') || /^-?\d/.test(token.slice(1)) || token === '-') {
      positional.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const flag = eq > 0 ? token.slice(0, eq) : token;
    const spec = OPTIONS[flag] ?? OPTIONS[flag.toLowerCase()];
    if (spec === undefined) {
      // Kept for the subcommand to report, so that `/slurm jbos --x` still gets its did-you-mean.
      options.set(UNKNOWN_OPTION, [...(options.get(UNKNOWN_OPTION) ?? []), flag]);
      continue;
    }
    const [name, takesValue] = spec;
    let value = '';
    if (takesValue) {
      const next = eq > 0 ? token.slice(eq + 1) : tokens[++i];
      if (next === undefined || next === '') throw new ValidationError(`\`${flag}\` needs a value.`, name);
      value = next;
    } else if (eq > 0) {
      throw new ValidationError(`\`${flag}\` takes no value.`, name);
    }
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { positional, options };
}

function single(words: Words, name: string): string | undefined {
  const values = words.options.get(name);
  if (values === undefined) return undefined;
  if (values.length > 1) throw new ValidationError(`Give \`--${name}\` once.`, name);
  return values[0];
}

function onlyOptions(words: Words, sub: string, allowed: readonly string[]): void {
  const unknown = words.options.get(UNKNOWN_OPTION)?.[0];
  if (unknown !== undefined) {
    throw new ValidationError(`\`${sub}\` has no \`${printable(unknown, 40)}\` option. Usage: ${usage(sub)}`, 'option');
  }
  for (const name of words.options.keys()) {
    if (name !== 'cluster' && !allowed.includes(name)) {
      throw new ValidationError(`\`${sub}\` has no \`--${name}\` option. Usage: ${usage(sub)}`, name);
    }
  }
}

function noPositional(words: Words, sub: string, hint?: (word: string) => string): void {
  const extra = words.positional[0];
  if (extra === undefined) return;
  const suggestion = hint ? ` ${hint(extra)}` : '';
  throw new ValidationError(`Unexpected \`${printable(extra, 40)}\` after \`${sub}\`.${suggestion} Usage: ${usage(sub)}`, 'text');
}

function parseUserRef(text: string): UserRef {
  const mention = SLACK_MENTION.exec(text);
  if (mention) return { slackId: mention[1]! };
  return { unix: validateUserName(text.replace(/^@/, '')) };
}

function parseStates(text: string): JobState[] {
  const states = text.split(',').filter((s) => s.trim() !== '').map((s) => {
    const state = parseJobState(s);
    if (state === 'UNKNOWN') {
      throw new ValidationError(
        `"${printable(s, 40)}" is not a job state. Try pending, running, completing, completed, failed, cancelled, timeout or suspended (or PD, R, CG…).`,
        'state',
      );
    }
    return state;
  });
  if (states.length === 0) throw new ValidationError('`--state` needs at least one state.', 'state');
  return [...new Set(states)];
}

function parsePage(text: string | undefined): number {
  return text === undefined ? 1 : validateCount(text, 'page', 'The page', { min: 1, max: MAX_PAGE });
}

function parseJobs(words: Words): Command {
  onlyOptions(words, 'jobs', ['all', 'user', 'state', 'partition', 'page']);
  noPositional(words, 'jobs', (w) => (/^\d/.test(w) ? `For one job use \`/slurm job ${printable(w, 20)}\`.` : `For someone's jobs use \`--user ${printable(w, 32)}\`.`));
  const all = words.options.has('all');
  const userTexts = (words.options.get('user') ?? []).flatMap((u) => u.split(',')).filter((u) => u.trim() !== '');
  if (all && userTexts.length > 0) throw new ValidationError('Use either `--all` or `--user`, not both.', 'user');
  if (userTexts.length > 20) throw new ValidationError('At most 20 users at a time.', 'user');
  const state = words.options.get('state');
  const partition = single(words, 'partition');
  return {
    kind: 'jobs',
    all,
    ...(userTexts.length > 0 && { users: userTexts.map(parseUserRef) }),
    ...(state !== undefined && { states: parseStates(state.join(',')) }),
    ...(partition !== undefined && { partition: validatePartition(partition) }),
    page: parsePage(single(words, 'page')),
  };
}

function parseJob(words: Words): Command {
  onlyOptions(words, 'job', []);
  const [id, extra] = words.positional;
  if (id === undefined) throw new ValidationError(`Which job? Usage: ${usage('job')}, e.g. \`/slurm job 1234\`.`, 'jobId');
  if (extra !== undefined) throw new ValidationError(`One job at a time. Usage: ${usage('job')}`, 'jobId');
  return { kind: 'job', jobId: jobIdText(parseJobIdArg(id)) };
}

function parseNodes(words: Words): Command {
  onlyOptions(words, 'nodes', ['partition', 'page']);
  noPositional(words, 'nodes', (w) => `For one partition use \`--partition ${printable(w, 32)}\`.`);
  const partition = single(words, 'partition');
  return { kind: 'nodes', ...(partition !== undefined && { partition: validatePartition(partition) }), page: parsePage(single(words, 'page')) };
}

/** The job id of a job action: exactly one, validated. */
function actionJobId(words: Words, sub: string): string {
  const id = words.positional.shift();
  if (id === undefined) throw new ValidationError(`Which job? Usage: ${usage(sub)}, e.g. \`/slurm ${sub} 1234\`.`, 'jobId');
  return jobIdText(parseJobIdArg(id));
}

function parseJobAction(sub: 'cancel' | 'hold' | 'release' | 'requeue' | 'watch' | 'unwatch', words: Words): Command {
  onlyOptions(words, sub, []);
  const jobId = actionJobId(words, sub);
  if (words.positional.length > 0) throw new ValidationError(`One job at a time. Usage: ${usage(sub)}`, 'jobId');
  return sub === 'watch' || sub === 'unwatch' ? { kind: sub, jobId } : { kind: 'control', action: sub, jobId };
}

function parseOutput(words: Words): Command {
  onlyOptions(words, 'output', []);
  const jobId = actionJobId(words, 'output');
  const [lines, extra] = words.positional;
  if (extra !== undefined) throw new ValidationError(`One job at a time. Usage: ${usage('output')}`, 'jobId');
  return { kind: 'output', jobId, ...(lines !== undefined && { lines: validateCount(lines, 'lines', 'The number of lines', { min: 1, max: 10_000 }) }) };
}

/** `link NAME`, `whoami`, `unlink`: who the caller is on the clusters. */
function parseIdentity(sub: 'whoami' | 'link' | 'unlink', words: Words): Command {
  onlyOptions(words, sub, []);
  if (sub !== 'link') {
    noPositional(words, sub);
    return { kind: sub };
  }
  const [name, extra] = words.positional;
  if (name === undefined) throw new ValidationError(`Which Unix user are you on the cluster? Usage: ${usage('link')}, e.g. \`/slurm link alice\`.`, 'user');
  if (extra !== undefined) throw new ValidationError(`One Unix user. Usage: ${usage('link')}`, 'user');
  return { kind: 'link', unixUser: validateUserName(name) };
}

function bare(kind: 'partitions' | 'clusters' | 'submit', words: Words): Command {
  onlyOptions(words, kind, []);
  noPositional(words, kind);
  return { kind };
}

/**
 * Parses the text after `/slurm` into a Command. Pure: it validates every value with the
 * domain validators but knows nothing of the configuration (clusters, users) or the caller.
 * An unknown subcommand is not an error: it becomes `unknown`, answered with help.
 * @throws ValidationError with a message to show the user as is, for bad options or values.
 */
export function parseCommand(text: string): ParsedCommand {
  const words = splitWords(tokenize(text));
  if (words.options.get(UNKNOWN_OPTION)?.some((flag) => HELP_FLAGS.has(flag.toLowerCase()))) return { command: { kind: 'help' } };
  const clusterText = single(words, 'cluster');
  if (clusterText !== undefined && !CLUSTER_NAME.test(clusterText)) {
    throw new ValidationError(`"${printable(clusterText, 40)}" is not a cluster name.`, 'cluster');
  }
  const cluster = clusterText === undefined ? {} : { cluster: clusterText };
  const first = words.positional.shift();
  if (first === undefined) {
    // `/slurm --all` and friends: options without a subcommand are job filters.
    if ([...words.options.keys()].some((k) => k !== 'cluster')) return { command: parseJobs(words), ...cluster };
    return { command: { kind: 'help' }, ...cluster };
  }
  if (/^#?\d/.test(first)) {
    words.positional.unshift(first);
    return { command: parseJob(words), ...cluster };
  }
  const typed = first.toLowerCase();
  // Own keys only: `/slurm constructor` or `__proto__` must be an unknown subcommand, not Object.prototype's.
  const sub = Object.hasOwn(ALIASES, typed) ? ALIASES[typed] : undefined;
  if (sub === undefined) return { command: { kind: 'unknown', typed: first }, ...cluster };
  switch (sub) {
    case 'jobs':
      return { command: parseJobs(words), ...cluster };
    case 'job':
      return { command: parseJob(words), ...cluster };
    case 'nodes':
      return { command: parseNodes(words), ...cluster };
    case 'partitions':
    case 'clusters':
    case 'submit':
      return { command: bare(sub, words), ...cluster };
    case 'help':
      return { command: { kind: 'help' }, ...cluster };
    case 'cancel':
    case 'hold':
    case 'release':
    case 'requeue':
    case 'watch':
    case 'unwatch':
      return { command: parseJobAction(sub, words), ...cluster };
    case 'output':
      return { command: parseOutput(words), ...cluster };
    case 'whoami':
    case 'link':
    case 'unlink':
      return { command: parseIdentity(sub, words), ...cluster };
  }
}
