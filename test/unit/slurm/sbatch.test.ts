// Guards parseSbatch against the output shapes sbatch and site wrappers print.
import { parseSbatch } from '../../../src/slurm/parsers/sbatch';
import { fixture } from './fixtures';

describe('parseSbatch', () => {
  it('reads the id sbatch --parsable printed (22.05, recorded)', () => {
    expect(parseSbatch(fixture('22.05', 'sbatch', 'parsable'))).toEqual({ jobId: '147' });
  });
  it('reads a cluster name on multi-cluster setups', () => {
    expect(parseSbatch('1234;cluster-a\n')).toEqual({ jobId: '1234', cluster: 'cluster-a' });
  });
  it('takes the last id line if a warning reached stdout', () => {
    expect(parseSbatch('sbatch: warning: something\n1235\n')).toEqual({ jobId: '1235' });
  });
  it('reads the plain sentence of an sbatch wrapper that ignores --parsable', () => {
    expect(parseSbatch('Submitted batch job 12\n')).toEqual({ jobId: '12' });
    expect(parseSbatch('Submitted batch job 12 on cluster b\n')).toEqual({ jobId: '12', cluster: 'b' });
  });
  it.each(['', '\n', 'abc', '12 13', 'Submitted batch job x'])('finds no id in %j', (text) => {
    expect(parseSbatch(text)).toBeUndefined();
  });
});
