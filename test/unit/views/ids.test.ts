import { ValidationError } from '../../../src/errors';
import {
  ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, SUBMIT_FIELDS,
  decodeClusterValue, decodeJobsPageValue, decodeJobValue, decodeNodesPageValue,
  encodeClusterValue, encodeJobsPageValue, encodeJobValue, encodeNodesPageValue,
} from '../../../src/slack/views/ids';

describe('ids', () => {
  it('defines every id once', () => {
    const all = [
      ...Object.values(ACTION_IDS), ...Object.values(BLOCK_IDS), ...Object.values(CALLBACK_IDS),
      ...Object.values(SUBMIT_FIELDS).flatMap((f) => [f.blockId, f.actionId]),
    ];
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(/^[a-z_]{1,255}$/);
  });
});

describe('button values', () => {
  it('round-trips a job reference in compact versioned JSON', () => {
    const value = encodeJobValue({ cluster: 'local', jobId: '1234_7' });
    expect(JSON.parse(value)).toEqual({ v: 1, c: 'local', j: '1234_7' });
    expect(decodeJobValue(value)).toEqual({ cluster: 'local', jobId: '1234_7' });
    expect(decodeJobValue(encodeJobValue({ cluster: 'pc-1', jobId: '99_[1-9%2]' })).jobId).toBe('99_[1-9%2]');
    expect(decodeJobValue(encodeJobValue({ cluster: 'pc-1', jobId: '99+1' })).jobId).toBe('99+1');
  });

  it('round-trips a jobs page with its filter', () => {
    const ref = {
      cluster: 'local',
      filter: { users: ['alice', 'bob'], states: ['PENDING', 'RUNNING'] as const, partition: 'debug', jobIds: ['12'] },
      page: 3,
    };
    expect(decodeJobsPageValue(encodeJobsPageValue({ ...ref, filter: { ...ref.filter, states: [...ref.filter.states] } })))
      .toEqual({ ...ref, filter: { ...ref.filter, states: ['PENDING', 'RUNNING'] } });
    expect(decodeJobsPageValue(encodeJobsPageValue({ cluster: 'local', filter: {}, page: 0 })))
      .toEqual({ cluster: 'local', filter: {}, page: 0 });
  });

  it('round-trips nodes pages and cluster values', () => {
    expect(decodeNodesPageValue(encodeNodesPageValue({ cluster: 'c', page: 2, partition: 'gpu' })))
      .toEqual({ cluster: 'c', page: 2, partition: 'gpu' });
    expect(decodeNodesPageValue(encodeNodesPageValue({ cluster: 'c', page: 0 }))).toEqual({ cluster: 'c', page: 0 });
    expect(decodeClusterValue(encodeClusterValue({ cluster: 'prod' }))).toEqual({ cluster: 'prod' });
  });

  it.each([
    ['not json', 'jobs'],
    ['[]', 'array'],
    ['null', 'null'],
    ['{"v":2,"c":"local","j":"1"}', 'a future version'],
    ['{"c":"local","j":"1"}', 'no version'],
    ['{"v":1,"c":"lo cal","j":"1"}', 'a cluster with a space'],
    ['{"v":1,"c":"local","j":"1; rm -rf /"}', 'a job id with shell text'],
    ['{"v":1,"c":"local","j":12}', 'a numeric job id'],
    ['{"v":1,"c":"local"}', 'no job id'],
    [`{"v":1,"c":"local","j":"${'1'.repeat(3000)}"}`, 'an over-long value'],
  ])('rejects %s (%s) as a ValidationError', (value) => {
    expect(() => decodeJobValue(value)).toThrow(ValidationError);
  });

  it.each([
    ['{"v":1,"c":"local","p":-1}', 'a negative page'],
    ['{"v":1,"c":"local","p":1.5}', 'a fractional page'],
    ['{"v":1,"c":"local","p":"2"}', 'a page as text'],
    ['{"v":1,"c":"local","p":0,"q":{"s":["RUNNIN"]}}', 'an unknown state'],
    ['{"v":1,"c":"local","p":0,"q":{"u":["al ice"]}}', 'a user with a space'],
    ['{"v":1,"c":"local","p":0,"q":{"u":[]}}', 'an empty user list'],
    ['{"v":1,"c":"local","p":0,"q":{"x":1}}', 'an unknown filter key'],
    ['{"v":1,"c":"local","p":0,"q":{"p":"a$b"}}', 'a partition with a dollar'],
    ['{"v":1,"c":"local","p":0,"q":"all"}', 'a filter that is not an object'],
  ])('rejects a jobs page value with %s (%s)', (value) => {
    expect(() => decodeJobsPageValue(value)).toThrow(ValidationError);
  });

  it('refuses to encode a filter that cannot fit a button value', () => {
    const users = Array.from({ length: 100 }, (_, i) => `user_with_a_long_name_${i}`);
    expect(() => encodeJobsPageValue({ cluster: 'local', filter: { users }, page: 1 })).toThrow(ValidationError);
  });
});
