import "server-only";
import { jwtVerify, SignJWT } from "jose";
import { getEnv } from "@/lib/server/env";
import { CONVEX_AUDIENCE, type ConvexClaims } from "../../server/auth/claims";
import type { LocalUser } from "./directory";
import { getSigningKey, SIGNING_ALG } from "./keys";
import { findActiveSession, SESSION_TTL_SECONDS, type StoredSession } from "./sessions";

/**
 * Convex tokens live five minutes and are re-minted from the session, so signing out
 * stops Convex access within that window even for someone who copied a token.
 */
export const CONVEX_TOKEN_TTL_SECONDS = 5 * 60;

/**
 * The session cookie is a JWT from the same key but for another audience: Convex only
 * accepts aud "convex", so a stolen cookie is not a Convex token and vice versa.
 */
const SESSION_AUDIENCE = "tenantry-session";

function issuer(): string {
  const { identity } = getEnv();
  if (identity.kind !== "local") throw new Error("local identity provider used while Clerk is configured");
  return identity.issuer;
}

export async function mintSessionToken(session: StoredSession): Promise<string> {
  const key = await getSigningKey();
  return new SignJWT({ email: session.email, sid: session.sid })
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: "JWT" })
    .setIssuer(issuer())
    .setAudience(SESSION_AUDIENCE)
    .setSubject(session.userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(session.expiresAt / 1000))
    .sign(key.privateKey);
}

/** The live session behind a cookie value, or null if forged, expired or signed out. */
export async function verifySessionToken(token: string): Promise<StoredSession | null> {
  const key = await getSigningKey();
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [SIGNING_ALG],
      issuer: issuer(),
      audience: SESSION_AUDIENCE,
      maxTokenAge: SESSION_TTL_SECONDS,
    });
    if (typeof payload.sid !== "string") return null;
    const session = await findActiveSession(payload.sid);
    return session && session.userId === payload.sub ? session : null;
  } catch {
    return null;
  }
}

/** A JWT with the claims of Clerk's `convex` template (see ../claims.ts). */
export async function mintConvexToken(user: LocalUser): Promise<string> {
  const key = await getSigningKey();
  const claims: Omit<ConvexClaims, "sub"> = {
    email: user.email,
    name: user.name,
    ...(user.platformRole ? { platform_role: user.platformRole } : {}),
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: "JWT" })
    .setIssuer(issuer())
    .setAudience(CONVEX_AUDIENCE)
    .setSubject(user.userId)
    .setIssuedAt()
    .setExpirationTime(`${CONVEX_TOKEN_TTL_SECONDS}s`)
    .sign(key.privateKey);
}
