import { FIELD_SEP, RECORD_SEP, SACCT_FIELDS, formatOption, splitLines, splitRecords } from '../../../src/slurm/fields';
import { parseKeyValueLine, parseKeyValueRecords, type RecordSchema } from '../../../src/slurm/parsers/key-value';

const MAP = [['id', 'JobID'], ['name', 'Name'], ['user', 'UserName']] as const;

describe('squeue/sinfo records', () => {
  it('builds the -O value from the field map', () => {
    expect(formatOption(MAP)).toBe(`JobID:0${FIELD_SEP},Name:0${FIELD_SEP},UserName:0${RECORD_SEP}`);
  });

  it('lets the free-text field absorb surplus separators', () => {
    const text = ['1', 'a', 'b', 'c', 'alice'].join(FIELD_SEP) + RECORD_SEP + '\n';
    expect(splitRecords(text, MAP, 'name')).toEqual([{ id: '1', name: `a${FIELD_SEP}b${FIELD_SEP}c`, user: 'alice' }]);
  });

  it('keeps newlines inside a record and pads a truncated one', () => {
    const text = `1${FIELD_SEP}x\ny${FIELD_SEP}bob${RECORD_SEP}\n2${FIELD_SEP}z`;
    expect(splitRecords(text, MAP, 'name')).toEqual([{ id: '1', name: 'x\ny', user: 'bob' }, { id: '2', name: 'z', user: '' }]);
  });
});

describe('sacct lines', () => {
  const row = (...v: string[]): string => v.join(FIELD_SEP);

  it('joins a line cut by a newline in a name with the next one', () => {
    const fields = SACCT_FIELDS.map(([k]) => k);
    const values = fields.map((k) => (k === 'name' ? 'a\nb' : k));
    const rows = splitLines(`${row(...values)}\n`, SACCT_FIELDS, 'name');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.name).toBe('a\nb');
    expect(rows[0]?.workDir).toBe('workDir');
  });

  it('ignores blank lines', () => {
    expect(splitLines('\n\n', SACCT_FIELDS, 'name')).toEqual([]);
  });
});

describe('scontrol key=value records', () => {
  const schema: RecordSchema = {
    firstKey: 'JobId',
    freeText: new Set(['JobName', 'Reason']),
    known: new Set(['JobId', 'JobName', 'UserId', 'JobState', 'Reason', 'Dependency']),
  };

  it('splits plain pairs and keeps "=" inside values', () => {
    expect(Object.fromEntries(parseKeyValueLine('JobId=1 TRES=cpu=1,mem=1G Empty= Last=x', schema))).toEqual({ JobId: '1', TRES: 'cpu=1,mem=1G', Empty: '', Last: 'x' });
  });

  it('keeps spaces and fake pairs in free text; the last occurrence of a known key is the real one', () => {
    const kv = parseKeyValueLine('JobId=1 JobName=x UserId=root(0) y=2 UserId=alice(1001) JobState=RUNNING', schema);
    expect(kv.get('JobName')).toBe('x UserId=root(0) y=2');
    expect(kv.get('UserId')).toBe('alice(1001)');
  });

  it('does not let a free-text value that follows a key re-set it', () => {
    const kv = parseKeyValueLine('JobId=1 JobState=PENDING Reason=waiting JobState=RUNNING', schema);
    expect(kv.get('JobState')).toBe('PENDING');
    expect(kv.get('Reason')).toBe('waiting JobState=RUNNING');
  });

  it('joins lines that do not start a record to the previous one', () => {
    const records = parseKeyValueRecords('JobId=1 JobName=a\nb UserId=x\nJobId=2 JobName=c UserId=y\n', schema);
    expect(records.map((r) => [r.get('JobId'), r.get('JobName'), r.get('UserId')])).toEqual([['1', 'a\nb', 'x'], ['2', 'c', 'y']]);
  });
});
