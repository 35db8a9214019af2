import type { TaskCommand } from '../tasks/task';
import { AccessDenied } from './denied';
import { allows, type Role } from './roles';

/**
 * A role without `read-any` (a viewer) may list only their own jobs: `jobs --all`, `jobs --user bob`
 * and a forged pager button with someone else's filter are all refused here, before dispatch.
 * (`job ID` of another user's job is refused by the worker, which alone learns the owner.)
 * @throws AccessDenied FORBIDDEN when the command reads other users' jobs.
 */
export function checkReadScope(role: Role, unixUser: string, cluster: string, command: TaskCommand): void {
  if (allows(role, 'read-any') || command.kind !== 'jobs') return;
  const users = command.filter.users;
  if (users === undefined || users.length === 0 || users.some((u) => u !== unixUser)) {
    throw new AccessDenied({ kind: 'role', cluster, role, permission: 'read-any' });
  }
}
