import { SQUEUE_START_FIELDS, splitRecords } from '../fields';
import { parseSlurmTime } from '../time';
import { optionalText } from '../values';
import { compact } from './compact';
import { timeZoneOf, type ParseOptions } from './options';

/** One pending job with Slurm's guess of when (and where) it starts. */
export interface ExpectedStart {
  readonly id: string;
  readonly name: string;
  readonly user: string;
  readonly partition: string;
  /** Absent when Slurm has no estimate (`N/A`), e.g. a held job or no backfill scheduler. */
  readonly expectedStart?: Date;
  readonly schedNodes?: string;
  readonly reason?: string;
}

/**
 * Expected start times from the output of buildSqueueStart. Never throws.
 */
export function parseSqueueStart(stdout: string, options?: ParseOptions): ExpectedStart[] {
  const timeZone = timeZoneOf(options);
  return splitRecords(stdout, SQUEUE_START_FIELDS, 'name')
    .filter((row) => /^\d/.test(row.displayId))
    .map((row) =>
      compact<ExpectedStart>({
        id: row.displayId.trim(),
        name: row.name,
        user: row.user.trim(),
        partition: row.partition.trim(),
        expectedStart: parseSlurmTime(row.startTime, timeZone),
        schedNodes: optionalText(row.schedNodes),
        reason: optionalText(row.reason),
      }),
    );
}
