import { loadConfig, type Config } from '../../../src/config';
import { submitView, type ViewSubmissionArgs } from '../../../src/slack/listeners/submit/submit-view';
import { SUBMIT_FIELDS as F } from '../../../src/slack/views/ids';
import { IdempotencyStore } from '../../../src/store/idempotency';
import type { ViewStateValues } from '../../../src/submit/form';
import { encodeSubmitMeta } from '../../../src/submit/metadata';
import { PartitionCache } from '../../../src/submit/partition-cache';
import type { DownloadFetch } from '../../../src/submit/slack-file';
import { SILENT_LOG } from '../../../src/tasks/log';
import type { Task } from '../../../src/tasks/task';
import { BACKENDS, type Backend } from '../store/backends';

const base = loadConfig({});
const config: Config = { ...base, users: { U0ALICE: 'alice' } };
const RESPONSE_URL = 'https://hooks.slack.com/app/T0CHATOPS/1/abc';
const SCRIPT = '#!/bin/bash\nsleep 1\n';
const TOKEN = 'xoxb-test';

type AckBody = Parameters<ViewSubmissionArgs['ack']>[0];

function args(viewId: string, values: Record<string, Record<string, unknown>>, acks: AckBody[]): ViewSubmissionArgs {
  return {
    ack: async (response) => void acks.push(response),
    body: {
      team: { id: 'T0CHATOPS' },
      user: { id: 'U0ALICE' },
      response_urls: [{ block_id: F.alertChannel.blockId, action_id: F.alertChannel.actionId, channel_id: 'C0GENERAL', response_url: RESPONSE_URL }],
    },
    view: { id: viewId, private_metadata: encodeSubmitMeta({ cluster: 'local', channelId: 'C0GENERAL' }), state: { values: values as ViewStateValues } },
    context: { botToken: TOKEN },
  };
}

function pasted(script = SCRIPT, extra: Record<string, Record<string, unknown>> = {}): Record<string, Record<string, unknown>> {
  return {
    [F.scriptText.blockId]: { [F.scriptText.actionId]: { type: 'plain_text_input', value: script } },
    [F.alertChannel.blockId]: { [F.alertChannel.actionId]: { type: 'conversations_select', selected_conversation: 'C0GENERAL' } },
    ...extra,
  };
}

describe.each(BACKENDS)('the submit modal\'s view_submission on %s', (_name, open) => {
  let backend: Backend;
  let dispatched: Task[];
  let failDispatch: boolean;
  let fetched: string[];
  let files: Record<string, Buffer>;

  function handler() {
    const downloadFetch: DownloadFetch = async (input) => {
      const url = String(input);
      fetched.push(url);
      const body = files[url];
      return body === undefined ? new Response('nope', { status: 404 }) : new Response(body, { headers: { 'content-type': 'application/octet-stream' } });
    };
    return submitView({
      config,
      dispatcher: { dispatch: async (task) => {
        if (failDispatch) throw new Error('lambda down');
        dispatched.push(task);
      } },
      fetch: async () => ({ ok: true, status: 200, text: async () => 'ok' }),
      log: SILENT_LOG,
      newRequestId: () => `req${dispatched.length}`,
      submit: { idempotency: new IdempotencyStore(backend.table, { now: backend.clock.now }), partitions: new PartitionCache(backend.table, { now: backend.clock.now }), downloadFetch },
    });
  }

  beforeEach(async () => {
    backend = await open();
    dispatched = [];
    failDispatch = false;
    fetched = [];
    files = {};
  });
  afterEach(() => backend.close());

  it('many deliveries of one view at once (Slack retries, a double click): one Task, every delivery closes the modal', async () => {
    const acks: AckBody[] = [];
    const submit = handler();
    await Promise.all(Array.from({ length: 6 }, () => submit(args('V0SAME', pasted(), acks))));
    expect(dispatched).toHaveLength(1);
    expect(acks).toEqual(Array(6).fill(undefined));
    expect(dispatched[0]).toMatchObject({
      cluster: 'local', unixUser: 'alice', userId: 'U0ALICE', responseUrl: RESPONSE_URL, reply: 'new',
      command: { kind: 'submit', key: 'submit:T0CHATOPS:V0SAME', cardChannel: 'C0GENERAL', script: { kind: 'text', text: SCRIPT }, alert: false },
    });
  });

  it('a form refused for a bad field claims nothing: the corrected form of the same view goes through', async () => {
    const acks: AckBody[] = [];
    const submit = handler();
    await submit(args('V0FIX', pasted('echo no shebang\n'), acks));
    expect(acks[0]).toEqual({ response_action: 'errors', errors: { [F.scriptText.blockId]: expect.stringMatching(/#!/) } });
    await submit(args('V0FIX', pasted(), acks));
    expect(acks[1]).toBeUndefined();
    expect(dispatched).toHaveLength(1);
  });

  it('when the worker cannot be reached, the modal stays open with the reason and the key is free again', async () => {
    const acks: AckBody[] = [];
    const submit = handler();
    failDispatch = true;
    await submit(args('V0DOWN', pasted(), acks));
    expect(acks[0]).toEqual({ response_action: 'errors', errors: { [F.script.blockId]: expect.stringMatching(/could not start the submission/) } });
    failDispatch = false;
    await submit(args('V0DOWN', pasted(), acks));
    expect(acks[1]).toBeUndefined();
    expect(dispatched).toHaveLength(1);
  });

  it('an uploaded file is read inside the 3 seconds: a script without #! is refused next to the field', async () => {
    const url = 'https://files.slack.com/files-pri/T0CHATOPS-F0NOBANG/download/job.sh';
    files[url] = Buffer.from('sleep 1\n');
    const acks: AckBody[] = [];
    const values = { ...pasted(), [F.scriptText.blockId]: {}, [F.script.blockId]: { [F.script.actionId]: { type: 'file_input', files: [{ id: 'F0NOBANG', name: 'job.sh', size: 8, url_private_download: url }] } } };
    await handler()(args('V0FILE', values, acks));
    expect(acks[0]).toEqual({ response_action: 'errors', errors: { [F.script.blockId]: expect.stringMatching(/#!\/bin\/bash on its very first line/) } });
    expect(dispatched).toEqual([]);
  });

  it('the bot token is never sent to a file URL that is not Slack\'s', async () => {
    const acks: AckBody[] = [];
    const values = { ...pasted(), [F.scriptText.blockId]: {}, [F.script.blockId]: { [F.script.actionId]: { files: [{ id: 'F0EVIL', name: 'job.sh', size: 8, url_private_download: 'https://evil.example/steal' }] } } };
    await handler()(args('V0EVIL', values, acks));
    expect(fetched).toEqual([]);
    expect(acks[0]).toMatchObject({ response_action: 'errors' });
    expect(dispatched).toEqual([]);
  });

  it('a user not mapped to a Unix user is refused next to the channel field, before anything is claimed', async () => {
    const acks: AckBody[] = [];
    const a = args('V0CAROL', pasted(), acks);
    await handler()({ ...a, body: { ...a.body, user: { id: 'U0CAROL' } } });
    expect(acks[0]).toEqual({ response_action: 'errors', errors: { [F.alertChannel.blockId]: expect.stringMatching(/not mapped to a Unix user/) } });
    expect(dispatched).toEqual([]);
  });
});
