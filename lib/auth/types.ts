/** Platform staff roles: support reads everything, admin can also act. */
export const PLATFORM_ROLES = ["support", "admin"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** Which identity backbone is serving this process (see lib/env.ts). */
export type IdentityMode = "clerk" | "local";

/** The signed-in user, the same shape in both modes. */
export type Session = {
  /** Identity provider's user id: Clerk's `user_...`, or `user_local_...` for the local provider. */
  userId: string;
  email: string;
  name: string;
  platformRole: PlatformRole | null;
  /** A short-lived JWT for Convex (audience "convex"), minted for this request. */
  token: string;
};

export function isStaff(session: Pick<Session, "platformRole"> | null): boolean {
  return session?.platformRole === "support" || session?.platformRole === "admin";
}
