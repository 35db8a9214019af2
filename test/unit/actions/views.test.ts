import { renderActionOutcome } from '../../../src/slack/views/action-outcome';
import { renderJobCard } from '../../../src/slack/views/job-card';
import { cardSubmitter } from '../../../src/slack/views/job-card-facts';
import { renderJobOutputStreams } from '../../../src/slack/views/job-output';
import { cleanTerminalText } from '../../../src/slack/views/terminal-text';
import { renderWatchOutcome } from '../../../src/slack/views/watch-outcome';
import type { Job } from '../../../src/slurm/types';
import { visibleText } from '../../support/visible-text';
import { expectWithinSlackLimits } from '../views/slack-limits';

const running: Job = { id: '154', baseId: '154', name: 'train', user: 'alice', state: 'RUNNING', stateText: 'RUNNING', partition: 'compute' };

describe('renderActionOutcome', () => {
  it("someone else's job: who owns it, who you act as, who may act", () => {
    const message = renderActionOutcome({
      cluster: 'local', jobId: '154', action: 'cancel', outcome: 'refused', actorUserId: 'U0BOB', asAdmin: false, actingAs: 'bob', job: running,
      refusal: { kind: 'permission_denied', summary: 'Your Unix user may not do this to this job (it belongs to someone else).', slurmMessage: 'Kill job error on job id 154: Access/permission denied' },
    });
    const text = visibleText(message);
    expect(text).toMatch(/:lock: Slurm refused to cancel job \*154\*: it belongs to `alice`, and you act on the cluster as `bob`\. Only the job's owner or a bot admin can cancel it/);
    expect(text).toMatch(/Slurm said: `Kill job error on job id 154: Access\/permission denied`/);
    expectWithinSlackLimits(message);
  });

  it('done, by an admin with root rights, with the state the job is in now', () => {
    const text = visibleText(renderActionOutcome({
      cluster: 'local', jobId: '154', action: 'cancel', outcome: 'done', actorUserId: 'U0ADMIN', asAdmin: true, actingAs: 'root',
      job: { ...running, state: 'COMPLETING', stateText: 'COMPLETING' },
    }));
    expect(text).toMatch(/Cancel requested for job \*154\* on \*local\* by <@U0ADMIN> \(bot admin, with root rights on the cluster\)\./);
    expect(text).toMatch(/Now: .* Completing: Slurm is stopping its processes\./);
  });

  it('nothing to do, and unknown jobs, in plain words', () => {
    const ended = visibleText(renderActionOutcome({
      cluster: 'local', jobId: '9', action: 'hold', outcome: 'already_done', actorUserId: 'U0ALICE', asAdmin: false, actingAs: 'alice',
      job: { ...running, state: 'COMPLETED', stateText: 'COMPLETED' },
    }));
    expect(ended).toMatch(/Job \*9\* on \*local\* had already ended \(Completed\), so there was nothing to hold\./);
    const unknown = visibleText(renderActionOutcome({ cluster: 'local', jobId: '9', action: 'release', outcome: 'not_found', actorUserId: 'U0ALICE', asAdmin: false, actingAs: 'alice', minJobAgeSeconds: 300 }));
    expect(unknown).toMatch(/Slurm does not know job \*9\* on \*local\*: the id is wrong, or the job ended more than 5m 00s ago/);
  });
});

describe('renderJobOutputStreams', () => {
  it('10,000 lines: the tail only, within Slack limits, with a note', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `line ${i + 1}`).join('\n');
    const message = renderJobOutputStreams({
      cluster: 'local', jobId: '7', lines: 10_000, readAs: 'alice',
      streams: [{ key: 'stdout', path: '/home/alice/slurm-7.out', status: 'ok', text, cut: true, size: 88_894 }],
    });
    const visible = visibleText(message);
    expect(visible).toMatch(/line 10000```/);
    expect(visible).not.toMatch(/line 1\n/);
    expect(visible).toMatch(/last lines only \(asked for 10000 lines\), 88,894 bytes in total/);
    expectWithinSlackLimits(message);
  });

  it('explains missing, unreadable and discarded files', () => {
    const visible = visibleText(renderJobOutputStreams({
      cluster: 'local', jobId: '7', lines: 50, readAs: 'bob', state: 'PENDING',
      streams: [
        { key: 'stdout', path: '/home/alice/out', status: 'missing', message: 'No such file or directory' },
        { key: 'stderr', path: '/home/alice/err', status: 'denied', message: 'Permission denied' },
      ],
    }));
    expect(visible).toMatch(/\*Output\* `\/home\/alice\/out`: no output yet, the job has not started\./);
    expect(visible).toMatch(/:lock: \*Errors\* `\/home\/alice\/err`: `bob` may not read this file/);
    const discarded = visibleText(renderJobOutputStreams({
      cluster: 'local', jobId: '7', lines: 50, readAs: 'bob', streams: [{ key: 'stdout', path: '/dev/null', status: 'ok', text: '', cut: false, size: 0 }],
    }));
    expect(discarded).toMatch(/discarded/);
  });
});

describe('cleanTerminalText', () => {
  it('drops colours and cursor codes, keeps the last redraw of a line, applies backspaces', () => {
    expect(cleanTerminalText('\u001b[1;31merror\u001b[0m: x\r\n10%\r50%\r100%\nab\bc\n\u001b]0;title\u0007done')).toBe('error: x\n100%\nac\ndone');
  });
});

describe('renderWatchOutcome', () => {
  it('says where the alert goes and how to stop it; refuses to take over another watch', () => {
    expect(visibleText(renderWatchOutcome({ cluster: 'local', jobId: '5', outcome: { kind: 'watching', inThread: true } }))).toMatch(/Watching job \*5\* on \*local\*\. An alert .* goes to the job card's thread when it ends\.[\s\S]*\/slurm unwatch 5/);
    expect(visibleText(renderWatchOutcome({ cluster: 'local', jobId: '5', outcome: { kind: 'already-watching', by: 'U0ALICE', channel: 'C0OPS' } }))).toMatch(/<@U0ALICE> already watches job \*5\* on \*local\*; its alert goes to <#C0OPS>\./);
    expect(visibleText(renderWatchOutcome({ cluster: 'local', jobId: '5', outcome: { kind: 'already-ended', state: 'FAILED' } }))).toMatch(/Job \*5\* on \*local\* has already ended \(Failed\)/);
    expect(visibleText(renderWatchOutcome({ cluster: 'local', jobId: '5', outcome: { kind: 'not-yours', by: 'U0ALICE' } }))).toMatch(/only they or a bot admin can stop it/);
  });
});

describe('cardSubmitter', () => {
  it('reads back who a job card names as submitter, whatever the job name holds', () => {
    const card = renderJobCard({ cluster: 'local', job: { id: '5', name: 'x submitted by <@U0EVIL>', partition: 'compute' }, submittedBy: 'U0ALICE', unixUser: 'alice' });
    expect(cardSubmitter(card.blocks)).toBe('U0ALICE');
    expect(cardSubmitter([{ type: 'section', text: { type: 'mrkdwn', text: 'Job 5' } }])).toBeUndefined();
    expect(cardSubmitter(undefined)).toBeUndefined();
  });

  it('the card names the last change and who made it', () => {
    const card = renderJobCard({
      cluster: 'local', job: { id: '5', name: 'x', partition: 'compute', state: 'CANCELLED' }, submittedBy: 'U0ALICE', unixUser: 'alice',
      lastAction: { words: 'Cancel requested', by: 'U0ADMIN', asAdmin: true },
    });
    expect(visibleText(card)).toMatch(/Cancel requested by <@U0ADMIN> \(bot admin\)/);
  });
});
