import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getEnv } from "@/lib/server/env";
import { getClerkSession } from "./clerk";
import { getLocalSession } from "../../local/identity/adapter";
import { PATH_HEADER, signInPath } from "./redirect";
import type { IdentityMode, Session } from "./types";

export { isStaff, STAFF_ROLES, type StaffRole, type Session, type IdentityMode } from "./types";
export { PATH_HEADER, safeRedirectPath, signInPath } from "./redirect";

/**
 * The identity port. Pages, layouts, route handlers and server actions call only these;
 * which adapter answers is decided by the environment (Clerk keys present or not).
 * Every caller re-checks: proxy.ts only routes (CVE-2025-29927).
 */
export function identityMode(): IdentityMode {
  return getEnv().identity.kind;
}

/** The signed-in user, or null. Memoized per request, so layouts and pages may all call it. */
export const getSession = cache(async (): Promise<Session | null> => {
  return identityMode() === "clerk" ? getClerkSession() : getLocalSession();
});

/** A fresh Convex token for the signed-in user, or null when signed out. */
export async function getConvexToken(): Promise<string | null> {
  return (await getSession())?.token ?? null;
}

/**
 * The signed-in user; otherwise redirects to sign-in and back to the current path.
 * Layouts do not know their URL, so the path comes from the proxy's header (sanitized:
 * a forged value can at worst send the user to another page of this site).
 */
export async function requireSession(): Promise<Session> {
  const session = await getSession();
  if (session) return session;
  const returnTo = (await headers()).get(PATH_HEADER);
  redirect(signInPath(returnTo));
}
