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

/**
 * Only an owner may grant, change or remove the owner role; admins manage
 * everyone else (with the permission the action needs). One rule for the
 * server's checks and the UI's offers.
 */
export function mayManage(actorRole: Role, role: Role): boolean {
  return role !== "owner" || actorRole === "owner";
}

/** Platform staff roles: support reads every tenant, admin can also act. */
export const STAFF_ROLES = ["support", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isStaffRole(x: string): x is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(x);
}

/** A user's platform role as stored on the user row: "none" for everyone who is not staff. */
export const PLATFORM_ROLES = ["none", ...STAFF_ROLES] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** Staff at `minimum` or above (support < admin); "none", null and unknown values are not staff. */
export function isStaff(role: string | null | undefined, minimum: StaffRole = "support"): boolean {
  return minimum === "admin" ? role === "admin" : role != null && isStaffRole(role);
}
