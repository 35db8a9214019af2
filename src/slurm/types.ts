import type { JobState } from './states';

/**
 * Job ids as Slurm prints them: `123`, array task `123_4`, array range `123_[1-9%2]`,
 * heterogeneous component `123+1`. `baseId` is the numeric id that scancel/scontrol accept.
 */
export interface JobId {
  readonly raw: string;
  readonly baseId: string;
  readonly arrayTask?: string;
  readonly hetOffset?: string;
}

/** A duration in seconds; null when Slurm says UNLIMITED / INVALID / N/A. */
export type Seconds = number | null;

export interface ExitCode {
  readonly code: number;
  readonly signal: number;
}

export interface Job {
  readonly id: string;
  /** The numeric job (array parent for a task, leader for a het job). */
  readonly baseId: string;
  readonly arrayJobId?: string;
  readonly arrayTaskId?: string;
  readonly name: string;
  readonly user: string;
  readonly state: JobState;
  /** Slurm's raw state text when it did not map to a known state (kept for display). */
  readonly stateText: string;
  readonly reason?: string;
  readonly partition: string;
  readonly nodes?: string;
  readonly nodeCount?: number;
  readonly cpus?: number;
  readonly submitTime?: Date;
  readonly startTime?: Date;
  readonly endTime?: Date;
  readonly elapsedSeconds?: Seconds;
  readonly timeLimitSeconds?: Seconds;
  readonly exitCode?: ExitCode;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly workDir?: string;
  readonly dependency?: string;
  readonly minMemory?: string;
  /** Slurm's expected start time for pending jobs, when it has one (`squeue --start`). */
  readonly expectedStart?: Date;
}

export interface SlurmNode {
  readonly name: string;
  /** Slurm's state text, e.g. `IDLE`, `MIXED`, `IDLE+CLOUD+POWERED_DOWN`, `DOWN*`, `idle~`. */
  readonly stateText: string;
  readonly state: NodeStateFamily;
  readonly cpusAllocated?: number;
  readonly cpusTotal?: number;
  readonly memoryMb?: number;
  readonly memoryAllocatedMb?: number;
  readonly partitions: readonly string[];
  readonly reason?: string;
}

export type NodeStateFamily =
  | 'idle' | 'allocated' | 'mixed' | 'down' | 'drained' | 'draining' | 'powered_down' | 'powering_up'
  | 'completing' | 'reserved' | 'unknown';

export interface Partition {
  readonly name: string;
  readonly isDefault: boolean;
  /** `UP`, `DOWN`, `DRAIN`, `INACTIVE`. */
  readonly availability: string;
  readonly timeLimitSeconds: Seconds;
  readonly defaultTimeSeconds?: Seconds;
  readonly totalNodes: number;
  readonly nodeStates: Readonly<Partial<Record<NodeStateFamily, number>>>;
  readonly totalCpus?: number;
  readonly nodes?: string;
}

/** What `/slurm jobs` asks squeue for; every field is validated before it reaches a builder. */
export interface JobFilter {
  /** Unix users whose jobs to list; absent = all users. */
  readonly users?: readonly string[];
  readonly states?: readonly JobState[];
  readonly partition?: string;
  readonly jobIds?: readonly string[];
}
