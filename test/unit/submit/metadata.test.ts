import { ValidationError } from '../../../src/errors';
import { decodeSubmitMeta, encodeSubmitMeta } from '../../../src/submit/metadata';

describe('submit modal private_metadata', () => {
  it('round-trips the cluster, channel and response_url', () => {
    const meta = { cluster: 'local', channelId: 'C0GENERAL', responseUrl: 'https://hooks.slack.com/commands/T1/2/abc' };
    expect(decodeSubmitMeta(encodeSubmitMeta(meta))).toEqual(meta);
  });

  it('leaves out a channel it could not read back', () => {
    expect(decodeSubmitMeta(encodeSubmitMeta({ cluster: 'local', channelId: 'not a channel' }))).toEqual({ cluster: 'local' });
  });

  it.each(['', 'not json', '[]', '{"v":2,"c":"local"}', '{"v":1,"c":"../etc"}', '{"v":1,"c":"local","r":"javascript:alert(1)"}'])('refuses %j as out of date', (text) => {
    expect(() => decodeSubmitMeta(text)).toThrow(ValidationError);
  });
});
