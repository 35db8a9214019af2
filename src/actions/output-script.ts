import { ValidationError } from '../errors';
import type { Argv } from '../exec/executor';
import { slurmArgv } from '../exec/slurm-bin-dir';
import { jobIdText, parseJobIdArg } from '../slurm/jobid';
import { validateAbsolutePath, validateCount } from '../slurm/validate';

/*
 * Reading a job's output takes `scontrol show job` (for the paths) and `tail` (for the text). To do
 * both in ONE executor call (one SSM round trip) without putting user text into shell code, a constant
 * bash script runs them; the job id, line count and byte cap reach it as positional arguments (argv,
 * quoted once by toShellScript), never as code. The script runs as the mapped user, so the file
 * permissions of the cluster apply.
 *
 * Bash only extracts the paths loosely from scontrol's one-line record; the caller parses the same
 * record with the real parser and re-reads the files by their exact paths (a second call) when bash
 * picked anything else, so a path with odd text in it costs a round trip, never a wrong file.
 *
 * Every variable part of the answer is base64, so no job name or file content can forge the framing:
 *   JOB <b64 scontrol record>
 *   FILE <stdout|stderr> <b64 path> ok <size> <b64 last bytes>
 *   FILE <stdout|stderr> <b64 path> error - <b64 error message>
 * (`-` stands for an empty value.)
 */
export const OUTPUT_SCRIPT = [
  'set -u',
  'b64() { local s; s=$(printf \'%s\' "$1" | base64 -w0); printf \'%s\' "${s:--}"; }',
  'emit() {',
  '  local key=$1 path=$2 lines=$3 max=$4 err size data',
  '  if ! err=$(tail -c 1 -- "$path" 2>&1 >/dev/null) || [ -n "$err" ]; then',
  '    printf \'FILE %s %s error - %s\\n\' "$key" "$(b64 "$path")" "$(b64 "$err")"',
  '    return',
  '  fi',
  '  size=$(stat -c %s -- "$path" 2>/dev/null) || size=-',
  '  data=$(tail -n "$lines" -- "$path" | tail -c "$max" | base64 -w0)',
  '  printf \'FILE %s %s ok %s %s\\n\' "$key" "$(b64 "$path")" "${size:--}" "${data:--}"',
  '}',
  'path_of() {',
  '  local rest=${first##* $1=}',
  '  [ "$rest" = "$first" ] && return 0',
  '  if [[ $rest =~ \\ [A-Za-z][A-Za-z0-9_:/.]*= ]]; then rest=${rest%%"${BASH_REMATCH[0]}"*}; fi',
  '  printf \'%s\' "$rest"',
  '}',
  'mode=$1; shift',
  'if [ "$mode" = job ]; then',
  '  scontrol=$1; shift',
  '  info=$("$scontrol" --oneliner show job "$1") || exit',
  '  printf \'JOB %s\\n\' "$(b64 "$info")"',
  '  first=${info%%$\'\\n\'JobId=*}',
  '  out=$(path_of StdOut); errp=$(path_of StdErr)',
  '  [ -n "$out" ] && emit stdout "$out" "$2" "$3"',
  '  [ -n "$errp" ] && [ "$errp" != "$out" ] && emit stderr "$errp" "$2" "$3"',
  'else',
  '  lines=$1 max=$2; shift 2',
  '  while [ $# -ge 2 ]; do emit "$1" "$2" "$lines" "$max"; shift 2; done',
  'fi',
  'exit 0',
].join('\n');

/** $0 of the script, so `ps` on the head node says what runs. */
const SCRIPT_NAME = 'slurm-chatops-output';

/** Lines a user may ask for; the view shows far fewer characters anyway. */
export const MAX_OUTPUT_LINES = 10000;

/**
 * Bytes kept of each file's tail: enough for a screenful after Slack's cut, and small enough that the
 * base64 of two files plus the scontrol record stays under SSM's 24,000 characters of inline output.
 */
export const OUTPUT_TAIL_BYTES = 5000;

export type StreamKey = 'stdout' | 'stderr';

/**
 * The script in "job" mode: scontrol for the paths, then the tail of stdout and (when separate) stderr.
 * `slurmBinDir` is the cluster's, for head nodes whose root shell lacks Slurm on its PATH.
 * @throws ValidationError for a bad job id or a line count outside 1..10000.
 */
