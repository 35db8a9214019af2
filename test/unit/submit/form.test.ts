import { SUBMIT_FIELDS as F } from '../../../src/slack/views/ids';
import { ALERT_OPTION_VALUE, DEFAULT_PARTITION_VALUE } from '../../../src/slack/views/submit-modal';
import { parseSubmitForm, type ViewStateValues } from '../../../src/submit/form';

type Field = keyof typeof F;

function values(fields: Partial<Record<Field, unknown>>): ViewStateValues {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, state] of Object.entries(fields)) out[F[name as Field].blockId] = { [F[name as Field].actionId]: state };
  return out as ViewStateValues;
}

const text = (value: string | null) => ({ type: 'plain_text_input', value });
const SCRIPT = '#!/bin/bash\nsleep 1\n';
const FILE = { id: 'F0SCRIPT1', name: 'job.sh', size: 120, url_private_download: 'https://files.slack.com/files-pri/T-F0SCRIPT1/download/job.sh' };

describe('parseSubmitForm', () => {
  it('turns every field into validated sbatch argv, fields first, then the extra options', () => {
    const result = parseSubmitForm(values({
      scriptText: text(SCRIPT),
      jobName: text('  train  '),
      partition: { type: 'static_select', selected_option: { value: 'debug' } },
      timeLimit: text('90'),
      nodes: text('1-2'),
      ntasks: text('4'),
      cpusPerTask: text('2'),
      memory: text('4gb'),
      workDir: text('/scratch/alice'),
      options: text('--account=phys -q normal --gres gpu:1'),
      alertChannel: { type: 'conversations_select', selected_conversation: 'C0ALERTS' },
      watch: { type: 'checkboxes', selected_options: [{ value: ALERT_OPTION_VALUE }] },
    }), { partitions: [{ name: 'compute', isDefault: true, timeLimitSeconds: null }, { name: 'debug', isDefault: false, timeLimitSeconds: 7200 }] });
    expect(result).toEqual({
      ok: true,
      form: {
        script: { kind: 'text', text: SCRIPT },
        options: [
          '--job-name=train', '--partition=debug', '--time=01:30:00', '--nodes=1-2', '--ntasks=4', '--cpus-per-task=2', '--mem=4G',
          '--chdir=/scratch/alice', '--account=phys', '--qos=normal', '--gres=gpu:1',
        ],
        jobName: 'train',
        partition: 'debug',
        timeLimitSeconds: 5400,
        alert: true,
        channelId: 'C0ALERTS',
      },
    });
  });

  it('leaves empty fields to the script and Slurm; "Cluster default" sets no partition; unchecked means no alert', () => {
    const result = parseSubmitForm(values({
      script: { type: 'file_input', files: [FILE] },
      jobName: text(''),
      partition: { type: 'static_select', selected_option: { value: DEFAULT_PARTITION_VALUE } },
      watch: { type: 'checkboxes', selected_options: [] },
    }));
    expect(result).toEqual({
      ok: true,
      form: { script: { kind: 'file', file: { id: 'F0SCRIPT1', name: 'job.sh', size: 120, downloadUrl: FILE.url_private_download } }, options: [], alert: false },
    });
  });

  it('reports every bad field at once, each under its own block', () => {
    const result = parseSubmitForm(values({
      timeLimit: text('soon'),
      memory: text('lots'),
      ntasks: text('0'),
      cpusPerTask: text('1.5'),
      nodes: text('many'),
      workDir: text('~/work'),
      jobName: text('two\nlines'),
      options: text('--wrap="rm -rf /"'),
    }));
    expect(result.ok).toBe(false);
    const errors = result.ok ? {} : result.errors;
    expect(errors).toEqual({
      [F.script.blockId]: 'Upload a job script or paste one below.',
      [F.timeLimit.blockId]: expect.stringMatching(/"soon" is not a time limit/),
      [F.memory.blockId]: expect.stringMatching(/"lots" is not a memory size/),
      [F.ntasks.blockId]: 'Tasks must be from 1 to 1000000; got 0.',
      [F.cpusPerTask.blockId]: expect.stringMatching(/CPUs per task must be a whole number/),
      [F.nodes.blockId]: expect.stringMatching(/--nodes: "many" is not valid/),
      [F.workDir.blockId]: expect.stringMatching(/must be an absolute path/),
      [F.jobName.blockId]: 'The job name must fit on one line.',
      [F.options.blockId]: '--wrap is not allowed: the job script is the file you upload; --wrap is not available.',
    });
  });

  it('refuses an option that a filled field already sets, but lets it through when the field is empty', () => {
    const both = parseSubmitForm(values({ scriptText: text(SCRIPT), memory: text('1G'), options: text('--mem=2G') }));
    expect(both).toEqual({ ok: false, errors: { [F.options.blockId]: '--mem is already set by the Memory field; set it in one place only.' } });
    const extraOnly = parseSubmitForm(values({ scriptText: text(SCRIPT), options: text('-p compute,debug') }));
    expect(extraOnly).toMatchObject({ ok: true, form: { options: ['--partition=compute,debug'] } });
  });

  it('refuses a partition the cluster does not have when the list is known, and a forged one always', () => {
    const unknown = parseSubmitForm(values({ scriptText: text(SCRIPT), partition: { selected_option: { value: 'gpu' } } }), { partitions: [{ name: 'compute', isDefault: true }] });
    expect(unknown).toEqual({ ok: false, errors: { [F.partition.blockId]: '"gpu" is not a partition of this cluster; pick one from the list.' } });
    const forged = parseSubmitForm(values({ scriptText: text(SCRIPT), partition: { selected_option: { value: 'a;b' } } }));
    expect(forged.ok).toBe(false);
  });

  it('checks an upload by name and size before anything is fetched', () => {
    const big = parseSubmitForm(values({ script: { files: [{ ...FILE, size: 2 * 1024 * 1024 }] } }));
    expect(big).toEqual({ ok: false, errors: { [F.script.blockId]: expect.stringMatching(/2\.0 MiB; the limit is 1\.0 MiB/) } });
    const image = parseSubmitForm(values({ script: { files: [{ ...FILE, name: 'cat.png' }] } }));
    expect(image.ok).toBe(false);
    const both = parseSubmitForm(values({ script: { files: [FILE] }, scriptText: text(SCRIPT) }));
    expect(both).toEqual({ ok: false, errors: { [F.scriptText.blockId]: expect.stringMatching(/one way/) } });
  });

  it('keeps shell metacharacters as plain argv text', () => {
    const result = parseSubmitForm(values({ scriptText: text(SCRIPT), jobName: text('$(id) `id`; rm -rf ~ | cat'), options: text('--comment="; touch /tmp/x"') }));
    expect(result).toMatchObject({ ok: true, form: { options: ['--job-name=$(id) `id`; rm -rf ~ | cat', '--comment=; touch /tmp/x'] } });
  });

  it('refuses a time limit over the partition\'s maximum, which Slurm would leave pending forever', () => {
    const partitions = [{ name: 'compute', isDefault: true, timeLimitSeconds: 3600 }, { name: 'debug', isDefault: false, timeLimitSeconds: 1800 }, { name: 'long', isDefault: false, timeLimitSeconds: null }];
    const pick = (partition: string | undefined, time: string) => parseSubmitForm(values({
      scriptText: text(SCRIPT), timeLimit: text(time), ...(partition !== undefined && { partition: { selected_option: { value: partition } } }),
    }), { partitions });
    expect(pick('debug', '2:00:00')).toEqual({ ok: false, errors: { [F.timeLimit.blockId]: 'Partition "debug" allows at most 30m 00s; ask for less time or pick another partition.' } });
    expect(pick(undefined, '90')).toEqual({ ok: false, errors: { [F.timeLimit.blockId]: expect.stringMatching(/"compute" allows at most 1h 00m/) } });
    expect(pick('debug', '30').ok).toBe(true);
    expect(pick('long', '7-00:00:00').ok).toBe(true);
  });
});
