"use server";

import { api } from "@/convex/_generated/api";
import { getConvexToken, requireSession } from "@/lib/server/auth";
import { asUser } from "@/lib/server/convex/gateway";
import { appErrorOf } from "@/lib/server/convex/errors";

export type CreateTokenResult =
  { ok: true; token: string; prefix: string; expiresAt: number } | { ok: false; code: string; message: string; field?: string };

/**
 * Creates a platform token as the signed-in admin: Convex checks the role, mints
 * the token (nobody chooses it) and stores only its hash. The token goes back to
 * the browser once, in this answer.
 */
export async function createPlatformToken(name: string, role: "admin" | "support", expiresInDays: number): Promise<CreateTokenResult> {
  await requireSession();
  const token = await getConvexToken();
  if (!token) return { ok: false, code: "UNAUTHENTICATED", message: "Sign in again to create a token." };
  try {
    const made = await asUser(token).mutation(api.admin.tokens.create, { name, role, expiresInDays });
    return { ok: true, token: made.token, prefix: made.prefix, expiresAt: made.expiresAt };
  } catch (error) {
    const known = appErrorOf(error);
    if (known) return { ok: false, code: known.code, message: known.message, ...(known.field ? { field: known.field } : {}) };
    console.error(JSON.stringify({ event: "platform_token_create_failed", error: error instanceof Error ? error.message : String(error) }));
    return { ok: false, code: "UNEXPECTED", message: "Something went wrong on our side; no token was created. Try again in a moment." };
  }
}
