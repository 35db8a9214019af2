import { ChatopsError, ValidationError } from '../../../src/errors';
import { MAX_SCRIPT_BYTES } from '../../../src/submit/script';
import { downloadSlackFile, fileOrigins } from '../../../src/submit/slack-file';
import { SlackFake } from '../../support/slack-fake';
import { WORKSPACE } from '../../support/slack-ids';

describe('downloadSlackFile against the fake Slack', () => {
  let slack: SlackFake;
  beforeAll(async () => {
    slack = await SlackFake.start();
  });
  afterAll(() => slack.close());

  const options = () => ({ token: WORKSPACE.botToken, allowedOrigins: fileOrigins(slack.apiUrl) });

  it('fetches a private file with the bot token', async () => {
    const file = slack.registerFile({ name: 'job.sh', content: '#!/bin/bash\necho hi\n' });
    const bytes = await downloadSlackFile(globalThis.fetch, file.url_private_download, options());
    expect(Buffer.from(bytes).toString('utf8')).toBe('#!/bin/bash\necho hi\n');
    expect(slack.downloads.at(-1)).toEqual({ fileId: file.id, token: WORKSPACE.botToken, served: true });
  });

  it('a bad token gets Slack\'s sign-in page (HTML, status 200): a failure, not a script', async () => {
    const file = slack.registerFile({ name: 'job.sh', content: '#!/bin/bash\n' });
    await expect(downloadSlackFile(globalThis.fetch, file.url_private_download, { ...options(), token: 'xoxb-wrong' }))
      .rejects.toThrow(/sign-in page/);
  });

  it('stops reading past the limit', async () => {
    const file = slack.registerFile({ name: 'big.sh', content: Buffer.alloc(MAX_SCRIPT_BYTES + 10, 0x41) });
    await expect(downloadSlackFile(globalThis.fetch, file.url_private_download, options())).rejects.toThrow(ValidationError);
  });

  it('never sends the token to another origin', async () => {
    let called = false;
    const spy: typeof globalThis.fetch = async () => {
      called = true;
      return new Response('');
    };
    await expect(downloadSlackFile(spy, 'https://attacker.example/file.sh', options())).rejects.toThrow(ChatopsError);
    expect(called).toBe(false);
  });
});
