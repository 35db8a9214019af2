import { performance } from 'node:perf_hooks';
import type { AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { handler } from '../../src/handlers/slack';
import { ACTION_IDS, encodeJobsPageValue } from '../../src/slack/views/ids';
import { DynamoTable } from '../../src/store/dynamo-table';
import { PartitionCache } from '../../src/submit/partition-cache';
import { apiGatewayEvent, lambdaContext } from '../../test/support/apigw-event';
import { WORKSPACE } from '../../test/support/slack-ids';
import { blockActionsRequest, newTriggerId, slashCommandRequest, type SlackHttpRequest } from '../../test/support/slack-requests';
import type { Harness } from '../harness';
import { CLUSTER } from '../lambda-env';
import { count, type BenchOptions } from '../options';
import type { SectionResult, Verdict } from '../report';
import { ms, summarize, type Summary } from '../stats';

const GOAL_MS = 20;

interface Probe {
  readonly name: string;
  request(responseUrl: string): SlackHttpRequest;
  /** What the ack must have done; a text when it did not. */
  check(response: AwsResponse, invokes: number, viewsOpened: number): string | undefined;
}

const PROBES: readonly Probe[] = [
  {
    name: '/slurm jobs',
    request: (responseUrl) => slashCommandRequest({ text: 'jobs', responseUrl, userId: 'U0ALICE' }),
    check: (r, invokes) => (r.statusCode === 200 && invokes === 1 ? undefined : `status ${r.statusCode}, ${invokes} worker invokes (expected 200, 1)`),
  },
  {
    name: 'button: jobs Next page',
    request: (responseUrl) =>
      blockActionsRequest({
        actionId: ACTION_IDS.jobsPageNext,
        value: encodeJobsPageValue({ cluster: CLUSTER, filter: { users: ['alice'] }, page: 1 }),
        responseUrl,
        userId: 'U0ALICE',
        isEphemeral: true,
      }),
    check: (r, invokes) => (r.statusCode === 200 && invokes === 1 ? undefined : `status ${r.statusCode}, ${invokes} worker invokes (expected 200, 1)`),
  },
  {
    name: '/slurm submit (opens the modal)',
    request: (responseUrl) => slashCommandRequest({ text: 'submit', responseUrl, userId: 'U0ALICE' }),
    // With the partition cache fresh the modal opens with the list, and no refresh task is dispatched.
    check: (r, invokes, viewsOpened) =>
      r.statusCode === 200 && viewsOpened === 1 && invokes === 0
        ? undefined
        : `status ${r.statusCode}, ${viewsOpened} views.open calls, ${invokes} worker invokes (expected 200, 1, 0): ${r.body.slice(0, 200)}`,
  },
];

/** One signed request through the slack Lambda handler; only the handler call is timed. */
async function timeOne(h: Harness, probe: Probe): Promise<{ ms: number; problem?: string }> {
  const event = apiGatewayEvent(probe.request(h.slack.responseUrl()));
  const context = lambdaContext();
  const invokes = h.aws.invokes;
  const opened = h.slack.callsTo('views.open').length;
  const start = performance.now();
  const response = await handler(event, context);
  const elapsed = performance.now() - start;
  const problem = probe.check(response, h.aws.invokes - invokes, h.slack.callsTo('views.open').length - opened);
  return { ms: elapsed, ...(problem !== undefined && { problem }) };
}

/** Round trips of a request replayed straight at a fake over loopback: the fake's own share of a call the ack makes. */
async function replay(iterations: number, send: () => Promise<Response>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    const res = await send();
    await res.text();
    if (!res.ok) throw new Error(`replayed request answered ${res.status}`);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** The fakes' time in a submit ack: the same views.open at the Slack fake, and the partition cache's GetItem at the DynamoDB emulator. */
async function submitFakeTime(h: Harness, iterations: number): Promise<{ viewsOpen: Summary; getItem: Summary; total: Summary }> {
  const view = JSON.stringify(h.slack.callsTo('views.open').at(-1)?.args.view ?? {});
  const viewsOpen = await replay(iterations, () =>
    fetch(`${h.slack.apiUrl}views.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WORKSPACE.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ trigger_id: newTriggerId(), view }).toString(),
    }),
  );
  const getItem = await replay(iterations, () =>
    fetch(h.dynamo.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.GetItem',
        'x-amz-date': new Date().toISOString().replace(/[-:]|\.\d{3}/g, ''),
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDFAKE/20250101/eu-west-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
      },
      body: JSON.stringify({ TableName: h.dynamo.tableName, Key: { pk: { S: `partitions#${CLUSTER}` }, sk: { S: 'list' } }, ConsistentRead: true }),
    }),
  );
  return { viewsOpen: summarize(viewsOpen), getItem: summarize(getItem), total: summarize(viewsOpen.map((v, i) => v + (getItem[i] ?? 0))) };
}

/**
 * 1. Ack latency, warm, in process: signed requests as API Gateway v2 events into the slack
 * Lambda handler (the real Bolt App, Secrets Manager fake, LambdaDispatcher to a loopback
 * capture server). Kinds interleave so that noise spreads evenly over them.
 */
export async function ackSection(h: Harness, options: BenchOptions): Promise<SectionResult> {
  // The steady state: the partitions the modal offers were listed by the worker within the last 10 minutes.
  await new PartitionCache(new DynamoTable(h.dynamo.docClient, h.dynamo.tableName)).put(CLUSTER, [
    { name: 'compute', isDefault: true, timeLimitSeconds: 86_400, availability: 'UP' },
    { name: 'gpu', isDefault: false, timeLimitSeconds: 172_800, availability: 'UP' },
    { name: 'debug', isDefault: false, timeLimitSeconds: 1_800, availability: 'UP' },
  ]);
  const warmup = count(options, 50, 10);
  const iterations = count(options, 500, 60);
  const live: Probe[] = [];
  const missing: { probe: Probe; problem: string }[] = [];
  for (const probe of PROBES) {
    let problem: string | undefined;
    for (let i = 0; i < warmup && problem === undefined; i++) problem = (await timeOne(h, probe)).problem;
    if (problem === undefined) live.push(probe);
    else missing.push({ probe, problem });
  }
  const samples = new Map<string, number[]>(live.map((p) => [p.name, []]));
  for (let i = 0; i < iterations; i++) {
    for (const probe of live) {
      const { ms: elapsed, problem } = await timeOne(h, probe);
      if (problem !== undefined) throw new Error(`${probe.name}: ${problem}`);
      samples.get(probe.name)!.push(elapsed);
    }
  }
  const submitLive = live.some((p) => p.name.startsWith('/slurm submit'));
  const fake = submitLive ? await submitFakeTime(h, iterations) : undefined;

  const rows: string[][] = [];
  const verdicts: Verdict[] = [];
  for (const probe of live) {
    const s = summarize(samples.get(probe.name)!);
    const opensModal = probe.name.startsWith('/slurm submit');
    const minus = opensModal && fake ? fake.total.p50 : 0;
    const p50 = s.p50 - minus;
    const p99 = s.p99 - minus;
    rows.push([probe.name, String(s.n), ms(s.p50), ms(s.p99), ms(s.max), opensModal ? `${ms(p50)} / ${ms(p99)}` : '—']);
    verdicts.push({
      goal: `${probe.name}: ack p99 < ${GOAL_MS} ms${opensModal ? ' (excluding the fakes\' own time)' : ''}`,
      met: p99 < GOAL_MS,
      detail: `p99 ${ms(p99)}, p50 ${ms(p50)} over ${s.n} requests`,
    });
  }
  if (fake) {
    rows.push(['(fake Slack: the same views.open replayed)', String(fake.viewsOpen.n), ms(fake.viewsOpen.p50), ms(fake.viewsOpen.p99), ms(fake.viewsOpen.max), '—']);
    rows.push(['(DynamoDB emulator: the partition cache GetItem replayed)', String(fake.getItem.n), ms(fake.getItem.p50), ms(fake.getItem.p99), ms(fake.getItem.max), '—']);
  }
  for (const { probe, problem } of missing) {
    rows.push([probe.name, '0', '—', '—', '—', '—']);
    verdicts.push({ goal: `${probe.name}: ack p99 < ${GOAL_MS} ms`, met: undefined, detail: `NOT MEASURED: the app does not do it yet (${problem})` });
  }
  return {
    title: '1. Ack latency of the slack function (warm, in process)',
    tables: [{ columns: ['request', 'n', 'p50', 'p99', 'max', 'minus fake p50 (p50 / p99)'], rows }],
    verdicts,
    notes: [
      'Time from the API Gateway v2 event entering the handler of src/handlers/slack.ts to its answer: HMAC signature check, body parsing, Bolt middleware, ' +
        'routing and authorization, the ack, and the async `lambda:Invoke` of the worker (AwsLambdaReceiver answers only once every listener has finished). ' +
        `${warmup} warm-up requests per kind first, then ${iterations} rounds with the kinds interleaved.`,
      'The worker invoke goes to a loopback capture server that answers 202 at once; in AWS that call crosses the network (typically 10–30 ms inside a region), which these figures do not include.',
      ...(fake
        ? ['`/slurm submit` reads the partition cache from the state table (DynamoDB; here the dynalite emulator) and calls `views.open` on the fake Slack API inside the ack; the cache is filled and fresh, ' +
            'as it is after any submit in the last 10 minutes (an empty or stale cache adds the async invoke of a refresh task). The fakes\' own time was measured by replaying the same `views.open` and the same GetItem ' +
            'straight at them; the median of their sum is subtracted from the submit figures (right-hand column).']
        : []),
    ],
  };
}
