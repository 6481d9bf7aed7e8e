/**
 * Tenant roles and what each may do: one map, used by Convex functions to
 * refuse and by the UI to hide. Roles are ordered owner > admin > member > viewer.
 */
export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "tenant.read": "viewer",
  "usage.read": "viewer",
  "agents.read": "viewer",
  "team.read": "viewer",
  "agents.write": "member",
  "usage.export": "member",
  "team.manage": "admin",
  "settings.manage": "admin",
  "apiKeys.manage": "admin",
  "billing.read": "admin",
  "billing.manage": "owner",
  "tenant.export": "admin",
  "tenant.delete": "owner",
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

const RANK: Record<Role, number> = { owner: 4, admin: 3, member: 2, viewer: 1 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

export function can(role: Role, permission: Permission): boolean {
  return roleAtLeast(role, PERMISSIONS[permission]);
}

export function isRole(x: string): x is Role {
  return (ROLES as readonly string[]).includes(x);
}

export const PLATFORM_ROLES = ["none", "support", "admin"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];
