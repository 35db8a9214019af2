import { LogLevel } from '@slack/bolt';
import { boltLevel } from '../../../src/slack/bolt-logger';

// Regression: at LOG_LEVEL=DEBUG, Bolt's AwsLambdaReceiver logged every API Gateway event whole,
// with Slack's legacy verification token and the signature headers in it.
describe('boltLevel', () => {
  it('never lets Bolt log at DEBUG', () => {
    expect(boltLevel('DEBUG')).toBe(LogLevel.INFO);
  });

  it('keeps the quieter levels as asked', () => {
    expect([boltLevel('INFO'), boltLevel('WARN'), boltLevel('ERROR')]).toEqual([LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR]);
  });
});
