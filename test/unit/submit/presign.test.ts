import { presignGetUrl, s3ObjectUrl } from '../../../src/submit/presign';

const EXAMPLE_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

describe('presignGetUrl', () => {
  it('matches the signature of AWS\'s documented query-string example', () => {
    // "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", Amazon S3 API reference.
    const url = presignGetUrl({
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      region: 'us-east-1',
      credentials: EXAMPLE_CREDENTIALS,
      expiresInSeconds: 86400,
      now: new Date('2013-05-24T00:00:00Z'),
    });
    expect(url).toBe(
      'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256'
      + '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z'
      + '&X-Amz-Expires=86400&X-Amz-SignedHeaders=host'
      + '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    );
  });

  it('signs the session token of temporary (Lambda role) credentials', () => {
    const url = new URL(presignGetUrl({
      url: new URL('https://b.s3.eu-west-1.amazonaws.com/scripts/T1/U1/r.sh'),
      region: 'eu-west-1',
      credentials: { ...EXAMPLE_CREDENTIALS, sessionToken: 'token/with+chars=' },
      expiresInSeconds: 300,
      now: new Date('2026-01-02T03:04:05Z'),
    }));
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('token/with+chars=');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an expiry S3 would not honour', () => {
    const input = { url: new URL('https://b.s3.amazonaws.com/k'), region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS, now: new Date() };
    expect(() => presignGetUrl({ ...input, expiresInSeconds: 0 })).toThrow(RangeError);
    expect(() => presignGetUrl({ ...input, expiresInSeconds: 8 * 24 * 3600 })).toThrow(RangeError);
  });
});

describe('s3ObjectUrl', () => {
  it('is virtual-hosted on AWS, path style for dotted buckets and custom endpoints', () => {
    expect(s3ObjectUrl({ bucket: 'bkt', key: 'scripts/a b.sh', region: 'eu-west-1' }).href).toBe('https://bkt.s3.eu-west-1.amazonaws.com/scripts/a%20b.sh');
    expect(s3ObjectUrl({ bucket: 'my.bkt', key: 'k', region: 'us-east-1' }).href).toBe('https://s3.us-east-1.amazonaws.com/my.bkt/k');
    expect(s3ObjectUrl({ bucket: 'bkt', key: 'k', region: 'cn-north-1' }).host).toBe('bkt.s3.cn-north-1.amazonaws.com.cn');
    expect(s3ObjectUrl({ bucket: 'bkt', key: 'k', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000/' }).href).toBe('http://127.0.0.1:9000/bkt/k');
  });
});
