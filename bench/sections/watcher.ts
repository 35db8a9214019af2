import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/config';
import type { ExecRequest, ExecResult, Executor } from '../../src/exec/executor';
import { createChatApi } from '../../src/slack/chat';
import { ClusterHealthStore } from '../../src/store/cluster-health';
import { DynamoTable } from '../../src/store/dynamo-table';
import type { TableItem } from '../../src/store/table';
import { WatchStore } from '../../src/store/watches';
import { SILENT_LOG } from '../../src/tasks/log';
import { MAX_LISTED_JOB_IDS } from '../../src/watch/poll';
import { runWatcherTick, type WatcherDeps } from '../../src/watch/tick';
import { startDynalite } from '../../test/support/dynalite';
import { WORKSPACE } from '../../test/support/slack-ids';
import type { Harness } from '../harness';
import { CLUSTER } from '../lambda-env';
import { MemoryTable } from '../memory-table';
import { count, type BenchOptions } from '../options';
import type { SectionResult, Verdict } from '../report';
import { ms, summarize } from '../stats';
import { runningRecords } from '../squeue-gen';

const SIZES = [10, 1_000, 10_000] as const;
const FIRST_JOB_ID = 6_000_000;

/** Jobs the cluster runs besides the watched ones (a busy cluster's queue), which a squeue of every job also prints. */
const UNWATCHED_JOBS = 5_000;

/**
 * A head node whose queue holds the watched jobs and UNWATCHED_JOBS others, all running: it answers
 * `squeue --jobs=…` with the asked-for jobs and a squeue of every job with the whole queue, at once,
 * and counts the calls.
 */
class CountingCluster implements Executor {
  calls = 0;
  private readonly queue: string;

  constructor(watchedIds: readonly string[]) {
    const others = Array.from({ length: UNWATCHED_JOBS }, (_, i) => String(FIRST_JOB_ID + watchedIds.length + i));
    this.queue = runningRecords([...watchedIds, ...others]);
  }

  async run(request: ExecRequest): Promise<ExecResult> {
    this.calls += 1;
    if (request.argv[0] !== 'squeue') return { stdout: '', stderr: `unexpected command ${request.argv[0] ?? ''}`, exitCode: 1 };
    const jobs = request.argv.find((arg) => arg.startsWith('--jobs='));
    return { stdout: jobs === undefined ? this.queue : runningRecords(jobs.slice('--jobs='.length).split(',')), stderr: '', exitCode: 0 };
  }
}

/**
 * `count` watches on one cluster, written by WatchStore itself (into memory, so that 10,000 take
 * no time), then copied to the DynamoDB emulator with batch writes.
 */
async function fillStore(client: DynamoDBDocumentClient, tableName: string, watched: number): Promise<void> {
  const memory = new MemoryTable();
  const store = new WatchStore(memory);
  const createdAt = Math.floor(Date.now() / 1000);
  for (let i = 0; i < watched; i++) {
    await store.add({ cluster: CLUSTER, jobId: String(FIRST_JOB_ID + i), slackUserId: 'U0ALICE', unixUser: 'alice', channel: WORKSPACE.channelId, createdAt, options: {} });
  }
  const items = memory.items();
  for (let i = 0; i < items.length; i += 25) {
    let pending: TableItem[] = items.slice(i, i + 25);
    while (pending.length > 0) {
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending.map((Item) => ({ PutRequest: { Item } })) } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []).map((r) => r.PutRequest?.Item as TableItem);
    }
  }
}

/**
 * 5. Watcher ticks with 10 / 1,000 / 10,000 watched jobs on one cluster, none of them ended (the
 * steady state): executor calls per tick, and the tick's own time (store on the DynamoDB emulator).
 */
