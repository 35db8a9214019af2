import { explainPending, reasonSummary } from '../../../src/slack/views/pending-reason';
import { makeJob, makeNode, NOW } from './fixtures';

function pending(reason: string, extra: Parameters<typeof makeJob>[0] = {}) {
  return makeJob({ state: 'PENDING', stateText: 'PENDING', reason, nodes: undefined, startTime: undefined, ...extra });
}

describe('explainPending', () => {
  it.each([
    ['Priority', /higher priority are ahead/, false],
    ['Resources', /enough free nodes, CPUs or memory/, false],
    ['Dependency', /depends on/, false],
    ['DependencyNeverSatisfied', /never start/, true],
    ['JobHeldUser', /Press \*Release\*/, true],
    ['JobHeldAdmin', /Only an admin can release it/, true],
    ['BeginTime', /--begin/, false],
    ['QOSMaxJobsPerUserLimit', /Its QOS caps running jobs per user/, false],
    ['AssocGrpCpuLimit', /Your account has reached its total limit on CPUs/, false],
    ['QOSMaxWallDurationPerJobLimit', /more wall time than its QOS allows per job, so it will never start/, true],
    ['ReqNodeNotAvail', /node this job requires is unavailable/, false],
    ['PartitionTimeLimit', /longer than the partition allows/, true],
    ['PartitionNodeLimit', /more \(or fewer\) nodes than the partition/, true],
    ['PartitionDown', /partition is DOWN/, false],
    ['Reservation', /advanced reservation/, false],
    ['NodeDown', /node it needs is down/, false],
    ['Licenses', /license/, false],
    ['launch failed requeued held', /could not launch it, so it was requeued and held/, true],
    ['BadConstraints', /No node matches its constraints/, true],
    ['Nodes_required_for_job_are_DOWN,_DRAINED_or_reserved_for_jobs_in_higher_priority_partitions', /node this job requires is unavailable/, false],
  ])('explains %s in plain words', (reason, expected, stuck) => {
    const explanation = explainPending({ job: pending(reason), now: NOW });
    expect(explanation?.text).toMatch(expected);
    expect(explanation?.stuck).toBe(stuck);
  });

  it('quotes the unavailable nodes that Slurm names after ReqNodeNotAvail', () => {
    const text = explainPending({ job: pending('ReqNodeNotAvail, UnavailableNodes:node[01-02]'), now: NOW })?.text;
    expect(text).toContain('Details: `UnavailableNodes:node[01-02]`');
  });

  it('accepts the reason in parentheses as squeue prints it', () => {
    expect(explainPending({ job: pending('(Resources)'), now: NOW })?.text).toMatch(/enough free nodes/);
  });

  it('quotes an unknown code, escaped, instead of guessing', () => {
    const text = explainPending({ job: pending('BrandNewReason<!channel>'), now: NOW })?.text ?? '';
    expect(text).toContain('`BrandNewReason&lt;!channel&gt;`');
    expect(text).not.toMatch(/<!channel>/);
  });

  it('shows what the job depends on', () => {
    const text = explainPending({ job: pending('Dependency', { dependency: 'afterok:1200_*' }), now: NOW })?.text;
    expect(text).toContain('Depends on: `afterok:1200_*`');
  });

  it('gives Slurm\'s expected start time when it has one', () => {
    const job = pending('Resources', { expectedStart: new Date('2024-05-01T14:05:00Z') });
    const text = explainPending({ job, now: NOW })?.text;
    expect(text).toContain('Slurm expects it to start <!date^1714572300^');
    expect(text).toContain('(in 2h 05m)');
  });

  it('leaves out an expected start that has passed or cannot happen', () => {
    expect(explainPending({ job: pending('Resources', { expectedStart: new Date('2024-05-01T11:00:00Z') }), now: NOW })?.text)
      .not.toContain('expects');
    expect(explainPending({ job: pending('JobHeldUser', { expectedStart: new Date('2024-05-02T00:00:00Z') }), now: NOW })?.text)
      .not.toContain('expects');
  });

  it('says cloud nodes are starting when the partition has nodes powering up', () => {
    const nodes = [
      makeNode({ name: 'q1-dy-c5-1', stateText: 'MIXED#', state: 'powering_up', partitions: ['compute'] }),
      makeNode({ name: 'other', stateText: 'IDLE', state: 'idle', partitions: ['gpu'] }),
    ];
    const explanation = explainPending({ job: pending('Resources'), nodes, now: NOW });
    expect(explanation?.text).toContain('Cloud nodes are starting; this usually takes 2–5 minutes.');
    expect(explanation?.cloudStarting).toBe(true);
  });

  it('says so for a job in CONFIGURING, ParallelCluster\'s state while nodes boot', () => {
    const job = makeJob({ state: 'CONFIGURING', stateText: 'CONFIGURING', reason: 'None' });
    expect(explainPending({ job, now: NOW })?.cloudStarting).toBe(true);
  });

  it('explains powered-down and powering-down cloud nodes', () => {
    const nodes = [
      makeNode({ name: 'q1-dy-1', stateText: 'IDLE~', state: 'powered_down' }),
      makeNode({ name: 'q1-dy-2', stateText: 'IDLE+CLOUD+POWERED_DOWN', state: 'powered_down' }),
      makeNode({ name: 'q1-dy-3', stateText: 'idle%', state: 'powered_down' }),
    ];
    const text = explainPending({ job: pending('Resources'), nodes, now: NOW })?.text;
    expect(text).toContain('2 cloud nodes are powered down');
    expect(text).toContain('powering down');
  });

  it('ignores nodes of other partitions', () => {
    const nodes = [makeNode({ stateText: 'IDLE~', state: 'powered_down', partitions: ['gpu'] })];
    expect(explainPending({ job: pending('Resources'), nodes, now: NOW })?.text).not.toContain('cloud');
  });

  it('explains suspended jobs', () => {
    const job = makeJob({ state: 'SUSPENDED', stateText: 'SUSPENDED', reason: 'None' });
    const explanation = explainPending({ job, now: NOW });
    expect(explanation?.text).toMatch(/suspended/);
    expect(explanation?.stuck).toBe(true);
  });

  it('has nothing to explain for running or finished jobs', () => {
    expect(explainPending({ job: makeJob(), now: NOW })).toBeUndefined();
    expect(explainPending({ job: makeJob({ state: 'COMPLETED' }), now: NOW })).toBeUndefined();
  });

  it('says the scheduler has not decided yet when there is no reason', () => {
    expect(explainPending({ job: pending(''), now: NOW })?.text).toMatch(/has not given a reason yet/);
  });
});

describe('reasonSummary', () => {
  it('gives a few words for a list row', () => {
    expect(reasonSummary('Priority')).toBe('other jobs go first');
    expect(reasonSummary('AssocGrpCpuLimit')).toBe('account limit on CPUs');
    expect(reasonSummary(undefined)).toBe('not scheduled yet');
    expect(reasonSummary('Weird*Code*')).toBe('`Weird*Code*`');
  });
});
