"use server";

import { api } from "@/convex/_generated/api";
import { getConvexToken, requireSession } from "@/lib/server/auth";
import { asUser } from "@/lib/server/convex/gateway";
import { appErrorOf } from "@/lib/server/convex/errors";

/**
 * Deletes the workspace over HTTP rather than the page's live connection (see DeleteCard:
 * that connection is closed first, so no live query re-runs against the deleted workspace).
 * Convex stays the authority: it checks the owner and the typed slug again.
 */
export async function deleteWorkspace(slug: string, confirmSlug: string): Promise<{ ok: true } | { ok: false; message: string }> {
  await requireSession();
  const token = await getConvexToken();
  if (!token) return { ok: false, message: "Your session has ended. Sign in again." };
  try {
    await asUser(token).mutation(api.portal.lifecycle.remove, { slug, confirmSlug });
    return { ok: true };
  } catch (error) {
    const known = appErrorOf(error);
    if (known) return { ok: false, message: known.message };
    console.error("deleteWorkspace failed", error);
    return { ok: false, message: "Something went wrong on our side. Try again in a moment." };
  }
}
