/**
 * Roles and what each may do. Slurm's own permissions still apply on top: every command runs as
 * the caller's Unix user (an admin's job actions run as root), so a role can only narrow what
 * Slurm would allow, never widen it for a non-admin.
 */
export type Role = 'viewer' | 'user' | 'admin';

export const ROLES: readonly Role[] = ['viewer', 'user', 'admin'];

/**
 * - `read-own`: the caller's own jobs, partitions, nodes, clusters.
 * - `read-any`: other users' jobs too (`jobs --all`, `jobs --user bob`, `job ID` of any job).
 * - `submit`: submit a job as the caller.
 * - `act-own`: cancel, hold, release, requeue, watch the caller's own jobs.
 * - `act-any`: the same on anyone's job.
 */
export type Permission = 'read-own' | 'read-any' | 'submit' | 'act-own' | 'act-any';

const GRANTS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set<Permission>(['read-own']),
  user: new Set<Permission>(['read-own', 'read-any', 'submit', 'act-own']),
  admin: new Set<Permission>(['read-own', 'read-any', 'submit', 'act-own', 'act-any']),
};

/** Whether the role grants the permission. */
export function allows(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}

/** The role's permissions, for `/slurm whoami`, in words. */
export function describeRole(role: Role): string {
  switch (role) {
    case 'viewer':
      return 'viewer: may read your own jobs, partitions and nodes';
    case 'user':
      return 'user: may read jobs, partitions and nodes, submit jobs and act on your own jobs';
    case 'admin':
      return 'admin: may do everything, including acting on anyone\'s job';
  }
}

/** Whether a configuration value names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
