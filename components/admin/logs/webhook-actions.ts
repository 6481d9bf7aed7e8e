"use server";

import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { redeliver } from "@/lib/server/billing/simulator";
import { getSession, isStaff } from "@/lib/server/auth";
import { asUser } from "@/lib/server/convex/gateway";
import { appErrorOf } from "@/lib/server/convex/errors";

export type RedeliveryResult = { ok: true; status: number; answer: string } | { ok: false; message: string };

/**
 * Redelivers a stored Stripe event: admin/webhooks:startRedelivery checks the admin role and audits,
 * then the billing port re-signs the stored raw body and posts it to the real webhook route, whose
 * idempotency decides (a processed event stays a no-op; a failed one acts again).
 */
export async function redeliverWebhook(id: string): Promise<RedeliveryResult> {
  const session = await getSession();
  if (!session || !isStaff(session)) return { ok: false, message: "Not found" };
  let event;
  try {
    event = await asUser(session.token).mutation(api.admin.webhooks.startRedelivery, { id: id as Id<"webhookEvents"> });
  } catch (error) {
    const known = appErrorOf(error);
    if (known) return { ok: false, message: known.message };
    // A malformed id fails Convex's argument validation: the same answer as a missing event.
    if (error instanceof Error && /ArgumentValidationError/.test(error.message)) return { ok: false, message: "No such webhook event." };
    throw error;
  }
  try {
    const { status, body } = await redeliver(event.payload);
    return { ok: true, status, answer: body.slice(0, 300) };
  } catch (error) {
    return { ok: false, message: `The webhook route could not be reached: ${(error as Error).message}` };
  }
}
