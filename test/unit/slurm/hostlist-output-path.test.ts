import { expandHostlist, firstHost } from '../../../src/slurm/hostlist';
import { expandOutputPath } from '../../../src/slurm/output-path';

describe('expandHostlist', () => {
  it.each([
    ['vm', ['vm']],
    ['a,b', ['a', 'b']],
    ['node[01-03]', ['node01', 'node02', 'node03']],
    ['ip-10-0-[1-3,7]', ['ip-10-0-1', 'ip-10-0-2', 'ip-10-0-3', 'ip-10-0-7']],
    ['queue1-dy-c5xlarge-[1-3],queue1-st-c5xlarge-1', ['queue1-dy-c5xlarge-1', 'queue1-dy-c5xlarge-2', 'queue1-dy-c5xlarge-3', 'queue1-st-c5xlarge-1']],
    ['rack[1-2]-n[1-2]', ['rack1-n1', 'rack1-n2', 'rack2-n1', 'rack2-n2']],
    ['', []],
  ])('%s', (text, hosts) => {
    expect(expandHostlist(text)).toEqual(hosts);
  });

  it('stops at the limit', () => {
    expect(expandHostlist('queue1-dy-c5xlarge-[1-100000]', 3)).toEqual(['queue1-dy-c5xlarge-1', 'queue1-dy-c5xlarge-2', 'queue1-dy-c5xlarge-3']);
    expect(firstHost('queue1-dy-c5xlarge-[1-10]')).toBe('queue1-dy-c5xlarge-1');
  });

  it.each(['node[1-', 'node[a-b]', 'node]1', 'node[3-1]'])('returns malformed %j as one name instead of throwing', (text) => {
    expect(expandHostlist(text)).toEqual([text]);
  });
});

describe('expandOutputPath', () => {
  const job = { jobId: '145', arrayJobId: '138', arrayTaskId: '1', user: 'alice', name: 'sweep', nodes: 'node[07-09]' };

  it.each([
    ['/tmp/slurm-%j.out', '/tmp/slurm-145.out'],
    ['/tmp/%x-%A_%a.out', '/tmp/sweep-138_1.out'],
    ['/tmp/%u/%N-%b-%n-%t.out', '/tmp/alice/node07-1-0-0.out'],
    ['/tmp/%5j-%3a.out', '/tmp/00145-001.out'],
    ['/tmp/100%%-%j', '/tmp/100%-145'],
    ['/tmp/already-145.out', '/tmp/already-145.out'],
    ['/tmp/keep\\%j.out', '/tmp/keep%j.out'],
  ])('%s → %s', (pattern, path) => {
    expect(expandOutputPath(pattern, job)).toBe(path);
  });

  it('uses the job id for %A and Slurm\'s no-task value for %a outside an array', () => {
    expect(expandOutputPath('/o/%A_%a', { jobId: '12' })).toBe('/o/12_4294967294');
  });

  it('cannot name the file of a pending range or a step symbol', () => {
    expect(expandOutputPath('/o/%A_%a', { jobId: '138', arrayJobId: '138', arrayTaskId: '3-9%2' })).toBeUndefined();
    expect(expandOutputPath('/o/%J.out', { jobId: '12' })).toBeUndefined();
    expect(expandOutputPath('/o/%x.out', { jobId: '12' })).toBeUndefined();
  });
});