export function buildJobOutputRead(jobId: string, lines: number, slurmBinDir?: string): Argv {
  const id = jobIdText(parseJobIdArg(jobId));
  const n = validateCount(lines, 'lines', 'The number of lines', { min: 1, max: MAX_OUTPUT_LINES });
  const [scontrol] = slurmArgv(['scontrol'], slurmBinDir);
  return ['bash', '-c', OUTPUT_SCRIPT, SCRIPT_NAME, 'job', scontrol!, id, String(n), String(OUTPUT_TAIL_BYTES)];
}

export interface FileToRead {
  readonly key: StreamKey;
  readonly path: string;
}

/**
 * The script in "files" mode: the tails of files whose paths are already known.
 * @throws ValidationError for no file, a relative or malformed path, or a line count outside 1..10000.
 */
export function buildFileTailRead(files: readonly FileToRead[], lines: number): Argv {
  if (files.length === 0) throw new ValidationError('No output file to read.', 'path');
  const n = validateCount(lines, 'lines', 'The number of lines', { min: 1, max: MAX_OUTPUT_LINES });
  const pairs = files.flatMap((f) => [f.key, validateAbsolutePath(f.path, 'path', 'The output file')]);
  return ['bash', '-c', OUTPUT_SCRIPT, SCRIPT_NAME, 'files', String(n), String(OUTPUT_TAIL_BYTES), ...pairs];
}

/** One file as the script saw it. */
export type StreamRead =
  | {
      readonly key: StreamKey;
      readonly path: string;
      readonly status: 'ok';
      /** The file's size in bytes, when stat could tell. */
      readonly size?: number;
      /** The last lines, decoded as UTF-8 (invalid bytes replaced). */
      readonly text: string;
      /** Only part of the file is in `text`. */
      readonly cut: boolean;
    }
  | {
      readonly key: StreamKey;
      readonly path: string;
      readonly status: 'missing' | 'denied' | 'error';
      /** The tool's own words (untrusted). */
      readonly message: string;
    };

export interface OutputScriptResult {
  /** The `scontrol --oneliner show job` record ("job" mode only). */
  readonly jobRecord?: string;
  readonly streams: readonly StreamRead[];
}

function unbase64(text: string | undefined): Buffer {
  return text === undefined || text === '-' ? Buffer.alloc(0) : Buffer.from(text, 'base64');
}

function fileLine(words: readonly string[]): StreamRead | undefined {
  const [, key, path64, status, size, data64] = words;
  if (key !== 'stdout' && key !== 'stderr') return undefined;
  const path = unbase64(path64).toString('utf8');
  if (status === 'ok') {
    const bytes = unbase64(data64);
    const total = /^\d+$/.test(size ?? '') ? Number(size) : undefined;
    // A cut by bytes can start inside a line (or a character): drop that partial first line.
    const cutByBytes = bytes.length >= OUTPUT_TAIL_BYTES && (total === undefined || total > bytes.length);
    let text = new TextDecoder('utf-8').decode(bytes);
    if (cutByBytes) text = text.slice(text.indexOf('\n') + 1);
    const cut = total === undefined ? cutByBytes : total > bytes.length;
    return { key, path, status: 'ok', ...(total !== undefined && { size: total }), text, cut };
  }
  const message = unbase64(data64).toString('utf8').trim();
  const kind = /No such file or directory/i.test(message) ? 'missing' : /Permission denied/i.test(message) ? 'denied' : 'error';
  return { key, path, status: kind, message };
}

/**
 * Reads the script's answer; lines it does not recognise are ignored. Never throws.
 */
export function parseOutputScript(stdout: string): OutputScriptResult {
  let jobRecord: string | undefined;
  const streams: StreamRead[] = [];
  for (const line of stdout.split('\n')) {
    const words = line.trim().split(' ');
    if (words[0] === 'JOB' && jobRecord === undefined) jobRecord = unbase64(words[1]).toString('utf8');
    if (words[0] === 'FILE') {
      const stream = fileLine(words);
      if (stream !== undefined) streams.push(stream);
    }
  }
  return { ...(jobRecord !== undefined && { jobRecord }), streams };
}
