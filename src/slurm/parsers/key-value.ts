/*
 * `scontrol --oneliner show job|node|partition` prints `Key=value` pairs separated by spaces, one
 * record per line. Most values hold no spaces, but some do (JobName, Reason, Command, WorkDir,
 * a node's OS), and a job name can even hold `Key=value` text or a newline. The rules below keep
 * such a value whole:
 * - A pair starts at a word of the form `Key=` (letters, digits, `_ : / .`).
 * - After a free-text key, the next pair must start with a key known for this record type,
 *   not yet seen, and not seen again later in the line. So `JobName=a UserId=root(0)` followed by
 *   the real `UserId=alice(1001)` keeps `a UserId=root(0)` as the name.
 * - A line that does not start with the record's first key continues the previous record
 *   (a newline inside a value).
 */

export type KeyValues = ReadonlyMap<string, string>;

export interface RecordSchema {
  /** The key every record starts with, e.g. `JobId`. */
  readonly firstKey: string;
  /** Keys whose values may hold spaces. */
  readonly freeText: ReadonlySet<string>;
  /** Every key this record type is known to print (any version). */
  readonly known: ReadonlySet<string>;
}

const CANDIDATE = /(^|\s)([A-Za-z][A-Za-z0-9_:/.]*)=/g;

interface Candidate {
  readonly key: string;
  /** Index of the key's first character. */
  readonly at: number;
  /** Index just after `=`. */
  readonly valueAt: number;
}

/**
 * Splits one record line into its pairs (values trimmed). Never throws; text before the first
 * pair is ignored.
 */
export function parseKeyValueLine(line: string, schema: RecordSchema): KeyValues {
  const candidates: Candidate[] = [];
  for (const m of line.matchAll(CANDIDATE)) {
    const at = m.index! + m[1]!.length;
    candidates.push({ key: m[2]!, at, valueAt: at + m[2]!.length + 1 });
  }
  const accepted: Candidate[] = [];
  const seen = new Set<string>();
  candidates.forEach((c, i) => {
    const previous = accepted[accepted.length - 1];
    if (previous && schema.freeText.has(previous.key)) {
      const later = candidates.slice(i + 1).some((o) => o.key === c.key);
      if (!schema.known.has(c.key) || seen.has(c.key) || later) return;
    }
    // A plain value cannot hold a pair: `TRES=cpu=1` has no space, so a candidate here is a real key.
    accepted.push(c);
    seen.add(c.key);
  });
  const pairs = new Map<string, string>();
  accepted.forEach((c, i) => {
    const end = i + 1 < accepted.length ? accepted[i + 1]!.at : line.length;
    if (!pairs.has(c.key)) pairs.set(c.key, line.slice(c.valueAt, end).trim());
  });
  return pairs;
}

/**
 * Splits `scontrol --oneliner` output into records (see the rules above). Never throws.
 */
export function parseKeyValueRecords(stdout: string, schema: RecordSchema): KeyValues[] {
  const lines: string[] = [];
  const start = `${schema.firstKey}=`;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(start) || lines.length === 0) lines.push(line);
    else lines[lines.length - 1] += `\n${line}`;
  }
  return lines
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.startsWith(start))
    .map((l) => parseKeyValueLine(l, schema));
}
