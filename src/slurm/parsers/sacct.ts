import { SACCT_FIELDS, splitLines, type FieldRow } from '../fields';
import { parseJobState, type JobState } from '../states';
import { parseDuration, parseSlurmTime } from '../time';
import type { ExitCode, Seconds } from '../types';
import { optionalInt, optionalText, parseExitCode, parseMemoryMb } from '../values';
import { compact } from './compact';
import { timeZoneOf, type ParseOptions } from './options';

/** A job step as sacct reports it (`123.batch`, `123.extern`, `123.0`). */
export interface SacctStep {
  readonly id: string;
  readonly name: string;
  readonly state: JobState;
  readonly stateText: string;
  readonly exitCode?: ExitCode;
  readonly elapsedSeconds?: number;
  readonly totalCpuSeconds?: number;
  readonly maxRssMb?: number;
}

/** A finished (or running) job from accounting, with its steps. */
export interface SacctJob {
  readonly id: string;
  /** The unique numeric id (an array task has its own). */
  readonly jobIdRaw: string;
  readonly name: string;
  readonly user: string;
  readonly partition: string;
  readonly state: JobState;
  /** e.g. `CANCELLED by 1001`. */
  readonly stateText: string;
  readonly exitCode?: ExitCode;
  /** The highest exit code of any step. */
  readonly derivedExitCode?: ExitCode;
  readonly submitTime?: Date;
  readonly startTime?: Date;
  readonly endTime?: Date;
  readonly elapsedSeconds?: number;
  readonly timeLimitSeconds?: Seconds;
  readonly totalCpuSeconds?: number;
  /** Peak resident memory of any step, in MB (sacct reports it per step only). */
  readonly maxRssMb?: number;
  /** As Slurm prints it, e.g. `4G`, `4000M`, 22.05's `4000Mn`. */
  readonly reqMem?: string;
  readonly reqMemMb?: number;
  readonly cpus?: number;
  readonly nodeCount?: number;
  readonly nodes?: string;
  readonly workDir?: string;
  readonly steps: readonly SacctStep[];
}

type Row = FieldRow<typeof SACCT_FIELDS>;

function step(row: Row): SacctStep {
  return compact<SacctStep>({
    id: row.jobId.trim(),
    name: row.name,
    state: parseJobState(row.state),
    stateText: row.state.trim(),
    exitCode: parseExitCode(row.exitCode),
    elapsedSeconds: optionalInt(row.elapsedRaw),
    totalCpuSeconds: parseDuration(row.totalCpu) ?? undefined,
    maxRssMb: parseMemoryMb(row.maxRss),
  });
}

function job(row: Row, steps: SacctStep[], timeZone: string): SacctJob {
  const rss = steps.map((s) => s.maxRssMb).filter((v): v is number => v !== undefined);
  const reqMem = optionalText(row.reqMem);
  return compact<SacctJob>({
    id: row.jobId.trim(),
    jobIdRaw: row.jobIdRaw.trim(),
    name: row.name,
    user: row.user.trim(),
    partition: row.partition.trim(),
    state: parseJobState(row.state),
    stateText: row.state.trim(),
    exitCode: parseExitCode(row.exitCode),
    derivedExitCode: parseExitCode(row.derivedExitCode),
    submitTime: parseSlurmTime(row.submit, timeZone),
    startTime: parseSlurmTime(row.start, timeZone),
    endTime: parseSlurmTime(row.end, timeZone),
    elapsedSeconds: optionalInt(row.elapsedRaw),
    timeLimitSeconds: parseDuration(row.timeLimit),
    totalCpuSeconds: parseDuration(row.totalCpu) ?? undefined,
    maxRssMb: rss.length ? Math.max(...rss) : parseMemoryMb(row.maxRss),
    reqMem,
    reqMemMb: parseMemoryMb(reqMem),
    cpus: optionalInt(row.allocCpus),
    nodeCount: optionalInt(row.nodeCount),
    nodes: optionalText(row.nodes),
    workDir: optionalText(row.workDir),
    steps,
  });
}

/**
 * Jobs with their steps from the output of buildSacct. A step whose job line is missing is
 * dropped (sacct prints the job first). Never throws.
 */
export function parseSacct(stdout: string, options?: ParseOptions): SacctJob[] {
  const timeZone = timeZoneOf(options);
  const rows = splitLines(stdout, SACCT_FIELDS, 'name').filter((r) => /^\d/.test(r.jobId.trim()));
  const stepsOf = new Map<string, SacctStep[]>();
  const jobRows: Row[] = [];
  for (const row of rows) {
    const id = row.jobId.trim();
    const dot = id.indexOf('.');
    if (dot < 0) {
      jobRows.push(row);
      stepsOf.set(id, stepsOf.get(id) ?? []);
    } else {
      stepsOf.get(id.slice(0, dot))?.push(step(row));
    }
  }
  return jobRows.map((row) => job(row, stepsOf.get(row.jobId.trim()) ?? [], timeZone));
}
