import "server-only";
import { cookies } from "next/headers";
import { getEnv } from "@/lib/server/env";
import type { Session } from "../../server/auth/types";
import { localUser } from "./directory";
import { createSession, revokeSession, SESSION_TTL_SECONDS } from "./sessions";
import { mintConvexToken, mintSessionToken, verifySessionToken } from "./tokens";

/**
 * The local identity adapter: cookie <-> session store <-> Convex token.
 * Works wherever next/headers cookies() is writable for sign-in/out (server actions,
 * route handlers) and readable for getLocalSession (also server components).
 */
export const SESSION_COOKIE = "tenantry_session";

function cookieOptions() {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    // Browsers drop Secure cookies on plain http://localhost, so follow APP_URL's scheme.
    secure: getEnv().appUrl.startsWith("https://"),
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  };
}

/** Session for a raw cookie value; also used by proxy.ts, which reads cookies off the request. */
export async function sessionFromCookieValue(value: string | undefined): Promise<Session | null> {
  if (!value) return null;
  const stored = await verifySessionToken(value);
  if (!stored) return null;
  const user = localUser(stored.email);
  return {
    userId: user.userId,
    email: user.email,
    name: user.name,
    platformRole: user.platformRole,
    token: await mintConvexToken(user),
  };
}

export async function getLocalSession(): Promise<Session | null> {
  const jar = await cookies();
  return sessionFromCookieValue(jar.get(SESSION_COOKIE)?.value);
}

/** Starts a session for any email (a seeded user or a new one) and sets the cookie. */
export async function signInLocal(email: string): Promise<{ userId: string; email: string }> {
  const user = localUser(email);
  const stored = await createSession(user);
  const jar = await cookies();
  jar.set(SESSION_COOKIE, await mintSessionToken(stored), cookieOptions());
  return { userId: user.userId, email: user.email };
}

/** Ends the session server-side (the old cookie stops working) and clears the cookie. */
export async function signOutLocal(): Promise<void> {
  const jar = await cookies();
  const value = jar.get(SESSION_COOKIE)?.value;
  const stored = value ? await verifySessionToken(value) : null;
  if (stored) await revokeSession(stored.sid);
  jar.delete({ name: SESSION_COOKIE, path: "/" });
}