export async function watcherSection(h: Harness, options: BenchOptions): Promise<SectionResult> {
  const ticks = count(options, 10, 2);
  const config = loadConfig();
  const chat = createChatApi({ fetch: globalThis.fetch, apiUrl: h.slack.apiUrl, botToken: WORKSPACE.botToken });
  const rows: string[][] = [];
  const verdicts: Verdict[] = [];
  const tickP50 = new Map<number, number>();
  for (const watched of SIZES) {
    const dynamo = await startDynalite();
    try {
      await fillStore(dynamo.docClient, dynamo.tableName, watched);
      const table = new DynamoTable(dynamo.docClient, dynamo.tableName);
      const cluster = new CountingCluster(Array.from({ length: watched }, (_, i) => String(FIRST_JOB_ID + i)));
      const deps: WatcherDeps = {
        config, chat, log: SILENT_LOG,
        watches: new WatchStore(table),
        health: new ClusterHealthStore(table),
        executorFor: () => cluster,
      };
      const tickTimes: number[] = [];
      const calls: number[] = [];
      for (let i = 0; i <= ticks; i++) {
        const before = cluster.calls;
        const start = performance.now();
        const result = await runWatcherTick(deps);
        const elapsed = performance.now() - start;
        const tick = result.find((r) => r.cluster === CLUSTER);
        if (tick?.watched !== watched || tick.alerts !== 0 || tick.error !== undefined) throw new Error(`watcher tick with ${watched} watches: ${JSON.stringify(result)}`);
        // The first tick warms the code paths and the SDK client; it is not counted.
        if (i === 0) continue;
        tickTimes.push(elapsed);
        calls.push(cluster.calls - before);
      }
      const listTimes: number[] = [];
      for (let i = 0; i < ticks; i++) {
        const start = performance.now();
        await deps.watches.listByCluster(CLUSTER);
        listTimes.push(performance.now() - start);
      }
      const t = summarize(tickTimes);
      const c = summarize(calls);
      const l = summarize(listTimes);
      tickP50.set(watched, Math.max(0, t.p50 - l.p50));
      rows.push([watched.toLocaleString('en-US'), String(t.n), String(c.max), ms(t.p50), ms(t.p99), ms(l.p50), ms(Math.max(0, t.p50 - l.p50))]);
      verdicts.push({
        goal: `${watched.toLocaleString('en-US')} watched jobs: 1 executor call per tick`,
        met: c.max === 1,
        detail: `${c.max} call${c.max === 1 ? '' : 's'} per tick; tick p50 ${ms(t.p50)}, p99 ${ms(t.p99)}`,
      });
    } finally {
      await dynamo.close();
    }
  }
  const notes = [
    `Each size: a fresh DynamoDB emulator (dynalite, in memory) holding that many watches of one cluster, written in WatchStore's own format; then ${ticks} ticks of \`runWatcherTick\` ` +
      '(src/watch/tick.ts, as the watcher Lambda runs it) after one warm-up tick. No watched job has ended, so no alert is posted: the steady state of every tick.',
    `The cluster is an in-process executor whose queue holds the watched jobs and ${UNWATCHED_JOBS.toLocaleString('en-US')} others, all running; it answers \`squeue --jobs=…\` with the asked-for jobs and a squeue of every job with the whole queue, at once, and counts the calls. ` +
      `Up to ${MAX_LISTED_JOB_IDS} watched jobs the watcher asks squeue about them by id; past that it asks for every job and picks out the watched ones (src/watch/poll.ts), so the 1,000 and 10,000 rows parse the whole queue. ` +
      'The tick time is the watcher\'s own work (list the watches, build the command, parse, judge each watch) plus the store, without the round trips to the head node. ' +
      '"store: list watches" times `WatchStore.listByCluster` alone on the same emulator; dynalite\'s speed is not DynamoDB\'s, which pages a Query at 1 MB (about 3 pages for 10,000 watches).',
  ];
  if (verdicts.some((v) => v.met === false)) {
    notes.push('What limits the call count: a tick that failed to make one call per cluster; see src/watch/poll.ts.');
  }
  const growth = (tickP50.get(10_000) ?? 0) / (tickP50.get(1_000) ?? Number.POSITIVE_INFINITY);
  if (growth > 15) {
    notes.push(
      `The tick\'s own work (the store\'s share set aside) grows faster than the number of watches (×${growth.toFixed(0)} from 1,000 to 10,000, where linear would be ×10): judging each watch (src/watch/judge.ts, recordsOf) scans every squeue record, ` +
        'so the work is watches × records; an index of the records by job id would make it linear.',
    );
  }
  return {
    title: '5. Watcher tick',
    tables: [{ columns: ['watched jobs', 'ticks', 'executor calls per tick', 'tick p50', 'tick p99', 'store: list watches p50', 'rest of the tick (p50 − list)'], rows }],
    verdicts,
    notes,
  };
}
