import type { JobState } from '../../slurm/states';
import type { ExitCode, Seconds } from '../../slurm/types';
import { formatDuration, formatMemoryMb } from './format';

/** What accounting (sacct) adds about how a job used what it asked for. */
export interface JobUsage {
  /** Peak resident memory of any step, MB. */
  readonly maxRssMb?: number;
  /** Memory requested for the whole job, MB. */
  readonly reqMemMb?: number;
  /** CPU time of all steps, seconds. */
  readonly totalCpuSeconds?: number;
  readonly cpus?: number;
  readonly elapsedSeconds?: number;
}

export interface TipInput {
  readonly state: JobState;
  readonly exitCode?: ExitCode;
  readonly timeLimitSeconds?: Seconds;
  readonly usage?: JobUsage;
}

/** CPU time over the CPU time the job held: 0..1, undefined without the numbers. */
export function cpuEfficiency(usage: JobUsage | undefined): number | undefined {
  if (usage?.totalCpuSeconds === undefined || !usage.cpus || !usage.elapsedSeconds) return undefined;
  return Math.min(1, usage.totalCpuSeconds / (usage.cpus * usage.elapsedSeconds));
}

/** Peak memory over requested memory: 0..∞, undefined without the numbers. */
export function memoryUse(usage: JobUsage | undefined): number | undefined {
  if (usage?.maxRssMb === undefined || !usage.reqMemMb) return undefined;
  return usage.maxRssMb / usage.reqMemMb;
}

/** A request worth trimming only when it is big enough to delay scheduling. */
const BIG_MEMORY_MB = 4096;

/**
 * Short advice for the next submission, from how the job ended and (with accounting) how it used
 * what it asked for: more `--mem` after running out of memory, a longer `--time` after a timeout,
 * fewer CPUs or less memory when most sat idle. Plain mrkdwn, our own words only. Never throws.
 */
export function alertTips(input: TipInput): string[] {
  const tips: string[] = [];
  const mem = memoryUse(input.usage);
  const cpu = cpuEfficiency(input.usage);
  const failed = input.state !== 'COMPLETED' && input.state !== 'CANCELLED';
  if (input.state === 'OUT_OF_MEMORY' || (failed && mem !== undefined && mem >= 0.95)) {
    const peak = input.usage?.maxRssMb !== undefined ? ` (peak ${formatMemoryMb(input.usage.maxRssMb)} of ${formatMemoryMb(input.usage.reqMemMb)})` : '';
    tips.push(`It ran out of memory${peak}: resubmit with a larger \`--mem\` (or \`--mem-per-cpu\`).`);
  }
  if (input.state === 'TIMEOUT') {
    const limit = input.timeLimitSeconds ? ` of ${formatDuration(input.timeLimitSeconds)}` : '';
    tips.push(`It hit its time limit${limit}: resubmit with a longer \`--time\`, or make it save progress and resume.`);
  }
  if (input.state === 'NODE_FAIL' || input.state === 'BOOT_FAIL') {
    tips.push('A node failed under it, not your code: resubmit, and tell the admins if it happens again.');
  }
  if (input.state === 'FAILED' && input.exitCode?.signal === 9 && mem === undefined) {
    tips.push('It was killed (signal 9), often for using more memory than it asked for: check the error output, and try a larger `--mem`.');
  }
  if (input.state === 'COMPLETED' && cpu !== undefined && cpu < 0.25 && (input.usage?.cpus ?? 0) > 1) {
    tips.push(`It used about ${Math.max(1, Math.round(cpu * (input.usage?.cpus ?? 1)))} of its ${input.usage?.cpus} CPUs: asking for fewer may start the next run sooner.`);
  }
  if (input.state === 'COMPLETED' && mem !== undefined && mem < 0.25 && (input.usage?.reqMemMb ?? 0) >= BIG_MEMORY_MB) {
    tips.push(`It used ${formatMemoryMb(input.usage?.maxRssMb)} of the ${formatMemoryMb(input.usage?.reqMemMb)} it asked for: a smaller \`--mem\` may start the next run sooner.`);
  }
  return tips;
}
