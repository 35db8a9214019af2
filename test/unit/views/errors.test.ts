import { ChatopsError, ExecError, SlurmError, ValidationError, type ErrorCode } from '../../../src/errors';
import { renderCaughtError, renderError } from '../../../src/slack/views/errors';
import { expectNoSlackMarkupFromData, expectWithinSlackLimits, visibleText } from './slack-limits';

const ALL_CODES: ErrorCode[] = [
  'CONFIG_INVALID', 'VALIDATION', 'NOT_MAPPED', 'FORBIDDEN', 'UNKNOWN_CLUSTER', 'JOB_NOT_FOUND', 'EXEC_UNREACHABLE',
  'EXEC_TIMEOUT', 'EXEC_FAILED', 'EXEC_TRUNCATED', 'SLURM_ERROR', 'SLACK_API', 'STORE',
];

describe('renderError', () => {
  it.each(ALL_CODES)('%s says what happened, what to do, and the request id', (code) => {
    const message = renderError({ code, requestId: 'req-42', cluster: 'local', jobId: '99', message: 'internal detail' });
    expectWithinSlackLimits(message);
    const text = visibleText(message);
    expect(message.blocks[message.blocks.length - 1]).toMatchObject({ type: 'context' });
    expect(text).toContain('Request id `req-42`');
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
    const [what, todo] = (message.blocks[0] as { text: { text: string } }).text.text.split('\n');
    expect(what?.length).toBeGreaterThan(10);
    expect(todo?.length).toBeGreaterThan(10);
  });

  it('keeps internal messages out of codes that are not written for users', () => {
    const message = renderError({ code: 'EXEC_FAILED', requestId: 'r', message: 'AccessDeniedException arn:aws:ssm:secret' });
    expect(visibleText(message)).not.toContain('arn:aws');
  });

  it('JOB_NOT_FOUND names the job, the cluster and how long finished jobs stay visible', () => {
    const message = renderError({ code: 'JOB_NOT_FOUND', requestId: 'r', cluster: 'local', jobId: '99', minJobAgeSeconds: 300 });
    expect(message.text).toContain('Job *99* was not found on *local*.');
    expect(visibleText(message)).toContain('Finished jobs stay visible for 5m 00s');
  });

  it('SLURM_ERROR quotes Slurm in a code block, escaped', () => {
    const message = renderError({
      code: 'SLURM_ERROR', requestId: 'r', cluster: 'local',
      slurmMessage: 'scancel: error: Kill job error on job id 12: Access/permission denied <!channel>\n```',
    });
    expectNoSlackMarkupFromData(message);
    expect(visibleText(message)).toContain(
      '```scancel: error: Kill job error on job id 12: Access/permission denied &lt;!channel&gt;\nˋˋˋ```',
    );
  });

  it('VALIDATION shows the validator\'s message, escaped', () => {
    const message = renderError({ code: 'VALIDATION', requestId: 'r', message: '"<@U1>" is not a valid job id.' });
    expect(message.text).toContain('"&lt;@U1&gt;" is not a valid job id.');
    expectNoSlackMarkupFromData(message);
  });

  it('NOT_MAPPED and UNKNOWN_CLUSTER say how to fix them', () => {
    expect(visibleText(renderError({ code: 'NOT_MAPPED', requestId: 'r' }))).toContain('Ask an admin to map you, or use `/slurm link`');
    expect(visibleText(renderError({ code: 'UNKNOWN_CLUSTER', requestId: 'r', cluster: 'nope', clusters: ['local', 'prod'] })))
      .toContain('There is no cluster named `nope`.\nUse one of: `local`, `prod`.');
  });
});

describe('renderCaughtError', () => {
  it('maps each kind of error to its message', () => {
    const details = { requestId: 'r1', cluster: 'local' };
    expect(renderCaughtError(new ValidationError('Bad id.'), details).text).toContain('Bad id.');
    expect(renderCaughtError(new ExecError('EXEC_TIMEOUT', 'SSM timed out'), details).text).toContain('did not answer in time');
    expect(renderCaughtError(new SlurmError('sbatch refused', 'sbatch: error: invalid partition', 1), details).text)
      .toContain('Slurm refused');
    expect(visibleText(renderCaughtError(new SlurmError('x', 'invalid partition', 1), details))).toContain('```invalid partition```');
    expect(renderCaughtError(new ChatopsError('FORBIDDEN', 'Job 5 belongs to bob.'), details).text).toContain('Job 5 belongs to bob.');
  });

  it('shows nothing of an unexpected error but says something went wrong', () => {
    const message = renderCaughtError(new TypeError('Cannot read properties of undefined (reading secretToken)'), { requestId: 'r2' });
    expectWithinSlackLimits(message);
    expect(visibleText(message)).toContain('Something went wrong');
    expect(visibleText(message)).not.toContain('secretToken');
  });
});
