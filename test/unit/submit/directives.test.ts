import { readDirectives } from '../../../src/submit/directives';

describe('readDirectives', () => {
  it('reads job name, partition and time from #SBATCH lines, long and short, the last one winning', () => {
    const script = [
      '#!/bin/bash',
      '#SBATCH -J first',
      '#SBATCH --job-name="my run"',
      '',
      '# a comment',
      '#SBATCH -p debug --time=10 # trailing comment',
      'srun hostname',
      '#SBATCH --partition=ignored-after-a-command',
    ].join('\n');
    expect(readDirectives(script)).toEqual({ jobName: 'my run', partition: 'debug', time: '10' });
  });

  it('knows attached short values and `--opt value`', () => {
    expect(readDirectives('#!/bin/sh\n#SBATCH -pcompute\n#SBATCH --time 1:00:00\n')).toEqual({ partition: 'compute', time: '1:00:00' });
  });

  it('returns nothing for a script without directives, and never throws on odd quoting', () => {
    expect(readDirectives('#!/bin/sh\necho hi\n')).toEqual({});
    expect(readDirectives('#!/bin/sh\n#SBATCH --job-name="unclosed\n')).toEqual({ jobName: '"unclosed' });
  });
});
