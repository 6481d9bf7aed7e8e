/**
 * The admin console's notification center: staff alerts (one shared inbox: read by
 * anyone on staff is read), and the delivery queue's state (pending emails, webhook
 * deliveries and pages, with attempts and the last error).
 */
import { v } from "convex/values";
import { staffMutation, staffQuery } from "../lib/functions";
import { pageSizeX } from "../lib/paging";
import { notFound } from "../lib/errors";
import type { Id } from "../_generated/dataModel";

export const alerts = staffQuery({
  args: { unread: v.optional(v.boolean()), kind: v.optional(v.string()), limit: v.optional(v.number()) },
  handler: async (ctx, args) => {
    const n = pageSizeX(args.limit, 200, 50, "limit");
    const rows = await ctx.db.query("staffAlerts").withIndex("by_created").order("desc").take(500);
    return rows
      .filter((a) => (!args.unread || a.readAt === undefined) && (!args.kind || a.kind === args.kind))
      .slice(0, n)
      .map((a) => ({
        id: a._id,
        kind: a.kind,
        period: a.period,
        message: a.message,
        details: a.details ?? null,
        createdAt: a.createdAt,
        read: a.readAt !== undefined,
      }));
  },
});

export const unreadCount = staffQuery({
  args: {},
  handler: async (ctx) =>
    (await ctx.db.query("staffAlerts").withIndex("by_created").order("desc").take(500)).filter((a) => a.readAt === undefined).length,
});

export const markAlertRead = staffMutation({
  args: { alertId: v.string() },
  handler: async (ctx, { alertId }) => {
    const id = ctx.db.normalizeId("staffAlerts", alertId);
    const row = id ? await ctx.db.get(id) : null;
    if (!row) throw notFound("No such alert.");
    if (row.readAt === undefined) await ctx.db.patch(row._id, { readAt: Date.now(), readBy: ctx.user._id });
    return null;
  },
});

export const markAllAlertsRead = staffMutation({
  args: {},
  handler: async (ctx) => {
    const now = Date.now();
    const rows = await ctx.db.query("staffAlerts").withIndex("by_created").order("desc").take(500);
    for (const a of rows) if (a.readAt === undefined) await ctx.db.patch(a._id, { readAt: now, readBy: ctx.user._id });
    return null;
  },
});

/** What is still owed to the outside world, soonest first, with each item's attempts and last error. */
export const queue = staffQuery({
  args: {},
  handler: async (ctx) => {
    const out = [];
    for (const channel of ["email", "webhook", "pager"] as const) {
      const items = await ctx.db
        .query("deliveryQueue")
        .withIndex("by_channel_due", (q) => q.eq("channel", channel))
        .take(100);
      for (const item of items) {
        const tenant = await ctx.db.get(item.tenantId);
        const base = { id: item._id, channel, tenant: tenant?.slug ?? null, dueAt: item.dueAt };
        if (channel === "email") {
          const row = await ctx.db.get(item.ref as Id<"emailOutbox">);
          if (row)
            out.push({
              ...base,
              what: `${row.kind}: ${row.subject}`,
              to: row.to.join(", "),
              attempts: row.attempts ?? 0,
              lastError: row.lastError ?? null,
            });
        } else if (channel === "webhook") {
          const row = await ctx.db.get(item.ref as Id<"webhookDeliveries">);
          if (row)
            out.push({
              ...base,
              what: row.eventType,
              to: row.endpointId as string,
              attempts: row.attempts,
              lastError: row.lastError ?? null,
            });
        } else out.push({ ...base, what: "on-call page", to: "pager", attempts: 0, lastError: null });
      }
    }
    return out.sort((a, b) => a.dueAt - b.dueAt);
  },
});

/** One tenant's emails with their delivery state (pending, sent, failed with the reason). */
export const tenantEmails = staffQuery({
  args: { tenantId: v.id("tenants"), limit: v.optional(v.number()) },
  handler: async (ctx, { tenantId, limit }) => {
    const n = pageSizeX(limit, 200, 50, "limit");
    const rows = await ctx.db
      .query("emailOutbox")
      .withIndex("by_tenant_created", (q) => q.eq("tenantId", tenantId))
      .order("desc")
      .take(n);
    return rows.map((r) => ({
      id: r._id,
      kind: r.kind,
      to: r.to,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts ?? 0,
      lastError: r.lastError ?? null,
      createdAt: r.createdAt,
      sentAt: r.sentAt ?? null,
    }));
  },
});
