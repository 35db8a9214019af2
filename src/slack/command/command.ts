import type { JobState } from '../../slurm/states';

/** A user named in `--user`: a Unix name as typed, or a Slack mention (`@bob`) the configuration maps. */
export type UserRef = { readonly unix: string } | { readonly slackId: string };

/** What `/slurm …` asked for, every value already validated; who may run it is decided later. */
export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'unknown'; readonly typed: string }
  | {
      readonly kind: 'jobs';
      readonly all: boolean;
      readonly users?: readonly UserRef[];
      readonly states?: readonly JobState[];
      readonly partition?: string;
      /** 1 = the first page. */
      readonly page: number;
    }
  | { readonly kind: 'job'; readonly jobId: string }
  | { readonly kind: 'nodes'; readonly partition?: string; readonly page: number }
  | { readonly kind: 'partitions' }
  | { readonly kind: 'clusters' }
  | { readonly kind: 'submit' }
  | { readonly kind: 'control'; readonly action: 'cancel' | 'hold' | 'release' | 'requeue'; readonly jobId: string }
  | { readonly kind: 'output'; readonly jobId: string; readonly lines?: number }
  | { readonly kind: 'watch'; readonly jobId: string }
  | { readonly kind: 'unwatch'; readonly jobId: string }
  | { readonly kind: 'whoami' }
  /** Asks for a one-time code proving the caller is this Unix user on the cluster. */
  | { readonly kind: 'link'; readonly unixUser: string }
  | { readonly kind: 'unlink' };

export interface ParsedCommand {
  readonly command: Command;
  /** From `-c NAME` / `--cluster NAME` anywhere in the text; absent = the default cluster. */
  readonly cluster?: string;
}

/** The subcommands `/slurm` knows, in the order help lists them (and did-you-mean prefers). */
export const SUBCOMMANDS = ['jobs', 'job', 'nodes', 'partitions', 'submit', 'clusters', 'help', 'cancel', 'hold', 'release', 'requeue', 'output', 'watch', 'unwatch', 'whoami', 'link', 'unlink'] as const;
