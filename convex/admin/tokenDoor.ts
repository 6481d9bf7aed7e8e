/**
 * The platform-token door: a token presented to the admin API becomes the staff
 * member who owns it, limited by the token's role. Read by the staff builders
 * (convex/lib/functions.ts) on every call, so revoking or expiring a token takes
 * effect on the next call. Format: `tnry_pat_` + 64 hex digits (256 random bits
 * from the isolate's crypto.getRandomValues, never chosen by a caller); only its
 * SHA-256 is stored. Web Crypto only: this runs in Convex's runtime.
 */
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc } from "../_generated/dataModel";
import { appError } from "../lib/errors";
import { isStaff } from "../lib/access";

export const PLATFORM_TOKEN_PREFIX = "tnry_pat_";
export const PLATFORM_TOKEN_PATTERN = /^tnry_pat_[0-9a-f]{64}$/;
/** What the console shows to recognise a token: the prefix and 8 hex digits. */
export const DISPLAY_LENGTH = PLATFORM_TOKEN_PREFIX.length + 8;

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

export function generatePlatformToken(): string {
  return PLATFORM_TOKEN_PREFIX + hex(crypto.getRandomValues(new Uint8Array(32)));
}

export async function hashPlatformToken(token: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token))));
}

/** One message for every refused token: nobody learns whether a token existed, was revoked or expired. */
const refused = () => appError("UNAUTHENTICATED", "Invalid, revoked or expired platform token.");

/**
 * The live token and its owner, or UNAUTHENTICATED (unknown, revoked, expired, or the
 * owner is no longer staff). The owner's current platform role still applies on top
 * of the token's: demoting someone limits their tokens at once.
 */
export async function platformTokenX(
  db: GenericDatabaseReader<DataModel>,
  token: string,
  now = Date.now(),
): Promise<{ token: Doc<"platformTokens">; user: Doc<"users"> }> {
  if (!PLATFORM_TOKEN_PATTERN.test(token)) throw refused();
  const hash = await hashPlatformToken(token);
  const row = await db
    .query("platformTokens")
    .withIndex("by_hash", (q) => q.eq("hash", hash))
    .unique();
  if (!row || row.revokedAt !== undefined || row.expiresAt <= now) throw refused();
  const user = await db.get(row.ownerId);
  if (!user || !isStaff(user)) throw refused();
  return { token: row, user };
}

/** Writes need an admin token held by someone who is still an admin. */
export function canWrite(token: Doc<"platformTokens">, user: Doc<"users">): boolean {
  return token.role === "admin" && isStaff(user, "admin");
}
