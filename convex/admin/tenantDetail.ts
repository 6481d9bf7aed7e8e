/**
 * One tenant as platform staff see it (the seed's detail view): plan and
 * price, status and since when, users by role, quotas, cost against budget,
 * 30-day activity, cost against the same days of last month, health flags,
 * recent audit entries and webhook events. Reads counters, at most 30 days of
 * rollups, at most 31 day summaries and a few bounded lists.
 */
import { v } from "convex/values";
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Id } from "../_generated/dataModel";
import { staffQuery } from "../lib/functions";
import { notFound } from "../lib/errors";
import { monthOf } from "../lib/counters";
import { quotasOf } from "../lib/quotas";
import { activityOf, healthFlags, type Quota } from "../lib/tenantActivity";
import { PLANS, quotaPercent } from "../../lib/domain/plans";
import { ROLES } from "../../lib/domain/permissions";
import { DAY_MS } from "../../lib/domain/time";
import { UPTIME_DAYS, uptimeOf } from "../../lib/domain/uptime";

/** Members counted per role up to this many; beyond it the page says "1,000+". */
const ROLE_COUNT_CAP = 1000;
const NAMED_PER_ROLE = 5;
const RECENT = 20;

const quota = (used: number, limit: number | null): Quota => ({ used, limit, percent: quotaPercent(used, limit) });

/**
 * Cost so far this month against last month up to the same day of the month (or its last
 * day), so a trend early in a month compares like with like. Last month comes from its
 * per-day summaries: at most 31 rows, whatever the tenant's traffic.
 */
async function costTrend(db: GenericDatabaseReader<DataModel>, tenantId: Id<"tenants">, now: number, thisMonthMicros: number) {
  const today = new Date(now);
  const first = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1);
  const lastDay = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0)).getUTCDate();
  const until = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, Math.min(today.getUTCDate(), lastDay));
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const rows = await db
    .query("usageDays")
    .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenantId).gte("day", day(first)).lte("day", day(until)))
    .collect();
  const lastMonthMicros = rows.reduce((sum, r) => sum + r.total.costMicros, 0);
  return {
    thisMonthMicros,
    lastMonthMicros,
    /** Percent change; null when last month had no cost to compare with. */
    changePercent: lastMonthMicros > 0 ? Math.round(((thisMonthMicros - lastMonthMicros) / lastMonthMicros) * 1000) / 10 : null,
    throughDay: new Date(now).getUTCDate(),
  };
}

/** The seed's uptime line: the last UPTIME_DAYS days' minute bitmaps (at most that many rows, whatever the traffic). */
async function uptime(db: GenericDatabaseReader<DataModel>, tenantId: Id<"tenants">, now: number) {
  const from = new Date(now - (UPTIME_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  const rows = await db
    .query("usageDays")
    .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenantId).gte("day", from))
    .take(UPTIME_DAYS + 1);
  return { days: UPTIME_DAYS, ...uptimeOf(rows) };
}

/** The detail view's data (exported for the benchmark's documents-read measurement). */
export async function loadTenantDetail(db: GenericDatabaseReader<DataModel>, slug: string) {
  const tenant = await db
    .query("tenants")
    .withIndex("by_slug", (q) => q.eq("slug", slug))
    .unique();
  if (!tenant) throw notFound("No tenant has that slug.");
  const now = Date.now();
  const counters = await db
    .query("tenantCounters")
    .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
    .unique();
  const current = counters?.month === monthOf(now) ? counters : null;

  const users = await Promise.all(
    ROLES.map(async (role) => {
      const rows = await db
        .query("memberships")
        .withIndex("by_tenant_role", (q) => q.eq("tenantId", tenant._id).eq("role", role))
        .take(ROLE_COUNT_CAP + 1);
      const named = await Promise.all(rows.slice(0, NAMED_PER_ROLE).map((m) => db.get(m.userId)));
      return {
        role,
        count: Math.min(rows.length, ROLE_COUNT_CAP),
        more: rows.length > ROLE_COUNT_CAP,
        emails: named.flatMap((u) => (u ? [u.email] : [])),
      };
    }),
  );

  const limits = quotasOf(tenant);
  const quotas = {
    agents: quota(counters?.agents ?? 0, limits.agents),
    monthlyTokens: quota(current?.monthTokens ?? 0, limits.monthlyTokens),
    storageBytes: quota(counters?.storageBytes ?? 0, limits.storageBytes),
    concurrentSessions: quota(counters?.activeSessions ?? 0, limits.concurrentSessions),
  };
  const activity = await activityOf(db, tenant._id, now);
  const costCents = Math.round((current?.monthCostMicros ?? 0) / 10_000);
  const budgetCents = tenant.monthlyBudgetCents ?? null;

  const audit = await db
    .query("auditLogs")
    .withIndex("by_tenant_at", (q) => q.eq("tenantId", tenant._id))
    .order("desc")
    .take(RECENT);
  const webhooks = await db
    .query("webhookEvents")
    .withIndex("by_tenant_received", (q) => q.eq("tenantId", tenant._id))
    .order("desc")
    .take(RECENT);

  return {
    tenant: {
      _id: tenant._id,
      name: tenant.name,
      slug: tenant.slug,
      plan: tenant.plan,
      planName: PLANS[tenant.plan].name,
      priceCents: PLANS[tenant.plan].priceCents,
      status: tenant.status,
      statusSince: tenant.statusSince,
      billingEmail: tenant.billingEmail,
      createdAt: tenant.createdAt,
      trialEndsAt: tenant.trialEndsAt ?? null,
      deletedAt: tenant.deletedAt ?? null,
      hardDeleteAt: tenant.hardDeleteAt ?? null,
      restoreStatus: tenant.restoreStatus ?? null,
      deletedBy: tenant.status === "deleted" ? (tenant.deletedBy ?? "owner") : null,
      deletionReason: tenant.deletionReason ?? null,
      purging: tenant.status === "deleted" && tenant.hardDeleteAt !== undefined && tenant.hardDeleteAt <= now,
      stripeCustomerId: tenant.stripeCustomerId ?? null,
      quotaOverrides: tenant.quotaOverrides ?? {},
    },
    users,
    members: counters?.members ?? 0,
    quotas,
    cost: { usedCents: costCents, budgetCents, percent: budgetCents ? quotaPercent(costCents, budgetCents) : null },
    costTrend: await costTrend(db, tenant._id, now, current?.monthCostMicros ?? 0),
    uptime: await uptime(db, tenant._id, now),
    activity,
    flags: healthFlags(tenant, quotas, activity, now),
    audit: audit.map((a) => ({
      _id: a._id,
      at: a.at,
      actorEmail: a.actorEmail,
      action: a.action,
      target: a.target ?? null,
      before: a.before ?? null,
      after: a.after ?? null,
    })),
    generatedAt: now,
    webhooks: webhooks.map((w) => ({
      _id: w._id,
      provider: w.provider,
      eventId: w.eventId,
      type: w.type,
      receivedAt: w.receivedAt,
      outcome: w.outcome,
      error: w.error ?? null,
    })),
  };
}

export const get = staffQuery({
  args: { slug: v.string() },
  handler: async (ctx, { slug }) => ({ ...(await loadTenantDetail(ctx.db, slug)), viewer: { role: ctx.user.platformRole } }),
});
