/**
 * The webhook log: incoming Stripe and Clerk events (id, type, tenant,
 * received, outcome with the error), newest first, filtered by provider,
 * outcome and tenant; and the admin step before a redelivery (audited; the
 * Next server re-posts the stored body to the provider's webhook route).
 */
import { v } from "convex/values";
import { staffMutation, staffQuery } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { audit } from "../lib/audit";
import { keysetPage } from "../lib/keyset";
import { pageSizeX } from "../lib/paging";
import type { Doc, Id } from "../_generated/dataModel";

const providerValidator = v.union(v.literal("stripe"), v.literal("clerk"));
const outcomeValidator = v.union(
  v.literal("received"),
  v.literal("processed"),
  v.literal("duplicate"),
  v.literal("ignored"),
  v.literal("failed"),
);
const MAX_SCAN = 2000;

export const list = staffQuery({
  args: {
    provider: v.optional(providerValidator),
    outcome: v.optional(outcomeValidator),
    tenantSlug: v.optional(v.string()),
    cursor: v.optional(v.union(v.string(), v.null())),
    pageSize: v.optional(v.number()),
  },
  handler: async (ctx, args) => {
    const pageSize = pageSizeX(args.pageSize, 200);
    let tenantId: Id<"tenants"> | undefined;
    if (args.tenantSlug?.trim()) {
      const tenant = await ctx.db
        .query("tenants")
        .withIndex("by_slug", (q) => q.eq("slug", args.tenantSlug!.trim()))
        .unique();
      if (!tenant) throw appError("INVALID", `No tenant has the slug "${args.tenantSlug.trim()}".`, "tenantSlug");
      tenantId = tenant._id;
    }
    const { provider, outcome } = args;
    const [index, fields, eq] = tenantId
      ? ["by_tenant_received", ["tenantId", "receivedAt"], [tenantId]]
      : outcome
        ? ["by_outcome_received", ["outcome", "receivedAt"], [outcome]]
        : provider
          ? ["by_provider_received", ["provider", "receivedAt"], [provider]]
          : ["by_received", ["receivedAt"], []];
    const result = await keysetPage<Doc<"webhookEvents">>(ctx.db, {
      table: "webhookEvents",
      index,
      fields,
      eq,
      order: "desc",
      cursor: args.cursor ?? null,
      limit: pageSize,
      maxScan: MAX_SCAN,
      keep: (e) => (!provider || e.provider === provider) && (!outcome || e.outcome === outcome),
    });
    const slugs = new Map<string, string | null>();
    for (const e of result.page) {
      if (e.tenantId && !slugs.has(e.tenantId)) slugs.set(e.tenantId, (await ctx.db.get(e.tenantId))?.slug ?? null);
    }
    return {
      rows: result.page.map((e) => ({
        _id: e._id,
        provider: e.provider,
        eventId: e.eventId,
        type: e.type,
        tenantId: e.tenantId,
        tenantSlug: e.tenantId ? (slugs.get(e.tenantId) ?? null) : null,
        receivedAt: e.receivedAt,
        processedAt: e.processedAt ?? null,
        outcome: e.outcome,
        error: e.error ?? null,
        payloadBytes: e.payload.length,
      })),
      cursor: result.hasMore ? result.cursor : null,
      canRedeliver: ctx.user.platformRole === "admin",
    };
  },
});

/**
 * Admin only: audits a redelivery and hands the stored Stripe event to the
 * Next server, which signs it again and posts it to /api/webhooks/stripe. The
 * route's own idempotency decides: a processed event stays a no-op, a failed
 * one acts again.
 */
export const startRedelivery = staffMutation({
  args: { id: v.id("webhookEvents") },
  handler: async (ctx, { id }) => {
    const event = await ctx.db.get(id);
    if (!event) throw notFound("No such webhook event.");
    // Clerk signs its deliveries (Svix) and keeps them; Tenantry stores only the event's data.
    if (event.provider !== "stripe")
      throw appError(
        "INVALID",
        "Clerk events are replayed from the Clerk dashboard (Webhooks, then Replay); only Stripe events can be redelivered here.",
        "id",
      );
    await audit(ctx.db, {
      tenantId: event.tenantId,
      actor: ctx.user,
      action: "webhook.redeliver",
      target: `${event.provider} ${event.eventId}`,
      before: { outcome: event.outcome, error: event.error ?? null },
      after: { type: event.type },
    });
    return { provider: event.provider, eventId: event.eventId, type: event.type, payload: event.payload, eventCreated: event.eventCreated };
  },
});
