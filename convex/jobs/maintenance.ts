/**
 * Housekeeping jobs (convex/crons.ts), each idempotent and bounded per
 * transaction, continuing itself until done:
 * - rollMonth: month-to-date counters start again at the month boundary
 *   (rollups keep the history; getCounters also resets lazily on write).
 * - expireSessions: the safety net behind each session's own scheduled expiry.
 * - pruneTenants: raw usage events past retention (default 90 days), expired
 *   Idempotency-Keys and idle rate-limit buckets; rollups stay.
 * - cleanWebhookEvents: processed webhook events past 30 days, failed ones past 90.
 */
import { v } from "convex/values";
import { internalMutation } from "../lib/functions";
import { monthOf } from "../lib/counters";
import { expireSession } from "../runtime/sessions";
import { IDEMPOTENCY_TTL_MS } from "../runtime/idempotency";
import { envDays, logJob, tenantPage } from "../lib/jobs";
import { bucketsOfTenant, forgetBuckets } from "../lib/rateLimit";
import { DAY_MS } from "../../lib/domain/time";
import { internal } from "../_generated/api";

const cursorArg = { cursor: v.optional(v.union(v.string(), v.null())) };
/** Rows deleted per table per tenant per transaction. */
const DELETE_BATCH = 1000;

export const rollMonth = internalMutation({
  args: cursorArg,
  handler: async (ctx, { cursor }) => {
    const month = monthOf(Date.now());
    const page = await ctx.db.query("tenantCounters").paginate({ cursor: cursor ?? null, numItems: 200 });
    let reset = 0;
    for (const row of page.page) {
      if (row.month === month) continue;
      await ctx.db.patch(row._id, { month, monthTokens: 0, monthCostMicros: 0, notified: [] });
      reset++;
    }
    if (!page.isDone) await ctx.scheduler.runAfter(0, internal.jobs.maintenance.rollMonth, { cursor: page.continueCursor });
    logJob("monthRollover", { month, checked: page.page.length, reset, more: !page.isDone });
    return { reset };
  },
});

export const expireSessions = internalMutation({
  args: cursorArg,
  handler: async (ctx, { cursor }) => {
    const now = Date.now();
    const page = await tenantPage(ctx.db, cursor ?? null);
    let expired = 0;
    for (const tenant of page.page) {
      const stale = await ctx.db
        .query("agentSessions")
        .withIndex("by_tenant_status_expires", (q) => q.eq("tenantId", tenant._id).eq("status", "active").lte("expiresAt", now))
        .take(200);
      for (const s of stale) if (await expireSession(ctx.db, s, now)) expired++;
    }
    if (!page.isDone) await ctx.scheduler.runAfter(0, internal.jobs.maintenance.expireSessions, { cursor: page.continueCursor });
    logJob("sessionExpiry", { tenants: page.page.length, expired, more: !page.isDone });
    return { expired };
  },
});

export const pruneTenants = internalMutation({
  args: { ...cursorArg, retentionDays: v.optional(v.number()) },
  handler: async (ctx, { cursor, retentionDays }) => {
    const now = Date.now();
    const days = retentionDays ?? envDays("USAGE_EVENT_RETENTION_DAYS", 90);
    const page = await tenantPage(ctx.db, cursor ?? null);
    const totals = { usageEvents: 0, idempotencyKeys: 0, rateBuckets: 0 };
    let unfinished = 0;
    for (const tenant of page.page) {
      const tenantId = tenant._id;
      const events = await ctx.db
        .query("usageEvents")
        .withIndex("by_tenant_at", (q) => q.eq("tenantId", tenantId).lt("at", now - days * DAY_MS))
        .take(DELETE_BATCH);
      for (const e of events) await ctx.db.delete(e._id);
      const keys = await ctx.db
        .query("idempotencyKeys")
        .withIndex("by_tenant_created", (q) => q.eq("tenantId", tenantId).lt("createdAt", now - IDEMPOTENCY_TTL_MS))
        .take(DELETE_BATCH);
      for (const k of keys) await ctx.db.delete(k._id);
      // A bucket untouched for a minute is full again, the same as no row: idle ones are dropped from the component.
      totals.rateBuckets += await forgetBuckets(ctx, await bucketsOfTenant(ctx.db, tenant, DELETE_BATCH), now - DAY_MS);
      totals.usageEvents += events.length;
      totals.idempotencyKeys += keys.length;
      if (events.length === DELETE_BATCH || keys.length === DELETE_BATCH) unfinished++;
    }
    // A page with a tenant that had more to delete runs again; its rows shrink every pass.
    const next = unfinished > 0 ? (cursor ?? null) : page.isDone ? undefined : page.continueCursor;
    if (next !== undefined) await ctx.scheduler.runAfter(0, internal.jobs.maintenance.pruneTenants, { cursor: next, retentionDays: days });
    logJob("usagePrune", { retentionDays: days, tenants: page.page.length, deleted: totals, more: next !== undefined });
    return totals;
  },
});

const WEBHOOK_KEEP_DAYS = { processed: 30, failed: 90 };
const DONE = new Set(["processed", "duplicate", "ignored"]);

export const cleanWebhookEvents = internalMutation({
  args: cursorArg,
  handler: async (ctx, { cursor }) => {
    const now = Date.now();
    // Everything older than the shorter window is a candidate; failed and unprocessed ones get the longer one.
    const page = await ctx.db
      .query("webhookEvents")
      .withIndex("by_received", (q) => q.lt("receivedAt", now - WEBHOOK_KEEP_DAYS.processed * DAY_MS))
      .paginate({ cursor: cursor ?? null, numItems: 500 });
    let deleted = 0;
    for (const e of page.page) {
      if (DONE.has(e.outcome) || e.receivedAt < now - WEBHOOK_KEEP_DAYS.failed * DAY_MS) {
        await ctx.db.delete(e._id);
        deleted++;
      }
    }
    if (!page.isDone) await ctx.scheduler.runAfter(0, internal.jobs.maintenance.cleanWebhookEvents, { cursor: page.continueCursor });
    logJob("webhookCleanup", { checked: page.page.length, deleted, more: !page.isDone });
    return { deleted };
  },
});
