import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiGatewayEvent } from '../../test/support/apigw-event';
import { slashCommandRequest } from '../../test/support/slack-requests';
import { lastJsonLine, runNode } from '../child';
import type { ColdChildResult } from '../cold-child';
import type { Harness } from '../harness';
import { count, type BenchOptions } from '../options';
import type { SectionResult } from '../report';
import { bytes, ms, summarize } from '../stats';
import type { Packaged } from './bundles';

const GOAL_MS = 300;

/**
 * 2. Cold start: a fresh node process loads the packaged slack handler and answers `/slurm jobs`
 * (building the App on that first request: config, Secrets Manager, Bolt, the worker invoke).
 */
export async function coldStartSection(h: Harness, packaged: Packaged, options: BenchOptions, childDir: string): Promise<SectionResult> {
  const runs = count(options, 20, 5);
  const dir = mkdtempSync(path.join(tmpdir(), 'chatops-bench-cold-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_PATH: process.env.NODE_PATH ?? '', ...h.env };
  const results: ColdChildResult[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const eventsFile = path.join(dir, `events-${i}.json`);
      const event = () => apiGatewayEvent(slashCommandRequest({ text: 'jobs', responseUrl: h.slack.responseUrl(), userId: 'U0ALICE' }));
      writeFileSync(eventsFile, JSON.stringify([event(), event()]));
      const invokes = h.aws.invokes;
      const secretReads = h.aws.secretReads;
      const r = lastJsonLine<ColdChildResult>(
        await runNode([path.join(childDir, 'cold-child.js'), packaged.functions.slack.handlerPath, eventsFile], env),
        'cold-child',
      );
      if (r.statuses.some((s) => s !== 200) || h.aws.invokes - invokes !== 2 || h.aws.secretReads - secretReads !== 1) {
        throw new Error(`cold start ${i}: statuses ${r.statuses.join(',')}, ${h.aws.invokes - invokes} invokes, ${h.aws.secretReads - secretReads} secret reads (expected 200,200, 2, 1)`);
      }
      results.push(r);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pick = (f: (r: ColdChildResult) => number) => summarize(results.map(f));
  const boot = pick((r) => r.bootMs);
  const load = pick((r) => r.loadMs);
  const first = pick((r) => r.firstRequestMs);
  const total = pick((r) => r.loadMs + r.firstRequestMs);
  const second = pick((r) => r.secondRequestMs);
  const rss = pick((r) => r.rssBytes);
  const row = (name: string, s: ReturnType<typeof summarize>, fmt: (v: number) => string = ms) => [name, fmt(s.p50), fmt(s.p99), fmt(s.min), fmt(s.max)];
  return {
    title: '2. Cold start of the slack function',
    tables: [{
      columns: ['phase', 'p50', 'p99', 'min', 'max'],
      rows: [
        row('node start-up (not ours; Lambda\'s runtime does its own)', boot),
        row('load the bundled handler module', load),
        row('first request (build the App + answer /slurm jobs)', first),
        row('load + first request', total),
        row('second request (warm)', second),
        row('RSS after two requests', rss, bytes),
      ],
    }],
    verdicts: [{
      goal: `module load + building the App (first request) < ${GOAL_MS} ms`,
      met: total.p99 < GOAL_MS,
      detail: `p50 ${ms(total.p50)}, p99 ${ms(total.p99)} over ${total.n} fresh processes (load p50 ${ms(load.p50)}, first request p50 ${ms(first.p50)})`,
    }],
    notes: [
      `${runs} fresh \`node\` processes, each loading src/handlers/slack.js from the slack.zip that \`serverless package\` built (section 6). ` +
        'The AWS SDK v3 clients it leaves external are loaded from node_modules through NODE_PATH, as the nodejs22.x runtime loads its own copy.',
      'The first request includes reading the configuration file, GetSecretValue from a loopback Secrets Manager fake, building the Bolt App, and the async `lambda:Invoke` of the worker to a loopback fake: ' +
        'in AWS both calls cross the network (tens of ms) and a 1024 MB function gets a fraction of a vCPU that is usually slower than this machine\'s core, so expect a larger figure there.',
    ],
  };
}
