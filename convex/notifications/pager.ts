/**
 * The seed's "error rate above 5% over the last hour -> page on-call": a check over
 * every tenant's last hour of usage events (convex/crons.ts runs it every 10 minutes),
 * which raises one staff alert per tenant and hour and queues the page; the Next
 * server's pager worker (lib/server/outbound/pager.ts) posts it, signed, in PagerDuty
 * Events v2 shape to ONCALL_WEBHOOK_URL and as a Slack message to ONCALL_SLACK_URL.
 */
import { v } from "convex/values";
import { internalMutation, systemMutation } from "../lib/functions";
import { logJob, tenantPage } from "../lib/jobs";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { ALERT_RULES, backoffMs, errorRateBreached, MAX_ATTEMPTS } from "../../lib/domain/notifications/rules";
import { alertStaffOnce } from "./send";
import { retryScale } from "./outbox";

/** Events read per tenant per check: enough to judge a rate, bounded per transaction. */
const SAMPLE = 4000;

export const checkErrorRates = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())) },
  handler: async (ctx, { cursor }) => {
    const now = Date.now();
    const page = await tenantPage(ctx.db, cursor ?? null);
    const paged: string[] = [];
    for (const tenant of page.page) {
      if (tenant.status === "deleted") continue;
      const events = await ctx.db
        .query("usageEvents")
        .withIndex("by_tenant_at", (q) => q.eq("tenantId", tenant._id).gte("at", now - ALERT_RULES.errorRateWindowMs))
        .order("desc")
        .take(SAMPLE);
      const errors = events.filter((e) => !e.success).length;
      if (!errorRateBreached(events.length, errors)) continue;
      const percent = Math.round((errors / events.length) * 1000) / 10;
      const hour = new Date(now).toISOString().slice(0, 13);
      const raised = await alertStaffOnce(ctx.db, tenant, {
        kind: "error_rate",
        period: hour,
        message: `${tenant.name}: ${percent}% of ${events.length} agent calls failed in the last hour (threshold ${ALERT_RULES.errorRateFraction * 100}%).`,
        details: { calls: events.length, errors, percent, hour },
        page: true,
      });
      if (raised) paged.push(tenant.slug);
    }
    if (!page.isDone) await ctx.scheduler.runAfter(0, internal.notifications.pager.checkErrorRates, { cursor: page.continueCursor });
    logJob("errorRate", { tenants: page.page.length, paged, more: !page.isDone });
    return paged;
  },
});

export const claim = systemMutation({
  args: { limit: v.number(), leaseMs: v.number() },
  handler: async (ctx, { limit, leaseMs }) => {
    const now = Date.now();
    const due = await ctx.db
      .query("deliveryQueue")
      .withIndex("by_channel_due", (q) => q.eq("channel", "pager").lte("dueAt", now))
      .take(Math.min(Math.max(1, limit), 50));
    const out = [];
    for (const item of due) {
      const alert = await ctx.db.get(item.ref as Id<"staffAlerts">);
      if (!alert) {
        await ctx.db.delete(item._id);
        continue;
      }
      await ctx.db.patch(item._id, { dueAt: now + leaseMs });
      const details = (alert.details ?? {}) as Record<string, unknown>;
      out.push({
        queueId: item._id,
        alertId: alert._id,
        kind: alert.kind,
        period: alert.period,
        message: alert.message,
        slug: String(details.slug ?? ""),
        details,
        createdAt: alert.createdAt,
      });
    }
    return out;
  },
});

export const finish = systemMutation({
  args: { results: v.array(v.object({ queueId: v.id("deliveryQueue"), ok: v.boolean(), error: v.optional(v.string()) })) },
  handler: async (ctx, { results }) => {
    const now = Date.now();
    for (const r of results) {
      const item = await ctx.db.get(r.queueId);
      if (!item) continue;
      const alert = await ctx.db.get(item.ref as Id<"staffAlerts">);
      if (!alert) {
        await ctx.db.delete(item._id);
        continue;
      }
      const details = (alert.details ?? {}) as Record<string, unknown>;
      const attempt = Number(details.pageAttempts ?? 0) + 1;
      const page = r.ok ? { sentAt: now } : { lastError: r.error ?? "unknown error" };
      await ctx.db.patch(alert._id, { details: { ...details, pageAttempts: attempt, page } });
      if (r.ok || attempt >= MAX_ATTEMPTS) await ctx.db.delete(item._id);
      else await ctx.db.patch(item._id, { dueAt: now + Math.round(backoffMs(attempt) * retryScale()) });
    }
    return null;
  },
});
