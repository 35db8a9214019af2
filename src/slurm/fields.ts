/*
 * One ordered field map per command: the builder turns it into the format flag and the parser
 * uses the same map to label the columns, so the two cannot drift apart.
 *
 * Fields are joined by the ASCII unit separator and (for squeue/sinfo) each record ends with the
 * record separator, so spaces, `|`, commas and even newlines in job names do not split anything.
 * Slurm accepts any text in a job name, control characters included; the one free-text field of a
 * map absorbs surplus separators, so a name holding \x1F still parses.
 */

/** Between two fields of a record. */
export const FIELD_SEP = '\x1F';
/** After the last field of a record (squeue and sinfo; sacct has only newlines). */
export const RECORD_SEP = '\x1E';

/** Our name for a column, and Slurm's name for the field. */
export type FieldMap = readonly (readonly [string, string])[];
export type FieldKey<M extends FieldMap> = M[number][0];
export type FieldRow<M extends FieldMap> = { readonly [K in FieldKey<M>]: string };

export const SQUEUE_FIELDS = [
  ['jobId', 'JobID'],
  ['displayId', 'JobArrayID'],
  ['arrayJobId', 'ArrayJobID'],
  ['arrayTaskId', 'ArrayTaskID'],
  ['hetJobId', 'HetJobID'],
  ['hetOffset', 'HetJobOffset'],
  ['name', 'Name'],
  ['user', 'UserName'],
  ['state', 'State'],
  ['reason', 'Reason'],
  ['partition', 'Partition'],
  ['nodes', 'NodeList'],
  ['nodeCount', 'NumNodes'],
  ['cpus', 'NumCPUs'],
  ['submitTime', 'SubmitTime'],
  ['startTime', 'StartTime'],
  ['endTime', 'EndTime'],
  ['timeUsed', 'TimeUsed'],
  ['timeLimit', 'TimeLimit'],
  ['exitCode', 'exit_code'],
  ['stdout', 'STDOUT'],
  ['stderr', 'STDERR'],
  ['workDir', 'WorkDir'],
  ['dependency', 'Dependency'],
  ['minMemory', 'MinMemory'],
] as const;

/**
 * `squeue --start` in 22.05 ignores `-O` and keeps its own format unless `-o` is given, so this
 * map uses `-o` percent codes (see percentFormat).
 */
export const SQUEUE_START_FIELDS = [
  ['displayId', '%i'],
  ['name', '%j'],
  ['user', '%u'],
  ['partition', '%P'],
  ['startTime', '%S'],
  ['schedNodes', '%Y'],
  ['reason', '%r'],
] as const;

export const SINFO_PARTITION_FIELDS = [
  ['name', 'PartitionName'],
  ['flaggedName', 'Partition'],
  ['availability', 'Available'],
  ['timeLimit', 'Time'],
  ['defaultTime', 'DefaultTime'],
  ['nodeCount', 'Nodes'],
  ['state', 'StateLong'],
  ['cpus', 'CPUsState'],
  ['nodes', 'NodeList'],
] as const;

export const SACCT_FIELDS = [
  ['jobId', 'JobID'],
  ['jobIdRaw', 'JobIDRaw'],
  ['name', 'JobName'],
  ['user', 'User'],
  ['partition', 'Partition'],
  ['state', 'State'],
  ['exitCode', 'ExitCode'],
  ['derivedExitCode', 'DerivedExitCode'],
  ['submit', 'Submit'],
  ['start', 'Start'],
  ['end', 'End'],
  ['elapsedRaw', 'ElapsedRaw'],
  ['timeLimit', 'Timelimit'],
  ['totalCpu', 'TotalCPU'],
  ['maxRss', 'MaxRSS'],
  ['reqMem', 'ReqMem'],
  ['allocCpus', 'AllocCPUS'],
  ['nodeCount', 'NNodes'],
  ['nodes', 'NodeList'],
  ['workDir', 'WorkDir'],
] as const;

/**
 * The `-O`/`--Format` value for squeue and sinfo: `Field:0` means "no width, no padding", and the
 * suffix after the width is the separator.
 */
export function formatOption(map: FieldMap): string {
  return map.map(([, slurm], i) => `${slurm}:0${i === map.length - 1 ? RECORD_SEP : FIELD_SEP}`).join(',');
}

/** The `-o`/`--format` value for squeue from percent codes, with the same separators as formatOption. */
export function percentFormat(map: FieldMap): string {
  return map.map(([, code], i) => `${code}${i === map.length - 1 ? RECORD_SEP : FIELD_SEP}`).join('');
}

/** The `--format` value for sacct (comma-separated names; the delimiter is a separate option). */
export function sacctFormat(map: FieldMap): string {
  return map.map(([, slurm]) => slurm).join(',');
}

function label<M extends FieldMap>(values: string[], map: M, freeText: FieldKey<M>): FieldRow<M> {
  const keys = map.map(([key]) => key);
  const surplus = values.length - keys.length;
  if (surplus > 0) {
    const at = keys.indexOf(freeText);
    values.splice(at, surplus + 1, values.slice(at, at + surplus + 1).join(FIELD_SEP));
  }
  const row: Record<string, string> = {};
  keys.forEach((key, i) => {
    row[key] = values[i] ?? '';
  });
  return row as FieldRow<M>;
}

/**
 * Splits squeue/sinfo output made with `formatOption(map)` into labelled rows. A record cut short
 * (truncated output) keeps the fields it has; missing ones are empty strings. Never throws.
 */
export function splitRecords<M extends FieldMap>(stdout: string, map: M, freeText: FieldKey<M>): FieldRow<M>[] {
  return stdout
    .split(RECORD_SEP)
    .map((chunk) => chunk.replace(/^\r?\n/, ''))
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => label(chunk.split(FIELD_SEP), map, freeText));
}

/**
 * Splits `sacct --parsable2 --delimiter=\x1F` output into labelled rows. sacct ends records with a
 * bare newline, so a line with too few fields is a record whose job name held a newline: it is
 * joined with the next line. Never throws.
 */
export function splitLines<M extends FieldMap>(stdout: string, map: M, freeText: FieldKey<M>): FieldRow<M>[] {
  const rows: FieldRow<M>[] = [];
  let pending: string | undefined;
  for (const line of stdout.split('\n')) {
    const record = pending === undefined || pending.trim() === '' ? line : `${pending}\n${line}`;
    if (record.split(FIELD_SEP).length < map.length) {
      pending = record;
      continue;
    }
    pending = undefined;
    rows.push(label(record.replace(/\r$/, '').split(FIELD_SEP), map, freeText));
  }
  if (pending !== undefined && pending.trim() !== '') rows.push(label(pending.split(FIELD_SEP), map, freeText));
  return rows;
}
