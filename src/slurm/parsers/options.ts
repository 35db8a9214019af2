import { DEFAULT_TIME_ZONE } from '../time';

/** What parsers need to know about the cluster that printed the output. */
export interface ParseOptions {
  /** IANA zone of the head node's clock, used for Slurm's zone-less timestamps (default `UTC`). */
  readonly timeZone?: string;
}

export function timeZoneOf(options: ParseOptions | undefined): string {
  return options?.timeZone ?? DEFAULT_TIME_ZONE;
}
