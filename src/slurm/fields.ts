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

/** Where each field of a map sits in a record's values (see splitRecordValues). */
export type FieldIndexes<M extends FieldMap> = { readonly [K in FieldKey<M>]: number };

export function fieldIndexes<M extends FieldMap>(map: M): FieldIndexes<M> {
  return Object.fromEntries(map.map(([key], i) => [key, i])) as FieldIndexes<M>;
}

/** Exactly one value per field: surplus separators rejoined into the free-text field, missing fields empty. */
function normalize(values: string[], size: number, freeAt: number): string[] {
  const surplus = values.length - size;
  if (surplus > 0) values.splice(freeAt, surplus + 1, values.slice(freeAt, freeAt + surplus + 1).join(FIELD_SEP));
  for (let i = values.length; i < size; i++) values.push('');
  return values;
}

/** `values` normalized: one per key. */
function label<M extends FieldMap>(values: readonly string[], keys: readonly string[]): FieldRow<M> {
  const row: Record<string, string> = {};
  for (let i = 0; i < keys.length; i++) row[keys[i]!] = values[i]!;
  return row as FieldRow<M>;
}

/**
 * splitRecords without the labels: each record as its values in the map's order (read them
 * through fieldIndexes), for parsers of outputs with tens of thousands of records, where a
 * labelled object per record costs more than the parse. Never throws.
 */
export function splitRecordValues<M extends FieldMap>(stdout: string, map: M, freeText: FieldKey<M>): string[][] {
  const freeAt = map.findIndex(([key]) => key === freeText);
  const records: string[][] = [];
  for (const record of stdout.split(RECORD_SEP)) {
    // The newline after the previous record's separator; a slice, where replace() would copy the record.
    const skip = record.charCodeAt(0) === 10 ? 1 : record.charCodeAt(0) === 13 && record.charCodeAt(1) === 10 ? 2 : 0;
    const chunk = skip === 0 ? record : record.slice(skip);
    if (chunk.trim() !== '') records.push(normalize(chunk.split(FIELD_SEP), map.length, freeAt));
  }
  return records;
}

/**
 * Splits squeue/sinfo output made with `formatOption(map)` into labelled rows. A record cut short
 * (truncated output) keeps the fields it has; missing ones are empty strings. Never throws.
 */
export function splitRecords<M extends FieldMap>(stdout: string, map: M, freeText: FieldKey<M>): FieldRow<M>[] {
  const keys = map.map(([key]) => key);
  return splitRecordValues(stdout, map, freeText).map((values) => label<M>(values, keys));
}

/**
 * Splits `sacct --parsable2 --delimiter=\x1F` output into labelled rows. sacct ends records with a
 * bare newline, so a line with too few fields is a record whose job name held a newline: it is
 * joined with the next line. Never throws.
 */
export function splitLines<M extends FieldMap>(stdout: string, map: M, freeText: FieldKey<M>): FieldRow<M>[] {
  const keys = map.map(([key]) => key);
  const freeAt = keys.indexOf(freeText);
  const rows: FieldRow<M>[] = [];
  let pending: string | undefined;
  for (const line of stdout.split('\n')) {
    const record = pending === undefined || pending.trim() === '' ? line : `${pending}\n${line}`;
    if (record.split(FIELD_SEP).length < map.length) {
      pending = record;
      continue;
    }
    pending = undefined;
    rows.push(label<M>(normalize(record.replace(/\r$/, '').split(FIELD_SEP), keys.length, freeAt), keys));
  }
  if (pending !== undefined && pending.trim() !== '') rows.push(label<M>(normalize(pending.split(FIELD_SEP), keys.length, freeAt), keys));
  return rows;
}
