import { ACTION_IDS, CALLBACK_IDS, SUBMIT_FIELDS as F, encodeClusterValue } from '../../../src/slack/views/ids';
import { renderJobs } from '../../../src/slack/views/jobs';
import { renderSubmitModal, DEFAULT_PARTITION_VALUE, type SubmitModalInput } from '../../../src/slack/views/submit-modal';
import { viewProblems } from '../../support/slack-block-limits';
import { makeJob, NOW } from '../views/fixtures';
import { buttons } from '../views/slack-limits';

type Block = { block_id?: string; type: string; optional?: boolean; element?: Record<string, unknown>; hint?: { text: string } };

const BASE: SubmitModalInput = { cluster: 'local', unixUser: 'alice', partitions: { kind: 'loading' }, channelId: 'C0GENERAL', privateMetadata: '{"v":1,"c":"local"}' };

function blocks(input: SubmitModalInput): Block[] {
  return renderSubmitModal(input).blocks as Block[];
}

function block(input: SubmitModalInput, field: keyof typeof F): Block {
  return blocks(input).find((b) => b.block_id === F[field].blockId)!;
}

describe('renderSubmitModal', () => {
  it('is a modal Slack accepts, with every field once and only the channel required', () => {
    const view = renderSubmitModal(BASE);
    expect(viewProblems(view)).toEqual([]);
    expect(view.callback_id).toBe(CALLBACK_IDS.submitModal);
    const inputs = (view.blocks as Block[]).filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual([
      F.script, F.scriptText, F.jobName, F.partition, F.timeLimit, F.nodes, F.ntasks, F.cpusPerTask, F.memory, F.workDir, F.options, F.alertChannel, F.watch,
    ].map((f) => f.blockId));
    expect(inputs.filter((b) => b.optional !== true).map((b) => b.block_id)).toEqual([F.alertChannel.blockId]);
  });

  it('offers "Cluster default" while loading, and the real partitions with the default preselected once known', () => {
    expect(block(BASE, 'partition').element).toMatchObject({ options: [{ value: DEFAULT_PARTITION_VALUE }], initial_option: { value: DEFAULT_PARTITION_VALUE } });
    expect(block(BASE, 'partition').hint?.text).toMatch(/Loading/);
    const known = block({ ...BASE, partitions: { kind: 'known', partitions: [
      { name: 'debug', isDefault: false, timeLimitSeconds: 1800, availability: 'UP' },
      { name: 'gpu', isDefault: true, timeLimitSeconds: null, availability: 'DOWN' },
    ] } }, 'partition');
    expect(known.element).toMatchObject({
      options: [{ value: 'debug', text: { text: 'debug (max 30m 00s)' } }, { value: 'gpu', text: { text: 'gpu (no time limit, default, down)' } }],
      initial_option: { value: 'gpu' },
    });
    const unavailable = block({ ...BASE, partitions: { kind: 'unavailable', reason: 'the head node cannot be reached' } }, 'partition');
    expect(unavailable.hint?.text).toMatch(/could not be listed \(the head node cannot be reached\)/);
  });

  it('preselects the channel the command ran in, with a response_url for the submission', () => {
    expect(block(BASE, 'alertChannel').element).toMatchObject({ type: 'conversations_select', initial_conversation: 'C0GENERAL', response_url_enabled: true });
    expect(block({ ...BASE, channelId: 'D0DIRECT' }, 'alertChannel').element).toMatchObject({ default_to_current_conversation: true });
    expect(block(BASE, 'watch').element).toMatchObject({ initial_options: [{ value: 'alert' }] });
  });

  it('keeps hostile cluster text and user names inert', () => {
    const view = renderSubmitModal({ ...BASE, cluster: '<!channel>', unixUser: 'a`b' });
    expect(JSON.stringify(view.blocks[0])).toContain('&lt;!channel&gt;');
    expect(viewProblems(view)).toEqual([]);
  });
});

describe('"Submit a job" on the jobs list', () => {
  it('is offered when asked for, with the cluster in its value, even when the list is empty', () => {
    for (const jobs of [[], [makeJob()]]) {
      const message = renderJobs({ cluster: 'local', jobs, filter: {}, canSubmit: true, now: NOW });
      const submit = buttons(message).find((b) => b.action_id === ACTION_IDS.submitOpen);
      expect(submit?.value).toBe(encodeClusterValue({ cluster: 'local' }));
    }
    expect(buttons(renderJobs({ cluster: 'local', jobs: [makeJob()], filter: {}, now: NOW })).map((b) => b.action_id)).not.toContain(ACTION_IDS.submitOpen);
  });
});
