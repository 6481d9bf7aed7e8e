/**
 * The seed's daily health check, for every tenant that is not deleted:
 * - at or above 90% of a quota: the tenant gets a warning (once per month,
 *   shared with the soft-limit notices writes send, so never twice);
 * - yesterday's tokens above 3x the tenant's daily average over the 30 days
 *   before: an alert to staff (once per day);
 * - no activity for 30 days: flagged to staff and a note to the tenant (once per month).
 * Reads counters and rollups only, at most ~31 days of them per tenant.
 */
import { v } from "convex/values";
import type { GenericDatabaseWriter } from "convex/server";
import { internalMutation, staffQuery } from "../lib/functions";
import { getCounters, monthOf } from "../lib/counters";
import { dayOf } from "../lib/usage";
import { notifySoftLimits, quotasOf } from "../lib/quotas";
import { logJob, tenantPage } from "../lib/jobs";
import { pageSizeX } from "../lib/paging";
import { DAY_MS } from "../../lib/domain/time";
import { formatNumber } from "../../lib/domain/format";
import { quotaPercent, type QuotaKey } from "../../lib/domain/plans";
import { internal } from "../_generated/api";
import { notify } from "../notifications/send";
import type { DataModel, Doc } from "../_generated/dataModel";

type Db = GenericDatabaseWriter<DataModel>;
const SPIKE_FACTOR = 3;
/** Below this many days of history an average says little; no spike alerts yet. */
const MIN_HISTORY_DAYS = 7;
const INACTIVE_DAYS = 30;

/** Raises a staff alert unless this tenant already has one of this kind for this period. */
async function alertOnce(db: Db, tenant: Doc<"tenants">, kind: string, period: string, message: string, details: Record<string, unknown>) {
  const existing = await db
    .query("staffAlerts")
    .withIndex("by_tenant_kind_period", (q) => q.eq("tenantId", tenant._id).eq("kind", kind).eq("period", period))
    .unique();
  if (existing) return false;
  await db.insert("staffAlerts", {
    tenantId: tenant._id,
    kind,
    period,
    message,
    details: { slug: tenant.slug, ...details },
    createdAt: Date.now(),
  });
  return true;
}

async function checkTenant(db: Db, tenant: Doc<"tenants">, now: number): Promise<string[]> {
  const flags: string[] = [];
  const counters = await getCounters(db, tenant._id);
  const limits = quotasOf(tenant);
  const used: [QuotaKey, number][] = [
    ["agents", counters.agents],
    ["monthlyTokens", counters.monthTokens],
    ["storageBytes", counters.storageBytes],
    ["concurrentSessions", counters.activeSessions],
  ];
  for (const [key, n] of used) {
    if (quotaPercent(n, limits[key]) < 90) continue;
    const before = counters.notified.length;
    await notifySoftLimits(db, tenant, key, n);
    if ((await getCounters(db, tenant._id)).notified.length > before) flags.push(`quota:${key}`);
  }

  const today = dayOf(now);
  const yesterday = dayOf(now - DAY_MS);
  const windowStart = dayOf(Math.max(now - 31 * DAY_MS, tenant.createdAt));
  const rollups = await db
    .query("usageRollups")
    .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenant._id).gte("day", windowStart).lt("day", today))
    .collect();
  const tokensOn = new Map<string, number>();
  for (const r of rollups) tokensOn.set(r.day, (tokensOn.get(r.day) ?? 0) + r.inputTokens + r.outputTokens);
  const historyDays = Math.round((Date.parse(yesterday) - Date.parse(windowStart)) / DAY_MS);
  if (historyDays >= MIN_HISTORY_DAYS) {
    let before = 0;
    for (const [day, n] of tokensOn) if (day < yesterday) before += n;
    const average = before / historyDays;
    const spike = tokensOn.get(yesterday) ?? 0;
    if (average > 0 && spike > SPIKE_FACTOR * average) {
      const message = `${tenant.name} used ${formatNumber(spike)} tokens on ${yesterday}, ${(spike / average).toFixed(1)}x its daily average of ${formatNumber(average)}.`;
      if (
        await alertOnce(db, tenant, "usage_spike", yesterday, message, {
          day: yesterday,
          tokens: spike,
          averageDailyTokens: Math.round(average),
        })
      )
        flags.push("usage_spike");
    }
  }

  const last = await db
    .query("usageRollups")
    .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenant._id))
    .order("desc")
    .first();
  const lastActive = last ? Date.parse(last.day) : tenant.createdAt;
  if (now - lastActive > INACTIVE_DAYS * DAY_MS) {
    const since = last ? last.day : "it was created";
    const raised = await alertOnce(db, tenant, "inactive", monthOf(now), `${tenant.name} has had no agent activity since ${since}.`, {
      lastActiveDay: last?.day ?? null,
    });
    if (raised) {
      await notify(db, tenant, {
        kind: "health.inactive",
        now,
        message: `Your agents have not reported any activity for ${INACTIVE_DAYS} days. Need a hand getting them running? Reply to your welcome email or see the API docs.`,
      });
      flags.push("inactive");
    }
  }
  return flags;
}

export const dailyHealthCheck = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())) },
  handler: async (ctx, { cursor }) => {
    const now = Date.now();
    const page = await tenantPage(ctx.db, cursor ?? null);
    const flagged: Record<string, string[]> = {};
    for (const tenant of page.page) {
      if (tenant.status === "deleted") continue;
      const flags = await checkTenant(ctx.db, tenant, now);
      if (flags.length) flagged[tenant.slug] = flags;
    }
    if (!page.isDone) await ctx.scheduler.runAfter(0, internal.jobs.health.dailyHealthCheck, { cursor: page.continueCursor });
    logJob("healthCheck", { tenants: page.page.length, flagged, more: !page.isDone });
    return flagged;
  },
});

/** Staff alerts, newest first (the admin console's alerts and health flags). */
export const alerts = staffQuery({
  args: { tenantId: v.optional(v.id("tenants")), limit: v.optional(v.number()) },
  handler: async (ctx, { tenantId, limit }) => {
    const n = pageSizeX(limit, 200, 50, "limit");
    const rows = tenantId
      ? await ctx.db
          .query("staffAlerts")
          .withIndex("by_tenant_kind_period", (q) => q.eq("tenantId", tenantId))
          .take(500)
      : await ctx.db.query("staffAlerts").withIndex("by_created").order("desc").take(n);
    return rows.sort((a, b) => b.createdAt - a.createdAt).slice(0, n);
  },
});
