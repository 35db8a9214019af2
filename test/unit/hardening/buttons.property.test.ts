import fc from 'fast-check';
import { ValidationError } from '../../../src/errors';
import { ACTION_IDS, decodeClusterValue, decodeJobsPageValue, decodeJobValue, decodeLinkValue, decodeNodesPageValue } from '../../../src/slack/views/ids';
import type { AppUnderTest } from '../../support/app-under-test';
import { CHANNELS, HOSTILE, recordingLog, settle, startPropertyApp, USERS } from './property-app';
import { validationProblems } from './validated';

const hostile = fc.constantFrom(...HOSTILE);
const clusterName = fc.oneof(fc.constantFrom('local', 'ops', 'nowhere', 'LOCAL', 'local ', 'local;id'), hostile, fc.string({ maxLength: 20 }));
const jobId = fc.oneof(fc.constantFrom('1234', '1234_7', '1234_[1-3]', '1234+1', '0', '1234;id', '1234 5', '$(id)'), hostile, fc.string({ maxLength: 20 }));
const anything = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), hostile, fc.array(hostile, { maxLength: 3 }));

/** Button values as the bot writes them, the same with forged fields, and arbitrary text. */
const buttonValue = fc.oneof(
  { weight: 10, arbitrary: fc.record({ v: fc.constant(1), c: fc.constantFrom('local', 'ops'), j: fc.oneof(fc.constantFrom('1234', '1234_7'), jobId) }).map((o) => JSON.stringify(o)) },
  { weight: 2, arbitrary: fc.record({ v: fc.constant(1), c: fc.constantFrom('local', 'ops'), p: fc.nat(3), q: fc.record({ u: fc.array(fc.constantFrom('alice', 'vera', 'root', '$(id)'), { minLength: 1, maxLength: 2 }) }, { requiredKeys: [] }) }).map((o) => JSON.stringify(o)) },
  fc.record({ v: fc.constantFrom(1, 0, 2, '1'), c: clusterName, j: jobId }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.record({ v: fc.constant(1), c: clusterName, p: fc.oneof(fc.integer(), anything), q: fc.record({ u: fc.array(fc.oneof(hostile, fc.constantFrom('alice', 'vera', 'root'))), s: fc.array(anything), p: anything, j: fc.array(jobId) }, { requiredKeys: [] }), r: anything }, { requiredKeys: [] })
    .map((o) => JSON.stringify(o)),
  fc.record({ v: fc.constant(1), c: clusterName, k: fc.oneof(fc.constantFrom('K7QM-2XPD', 'k7qm-2xpd', '../etc'), hostile) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.string({ minLength: 1990, maxLength: 2100 }),
);

const A = ACTION_IDS;
const wellFormedCluster = fc.oneof({ weight: 3, arbitrary: fc.constant('local') }, fc.constant('ops'), clusterName);
/** A button and a value of the kind that button carries, some fields forged. */
const coherentClick = fc.oneof(
  fc.tuple(fc.constantFrom(A.jobDetails, A.jobRefresh, A.jobCancel, A.jobHold, A.jobRelease, A.jobRequeue, A.jobOutput, A.jobWatch, A.jobUnwatch),
    fc.record({ v: fc.constant(1), c: wellFormedCluster, j: fc.oneof({ weight: 3, arbitrary: fc.constant('1234') }, jobId) }).map((o) => JSON.stringify(o))),
  fc.tuple(fc.constantFrom(A.jobsPageNext, A.jobsPagePrev),
    fc.record({ v: fc.constant(1), c: wellFormedCluster, p: fc.nat(3), q: fc.record({ u: fc.array(fc.constantFrom('alice', 'vera', 'root', '$(id)'), { minLength: 1, maxLength: 2 }), s: fc.constant(['PENDING']) }, { requiredKeys: [] }) }, { requiredKeys: ['v', 'c', 'p'] }).map((o) => JSON.stringify(o))),
  fc.tuple(fc.constantFrom(A.nodesPageNext, A.nodesPagePrev), fc.record({ v: fc.constant(1), c: wellFormedCluster, p: fc.nat(3), r: fc.oneof(fc.constant('debug'), hostile) }, { requiredKeys: ['v', 'c', 'p'] }).map((o) => JSON.stringify(o))),
  fc.tuple(fc.constant(A.linkVerify), fc.record({ v: fc.constant(1), c: wellFormedCluster, k: fc.oneof(fc.constant('K7QM-2XPD'), hostile) }).map((o) => JSON.stringify(o))),
  fc.tuple(fc.constant(A.submitOpen), fc.record({ v: fc.constant(1), c: wellFormedCluster }).map((o) => JSON.stringify(o))),
);
const click = fc.oneof({ weight: 3, arbitrary: coherentClick }, { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...Object.values(ACTION_IDS)), buttonValue) });

function clusterOf(value: string): unknown {
  try {
    return (JSON.parse(value) as { c?: unknown }).c;
  } catch {
    return undefined;
  }
}

describe('every button, clicked with arbitrary values over HTTP', () => {
  const log = recordingLog();
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startPropertyApp(log);
  });
  afterAll(() => app.close());

  it('always answers, never fails unhandled, and re-validates and re-authorizes every value', async () => {
    await fc.assert(
      fc.asyncProperty(
        click, fc.constantFrom(...USERS), fc.constantFrom(...CHANNELS), fc.boolean(),
        async ([actionId, value], userId, channelId, isEphemeral) => {
          const runsBefore = app.runs.length;
          const callsBefore = app.slack.calls.length;
          const { status, responseUrl } = await app.click({ actionId, value, userId, channelId, isEphemeral });
          expect(status).toBe(200);
          expect(await settle(app, responseUrl, callsBefore)).toBe(true);
          const ran = app.runs.slice(runsBefore);
          for (const request of ran) expect(validationProblems(request)).toEqual([]);
          if (userId === 'U0NOBODY') expect(ran).toEqual([]);
          // ops answers only in its own channel, whatever the button says.
          if (clusterOf(value) === 'ops' && channelId !== 'C0OPS') expect(ran).toEqual([]);
          // A viewer never changes a job.
          if (userId === 'U0VERA' && [ACTION_IDS.jobCancel, ACTION_IDS.jobHold, ACTION_IDS.jobRelease, ACTION_IDS.jobRequeue].includes(actionId as never)) {
            expect(ran.filter((r) => r.argv[0] === 'scancel' || r.argv.includes('hold') || r.argv.includes('release') || r.argv.includes('requeue'))).toEqual([]);
          }
          expect(log.entries.filter((e) => e.level === 'error')).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
    expect(app.runs.length).toBeGreaterThan(10);
  }, 180_000);
});

describe('every button value decoder, fed arbitrary values', () => {
  const DECODERS = { decodeJobValue, decodeJobsPageValue, decodeNodesPageValue, decodeClusterValue, decodeLinkValue };

  it.each(Object.entries(DECODERS))('%s returns only well-formed references, or throws a ValidationError', (_name, decode) => {
    fc.assert(fc.property(fc.oneof(buttonValue, fc.string(), fc.json()), (value) => {
      let ref: unknown;
      try {
        ref = decode(value);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return;
      }
      const { cluster, jobId, code } = ref as { cluster: string; jobId?: string; code?: string };
      expect(cluster).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/);
      if (jobId !== undefined) expect(jobId).toMatch(/^[0-9_[\],%+-]+$/);
      if (code !== undefined) expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    }), { numRuns: 1000 });
  });
});
