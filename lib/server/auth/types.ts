import { isStaff as isStaffRole, STAFF_ROLES, type StaffRole } from "@/lib/domain/permissions";

/** A session's platform role is one of the staff roles owned by lib/domain/permissions, or null for everyone else (the user row's "none"). */
export { STAFF_ROLES, type StaffRole };

/** Which identity backbone is serving this process (see lib/server/env.ts). */
export type IdentityMode = "clerk" | "local";

/** The signed-in user, the same shape in both modes. */
export type Session = {
  /** Identity provider's user id: Clerk's `user_...`, or `user_local_...` for the local provider. */
  userId: string;
  email: string;
  name: string;
  platformRole: StaffRole | null;
  /** A short-lived JWT for Convex (audience "convex"), minted for this request. */
  token: string;
};

export function isStaff(session: Pick<Session, "platformRole"> | null): boolean {
  return isStaffRole(session?.platformRole);
}
