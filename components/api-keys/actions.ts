"use server";

import { getConvexToken, requireSession } from "@/lib/server/auth";
import { createIndexedApiKey } from "@/lib/server/api/keys";
import { appErrorOf } from "@/lib/server/convex/errors";

export type CreateKeyResult =
  { ok: true; key: string; name: string; prefix: string } | { ok: false; code: string; message: string; field?: string };

/**
 * Creates an API key as the signed-in user: Convex checks the role, mints the
 * key (nobody chooses it) and stores only its hash. The key goes back to the
 * browser once, in this answer.
 */
export async function createApiKey(slug: string, name: string, rateLimitPerMinute: number | null): Promise<CreateKeyResult> {
  await requireSession();
  const token = await getConvexToken();
  if (!token) return { ok: false, code: "UNAUTHENTICATED", message: "Sign in again to create a key." };
  try {
    const created = await createIndexedApiKey(token, { slug, name, rateLimitPerMinute });
    return { ok: true, key: created.key, name: created.name, prefix: created.prefix };
  } catch (error) {
    const known = appErrorOf(error);
    if (known) return { ok: false, code: known.code, message: known.message, ...(known.field ? { field: known.field } : {}) };
    console.error(JSON.stringify({ event: "api_key_create_failed", slug, error: error instanceof Error ? error.message : String(error) }));
    return { ok: false, code: "UNEXPECTED", message: "Something went wrong on our side; no key was created. Try again in a moment." };
  }
}
