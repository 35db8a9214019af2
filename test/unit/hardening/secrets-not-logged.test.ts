import { ExecError } from '../../../src/errors';
import type { ExecRequest, ExecResult } from '../../../src/exec/executor';
import { ACTION_IDS, CALLBACK_IDS, encodeJobValue, SUBMIT_FIELDS } from '../../../src/slack/views/ids';
import { encodeSubmitMeta } from '../../../src/submit/metadata';
import { createLog } from '../../../src/tasks/log';
import { startAppUnderTest, type AppUnderTest } from '../../support/app-under-test';
import { TEST_SIGNING_SECRET, WORKSPACE } from '../../support/slack-ids';
import { plainTextValue, signRequest, viewSubmissionRequest } from '../../support/slack-requests';
import { fixture, ok, RecordedExecutor } from '../tasks/fake-executor';

/**
 * A whole session through the app at LOG_LEVEL=DEBUG, with the real Powertools logger and Bolt's
 * own logging, every failure we can provoke included (Slack refusing, the cluster unreachable,
 * forged and stale requests): nothing written anywhere may contain the bot token or the signing
 * secret, whole or in part.
 */
describe('secrets never reach the logs', () => {
  let app: AppUnderTest;
  let captured = '';
  const restore: (() => void)[] = [];

  function capture(): void {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      const spy = jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
        captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return write(chunk, ...(rest as []));
      });
      restore.push(() => spy.mockRestore());
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        captured += `${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`;
      });
      restore.push(() => spy.mockRestore());
    }
  }

  beforeAll(async () => {
    capture();
    const recorded = new RecordedExecutor({
      squeue: ok(fixture('squeue/mixed_listing.txt')),
      scontrol: ok(fixture('scontrol-job/running.txt')),
      sinfo: ok(fixture('sinfo-partitions/two_partitions_busy.txt')),
      scancel: ok(''),
      sbatch: ok('4242\n'),
    });
    let failNext = false;
    const executor = {
      run: (request: ExecRequest): Promise<ExecResult> => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new ExecError('EXEC_UNREACHABLE', 'The head node did not answer.'));
        }
        return recorded.run(request);
      },
      failOnce: () => {
        failNext = true;
      },
    };
    app = await startAppUnderTest({
      executor,
      log: createLog('DEBUG'),
      env: { LOG_LEVEL: 'DEBUG' },
      config: 'clusters:\n  - name: local\n    executor: local\nusers:\n  U0ALICE: alice\nemailDomain: example.org\nauditChannel: C0AUDIT\n',
    });
    app.slack.registerUser({ id: 'U0EVE', name: 'eve', email: 'eve@example.org' });

    const session = async (): Promise<void> => {
      for (const text of ['help', 'jobs', 'jobs --all', 'job 1234', 'nodes', 'partitions', 'clusters', 'whoami', 'link alice', 'cancel 1234', 'output 1234', 'watch 1234', 'jbos', 'submit']) {
        const { responseUrl } = await app.slash(text);
        await app.drain();
        void responseUrl;
      }
      await app.slash('jobs', { userId: 'U0EVE' });
      await app.slash('link eve', { userId: 'U0STRANGER' });
      await app.slash('jobs', { signing: { forged: true } });
      await app.slash('jobs', { signing: { stale: true } });
      await app.send(signRequest(`payload=${'x'.repeat(200_000)}`, 'application/x-www-form-urlencoded'));
      await app.click({ actionId: ACTION_IDS.jobCancel, value: encodeJobValue({ cluster: 'local', jobId: '1234' }) });
      await app.click({ actionId: ACTION_IDS.jobDetails, value: '{"v":1,"c":"local","j":"1;id"}' });
      await app.click({ actionId: ACTION_IDS.linkVerify, value: '{"v":1,"c":"local","k":"K7QM-2XPD"}' });
      const responseUrl = app.slack.responseUrl();
      await app.send(viewSubmissionRequest({
        callbackId: CALLBACK_IDS.submitModal,
        privateMetadata: encodeSubmitMeta({ cluster: 'local', channelId: 'C0GENERAL', responseUrl }),
        values: {
          [SUBMIT_FIELDS.scriptText.blockId]: { [SUBMIT_FIELDS.scriptText.actionId]: plainTextValue('#!/bin/bash\nsleep 1\n') },
          [SUBMIT_FIELDS.alertChannel.blockId]: { [SUBMIT_FIELDS.alertChannel.actionId]: { type: 'conversations_select', selected_conversation: 'C0GENERAL' } },
        },
      }));
      await app.drain();
    };
    await session();
    // The same again with everything failing: Slack refusing every call and reply, the cluster unreachable.
    for (const method of ['response_url', 'users.info', 'chat.postMessage', 'views.open']) app.slack.failWith(method, { error: 'invalid_auth' });
    executor.failOnce();
    await session();
    app.slack.clearFailures();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    for (const undo of restore) undo();
  });

  it('logged the session (the capture works)', () => {
    expect(captured).toMatch(/"message":"task dispatched"/);
    expect(captured).toMatch(/"message":"audit"/);
    // Bolt is capped at INFO even at LOG_LEVEL=DEBUG (src/slack/bolt-logger.ts), so its lines show as INFO.
    expect(captured).toMatch(/"logger":"bolt-app"|"level":"INFO"/);
    expect(captured).toMatch(/"level":"ERROR"/);
  });

  it.each([
    ['the bot token', WORKSPACE.botToken],
    ['the signing secret', TEST_SIGNING_SECRET],
    ["Slack's legacy verification token from the requests", WORKSPACE.verificationToken],
  ])('never wrote %s, nor any 12-character piece of it', (_what, secret) => {
    for (let i = 0; i + 12 <= secret.length; i++) expect(captured).not.toContain(secret.slice(i, i + 12));
  });
});
