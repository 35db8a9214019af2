import { ACTION_IDS, BLOCK_IDS, decodeJobValue } from '../../../src/slack/views/ids';
import { renderJobCard } from '../../../src/slack/views/job-card';
import { buttons, expectNoSlackMarkupFromData, expectWithinSlackLimits, visibleText } from '../views/slack-limits';

const SUBMITTED = new Date('2024-05-01T10:00:00Z');

describe('renderJobCard', () => {
  it('announces the submitted job with who, where and the buttons that act on it', () => {
    const message = renderJobCard({
      cluster: 'local',
      job: { id: '1234', name: 'train', partition: 'debug', timeLimitSeconds: 600 },
      submittedBy: 'U0ALICE',
      unixUser: 'alice',
      alertOnEnd: true,
      submittedAt: SUBMITTED,
    });
    expectWithinSlackLimits(message);
    const text = visibleText(message);
    expect(text).toContain(':rocket: Job *1234* `train` submitted by <@U0ALICE> to `debug`');
    expect(text).toContain(':hourglass_flowing_sand: Pending');
    expect(text).toContain('*Runs as*\n`alice`');
    expect(text).toContain('*Time limit*\n10m 00s');
    expect(text).toContain('an alert follows in this thread');
    expect(message.text).toBe('Job 1234 `train` submitted by <@U0ALICE> to `debug`: Pending.');
    const cardButtons = buttons(message);
    expect(cardButtons.map((b) => b.action_id)).toEqual([ACTION_IDS.jobDetails, ACTION_IDS.jobOutput, ACTION_IDS.jobCancel]);
    for (const b of cardButtons) expect(decodeJobValue(b.value ?? '')).toEqual({ cluster: 'local', jobId: '1234' });
    expect(cardButtons[2]?.confirm?.title).toEqual({ type: 'plain_text', text: 'Cancel job 1234?' });
    expect(message.blocks.some((b) => b.block_id === BLOCK_IDS.jobCardActions)).toBe(true);
  });

  it('shows an ended job with its exit code and without Cancel or the alert promise', () => {
    const message = renderJobCard({
      cluster: 'local',
      job: { id: '1234', name: 'train', partition: 'debug', state: 'FAILED', exitCode: { code: 3, signal: 0 }, elapsedSeconds: 75 },
      submittedBy: 'U0ALICE',
      unixUser: 'alice',
      alertOnEnd: true,
    });
    expectWithinSlackLimits(message);
    const text = visibleText(message);
    expect(text).toContain(':x: Failed');
    expect(text).toContain('*Exit code*\n3');
    expect(text).toContain('*Ran for*\n1m 15s');
    expect(text).not.toContain('alert follows');
    expect(buttons(message).map((b) => b.action_id)).toEqual([ACTION_IDS.jobDetails, ACTION_IDS.jobOutput]);
  });

  it('keeps hostile names and reasons inert', () => {
    const message = renderJobCard({
      cluster: 'local',
      job: { id: '7', name: '<!channel> `rm -rf` *x*', partition: '<@U999>', reason: '<http://evil|click>' },
      submittedBy: '<!here>',
      unixUser: 'bob',
    });
    expectWithinSlackLimits(message);
    expectNoSlackMarkupFromData(message);
    const text = visibleText(message);
    expect(text).toContain('`&lt;!channel&gt; ˋrm -rfˋ *x*`');
    expect(text).toContain('submitted by someone');
  });
});
