import fc from 'fast-check';
import { ValidationError } from '../../../src/errors';
import { SUBMIT_FIELDS, CALLBACK_IDS } from '../../../src/slack/views/ids';
import { ALERT_OPTION_VALUE, DEFAULT_PARTITION_VALUE } from '../../../src/slack/views/submit-modal';
import { checkSbatchArgs } from '../../../src/slurm/sbatch-options';
import { parseSubmitForm, type ViewStateValues } from '../../../src/submit/form';
import { decodeSubmitMeta, encodeSubmitMeta } from '../../../src/submit/metadata';
import type { AppUnderTest } from '../../support/app-under-test';
import { plainTextValue, staticSelectValue, viewSubmissionRequest } from '../../support/slack-requests';
import { CHANNELS, HOSTILE, recordingLog, settle, startPropertyApp, USERS } from './property-app';
import { validationProblems } from './validated';

const F = SUBMIT_FIELDS;
const BLOCK_IDS: ReadonlySet<string> = new Set(Object.values(F).map((f) => f.blockId));
const text = fc.oneof(
  fc.constantFrom('', 'debug', 'compute', '1', '2', '00:10:00', '1G', 'my-job', '--exclusive', '--mail-type=END', '--wrap=id', '/tmp', '~/work', ...HOSTILE),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const script = fc.oneof(
  { weight: 3, arbitrary: fc.constant('#!/bin/bash\nsleep 1\n') },
  fc.constantFrom('#!/bin/bash\nsleep 1\n', '#!/bin/bash\n#SBATCH --wrap=id\nhostname\n', 'no shebang', '#!/bin/bash\n$(reboot)\n`id`\n'),
  fc.string({ maxLength: 200 }).map((s) => `#!/bin/bash\n${s}`),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

/** A field left empty (most often: they are optional), filled right, or filled with anything. */
const field = (...valid: string[]) => fc.oneof({ weight: 12, arbitrary: fc.constant('') }, { weight: 2, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: text });

/** `view.state.values` as Slack sends it, with each field arbitrary (or missing). */
const stateValues = fc.record({
  scriptText: script, jobName: field('my-job', 'train <model> & eval'), partition: fc.oneof(field('debug', 'compute'), fc.constant(DEFAULT_PARTITION_VALUE)),
  timeLimit: field('00:10:00', '5'), nodes: field('1'), ntasks: field('2'), cpusPerTask: field('1'), memory: field('1G', '500M'),
  options: fc.oneof(field('--exclusive', '--mail-type=END'), fc.array(text, { maxLength: 4 }).map((a) => a.join(' '))), workDir: field('/tmp'),
  alertChannel: fc.constantFrom(...CHANNELS, 'C0NOWHERE', '<!channel>'), watch: fc.boolean(),
}, { requiredKeys: [] }).map((v): Record<string, Record<string, unknown>> => {
  const values: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(v)) {
    const field = F[key as keyof typeof F];
    if (key === 'partition') values[field.blockId] = { [field.actionId]: staticSelectValue(value as string) };
    else if (key === 'alertChannel') values[field.blockId] = { [field.actionId]: { type: 'conversations_select', selected_conversation: value } };
    else if (key === 'watch') values[field.blockId] = { [field.actionId]: { type: 'checkboxes', selected_options: value ? [{ value: ALERT_OPTION_VALUE }] : [] } };
    else values[field.blockId] = { [field.actionId]: plainTextValue(value as string) };
  }
  return values;
});

describe('the submit form parser, fed arbitrary state', () => {
  it('never throws; accepts only allow-listed options; names only its own fields', () => {
    fc.assert(fc.property(stateValues, fc.array(fc.constantFrom('debug', 'compute'), { maxLength: 2 }), (values, partitions) => {
      const known = partitions.map((name, i) => ({ name, isDefault: i === 0, timeLimitSeconds: 3600 }));
      const result = parseSubmitForm(values as ViewStateValues, known.length > 0 ? { partitions: known } : {});
      if (result.ok) {
        expect([...checkSbatchArgs(result.form.options)]).toEqual([...result.form.options]);
        expect(result.form.options.some((o) => o.startsWith('--wrap'))).toBe(false);
      } else {
        for (const key of Object.keys(result.errors)) expect(BLOCK_IDS.has(key)).toBe(true);
      }
    }), { numRuns: 500 });
  });

  it('reads back only metadata it wrote, refusing the rest with a ValidationError', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
      try {
        const meta = decodeSubmitMeta(raw);
        expect(decodeSubmitMeta(encodeSubmitMeta(meta))).toEqual(meta);
        expect(meta.cluster).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
      }
    }), { numRuns: 500 });
  });
});

describe('the submit modal, submitted with arbitrary state over HTTP', () => {
  const log = recordingLog();
  let app: AppUnderTest;
  let views = 0;
  beforeAll(async () => {
    app = await startPropertyApp(log);
  });
  afterAll(() => app.close());

  it('answers with errors next to fields or closes and answers later; only validated sbatch runs', async () => {
    await fc.assert(
      fc.asyncProperty(stateValues, fc.constantFrom(...USERS), fc.oneof({ weight: 4, arbitrary: fc.constant('local') }, fc.constant('ops'), fc.string({ maxLength: 10 })), fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
        async (values, userId, cluster, goodMeta) => {
          const runsBefore = app.runs.length;
          const callsBefore = app.slack.calls.length;
          const responseUrl = app.slack.responseUrl();
          views += 1;
          const privateMetadata = goodMeta && /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/.test(cluster)
            ? encodeSubmitMeta({ cluster, channelId: 'C0GENERAL', responseUrl })
            : cluster;
          const res = await app.send(viewSubmissionRequest({ callbackId: CALLBACK_IDS.submitModal, values, privateMetadata, userId, viewId: `V0PROP${views}` }));
          expect(res.status).toBe(200);
          if (res.body !== '') {
            const ack = JSON.parse(res.body) as { response_action: string; errors: Record<string, string> };
            expect(ack.response_action).toBe('errors');
            // Slack shows these as plain text under the field: never parsed for mentions or links.
            for (const key of Object.keys(ack.errors)) expect(BLOCK_IDS.has(key)).toBe(true);
          } else {
            // Closed: the job card or the reason it failed follows.
            expect(await settle(app, responseUrl, callsBefore)).toBe(true);
          }
          await app.drain();
          const ran = app.runs.slice(runsBefore);
          for (const request of ran) expect(validationProblems(request)).toEqual([]);
          if (userId === 'U0NOBODY' || userId === 'U0VERA') expect(ran.filter((r) => r.argv[0] === 'sbatch')).toEqual([]);
          expect(log.entries.filter((e) => e.level === 'error')).toEqual([]);
        }),
      { numRuns: 150 },
    );
    expect(app.runs.some((r) => r.argv[0] === 'sbatch')).toBe(true);
  }, 180_000);
});
