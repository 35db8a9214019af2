import { isTruncated, keyFromUrl, outputKey } from '../../../src/exec/ssm-output';

const COMMAND = '0b5e7a4c-2f3d-4e51-9c7a-1d2e3f4a5b6c';
const INSTANCE = 'i-02573cafcfEXAMPLE';

describe('SSM output location', () => {
  it('builds the key SSM Agent writes for AWS-RunShellScript', () => {
    expect(outputKey('ssm/', COMMAND, INSTANCE, 'stdout')).toBe(`ssm/${COMMAND}/${INSTANCE}/awsrunShellScript/0.awsrunShellScript/stdout`);
    expect(outputKey(undefined, COMMAND, INSTANCE, 'stderr')).toBe(`${COMMAND}/${INSTANCE}/awsrunShellScript/0.awsrunShellScript/stderr`);
    expect(outputKey('/a/b//', COMMAND, INSTANCE, 'stdout')).toBe(`a/b/${COMMAND}/${INSTANCE}/awsrunShellScript/0.awsrunShellScript/stdout`);
  });

  it('reads the key from the path-style URL SSM reports', () => {
    const url = `https://s3.eu-west-1.amazonaws.com/my-bucket/ssm/${COMMAND}/${INSTANCE}/awsrunShellScript/0.awsrunShellScript/stdout`;

    expect(keyFromUrl(url, 'my-bucket')).toBe(`ssm/${COMMAND}/${INSTANCE}/awsrunShellScript/0.awsrunShellScript/stdout`);
  });

  it('gives no key for an empty URL, another bucket, or text that is not a URL', () => {
    expect(keyFromUrl('', 'my-bucket')).toBeUndefined();
    expect(keyFromUrl(undefined, 'my-bucket')).toBeUndefined();
    expect(keyFromUrl('https://s3.amazonaws.com/other-bucket/k', 'my-bucket')).toBeUndefined();
    expect(keyFromUrl('https://s3.amazonaws.com/my-bucket', 'my-bucket')).toBeUndefined();
    expect(keyFromUrl('not a url', 'my-bucket')).toBeUndefined();
  });

  it('recognises the markers SSM Agent appends when it cuts output', () => {
    expect(isTruncated(`${'x'.repeat(23_978)}\n---Output truncated---`, 'stdout')).toBe(true);
    expect(isTruncated(`${'x'.repeat(7_978)}\n---Error truncated----`, 'stderr')).toBe(true);
    expect(isTruncated('x'.repeat(24_000), 'stdout')).toBe(false);
    expect(isTruncated('short\n', 'stderr')).toBe(false);
  });
});
