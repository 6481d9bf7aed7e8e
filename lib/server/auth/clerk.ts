import "server-only";
import { auth } from "@clerk/nextjs/server";
import { CLERK_CONVEX_TEMPLATE, sessionFromConvexToken } from "./claims";
import type { Session } from "./types";

/**
 * The Clerk adapter. The Convex token from the `convex` JWT template carries email, name
 * and platform role, so the session is read from it: one shape, one source, both modes.
 * Requires clerkMiddleware in proxy.ts (Clerk's auth() depends on it).
 */
export async function getClerkSession(): Promise<Session | null> {
  const { userId, getToken } = await auth();
  if (!userId) return null;
  let token: string | null;
  try {
    token = await getToken({ template: CLERK_CONVEX_TEMPLATE.name });
  } catch (error) {
    throw new Error(
      `Clerk could not mint the "${CLERK_CONVEX_TEMPLATE.name}" JWT: create that JWT template in the Clerk dashboard with the claims in lib/server/auth/claims.ts`,
      { cause: error },
    );
  }
  return token ? sessionFromConvexToken(token) : null;
}
