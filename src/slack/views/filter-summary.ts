import type { JobFilter } from '../../slurm/types';
import { inlineCode } from './escape';
import { stateLabel } from './format';

const MAX_LISTED = 5;

function list<T>(items: readonly T[], render: (item: T) => string): string {
  const shown = items.slice(0, MAX_LISTED).map(render).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}

/**
 * A filter in words, for headers and empty states: "user `alice` · pending, running ·
 * partition `debug`", or "all users, all states". At most a few hundred characters.
 */
export function describeFilter(filter: JobFilter): string {
  const parts: string[] = [];
  if (filter.jobIds?.length) {
    parts.push(`${filter.jobIds.length === 1 ? 'job' : 'jobs'} ${list(filter.jobIds, (j) => inlineCode(j, 40))}`);
  }
  parts.push(filter.users?.length
    ? `${filter.users.length === 1 ? 'user' : 'users'} ${list(filter.users, (u) => inlineCode(u, 40))}`
    : 'all users');
  parts.push(filter.states?.length
    ? list(filter.states, (s) => stateLabel(s).toLowerCase())
    : 'all states');
  if (filter.partition) parts.push(`partition ${inlineCode(filter.partition, 40)}`);
  return parts.join(' · ');
}
