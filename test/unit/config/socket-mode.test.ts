import { readEnv, socketModeCredentials } from '../../../src/config';
import { ConfigError } from '../../../src/errors';

const APP_TOKEN = 'xapp-1-A0SLURMBOT-0000000003-abcdef';
const BOT_TOKEN = 'xoxb-0000000001-0000000002-abcdef';

describe('SLACK_APP_TOKEN (Socket Mode)', () => {
  it('an app token selects Socket Mode: no signing secret needed, the bot token kept', () => {
    const env = readEnv({ SLACK_APP_TOKEN: ` ${APP_TOKEN} `, SLACK_BOT_TOKEN: BOT_TOKEN });
    expect(socketModeCredentials(env)).toEqual({ appToken: APP_TOKEN, botToken: BOT_TOKEN });
  });

  it('without an app token the runner serves HTTP', () => {
    expect(socketModeCredentials(readEnv({ SLACK_SIGNING_SECRET: 's3cret', SLACK_APP_TOKEN: '  ' }))).toBeUndefined();
  });

  it('a bot token pasted in its place is refused, naming its prefix only', () => {
    let message = '';
    try {
      readEnv({ SLACK_APP_TOKEN: BOT_TOKEN });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      message = e.message;
    }
    expect(message).toMatch(/^SLACK_APP_TOKEN: expected an app-level token starting with xapp- .*got one starting with "xoxb-"$/);
    expect(message).not.toContain('abcdef');
  });

  it('SLACK_SECRET_ARN alongside is an error rather than a bot token silently unused', () => {
    const env = readEnv({ SLACK_APP_TOKEN: APP_TOKEN, SLACK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack-AbCdEf' });
    expect(() => socketModeCredentials(env)).toThrow(/^SLACK_SECRET_ARN: not read in Socket Mode/);
  });
});
