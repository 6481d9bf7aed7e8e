/**
 * Stripe events Tenantry records without acting on (types outside the
 * allow-list), and deliveries whose handler failed (so staff see them and
 * Stripe's retry acts again). Called by POST /api/webhooks/stripe.
 */
import { v } from "convex/values";
import { systemMutation } from "../lib/functions";
import { beginEvent, eventValidator, failEvent, findEvent, finishEvent } from "../lib/billing/events";

export const ignore = systemMutation({
  args: { event: eventValidator, reason: v.string() },
  handler: async (ctx, { event, reason }) => {
    const eventRow = await beginEvent(ctx.db, event);
    if (!eventRow) return { outcome: "duplicate" as const };
    await finishEvent(ctx.db, eventRow, "ignored", null, reason);
    return { outcome: "ignored" as const };
  },
});

export const recordFailure = systemMutation({
  args: { event: eventValidator, error: v.string() },
  handler: async (ctx, { event, error }) => {
    await failEvent(ctx.db, event, error);
  },
});

/** A two-step event (the route called Stripe after the mutation, e.g. cancelling a replaced subscription) is done. */
export const complete = systemMutation({
  args: { eventId: v.string() },
  handler: async (ctx, { eventId }) => {
    const row = await findEvent(ctx.db, eventId);
    if (row && row.outcome === "received") await finishEvent(ctx.db, row._id, "processed", row.tenantId);
  },
});
