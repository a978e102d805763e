/**
 * Admin roles (docs/admin.md, "Roles"). A user holds any set of them; `isAdmin` is the view of ADMIN.
 * What each role may do is decided in one place: src/services/access/policy.ts.
 */
export const ADMIN_ROLES = ['ADMIN', 'USER_MANAGER', 'HELPDESK', 'AUDITOR'] as const;

export type AdminRoleValue = (typeof ADMIN_ROLES)[number];

/** True when `value` names a role. */
export function isAdminRole(value: string): value is AdminRoleValue {
  return (ADMIN_ROLES as readonly string[]).includes(value);
}

/** The roles without repeats, in the canonical order (ADMIN first), so that equal sets compare equal. */
export function normalizeRoles(roles: Iterable<string>): AdminRoleValue[] {
  const given = new Set(roles);
  return ADMIN_ROLES.filter((r) => given.has(r));
}

/** The roles of a new user from its `roles` and its `isAdmin` flag (true adds ADMIN). */
export function rolesOf(roles: readonly string[] | null | undefined, isAdmin: boolean | null | undefined) {
  return normalizeRoles([...(roles ?? []), ...(isAdmin ? ['ADMIN'] : [])]);
}
