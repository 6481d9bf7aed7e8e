/**
 * The platform overview (live in the admin console): totals, active agents,
 * calls today, revenue, top tenants by usage and by cost, and alerts. Every
 * figure is a maintained counter or the head of an index, so the query reads
 * the same few dozen documents at 10 tenants or 10,000, and at any history.
 */
import { staffQuery } from "../lib/functions";
import { monthOf } from "../lib/counters";
import { dayOf } from "../lib/usage";
import { platformSummary, readCounterRange } from "../lib/platformRead";
import { NEAR_QUOTA_PERCENT } from "../lib/platformStats";
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc } from "../_generated/dataModel";
import { DAY_MS } from "../../lib/domain/time";

const TREND_DAYS = 14;
const TOP = 5;
const ALERT_ROWS = 5;
/** Counted exactly up to this many; the page says "100+" beyond. */
const FAILURE_COUNT_CAP = 100;

const brief = (r: Doc<"tenantDirectory">) => ({
  tenantId: r.tenantId,
  name: r.name,
  slug: r.slug,
  plan: r.plan,
  status: r.status,
  agents: r.agents,
  costMicros: r.monthCostMicros,
  tokens: r.monthTokens,
  quotaPercent: r.quotaPercent,
});

/** The overview's figures (exported for the benchmark's documents-read measurement). */
export async function loadOverview(db: GenericDatabaseReader<DataModel>) {
  const now = Date.now();
  const month = monthOf(now);
  const days = Array.from({ length: TREND_DAYS }, (_, i) => dayOf(now - (TREND_DAYS - 1 - i) * DAY_MS));
  const [summary, trend, byCost, byTokens, nearQuota, pastDue, suspended, failures] = await Promise.all([
    platformSummary(db, now),
    readCounterRange(db, `day:${days[0]}`, `day:${days[days.length - 1]}`).then((byDay) =>
      days.map((day) => ({ day, sums: byDay.get(`day:${day}`) ?? {} })),
    ),
    db
      .query("tenantDirectory")
      .withIndex("by_cost", (q) => q.eq("month", month).gt("monthCostMicros", 0))
      .order("desc")
      .take(TOP),
    db
      .query("tenantDirectory")
      .withIndex("by_tokens", (q) => q.eq("month", month).gt("monthTokens", 0))
      .order("desc")
      .take(TOP),
    // Deleted tenants keep their counters until purged; they are not an alert.
    db
      .query("tenantDirectory")
      .withIndex("by_quota", (q) => q.gte("quotaPercent", NEAR_QUOTA_PERCENT))
      .order("desc")
      .take(ALERT_ROWS * 2),
    db
      .query("tenantDirectory")
      .withIndex("by_status_name", (q) => q.eq("status", "past_due"))
      .take(ALERT_ROWS),
    db
      .query("tenantDirectory")
      .withIndex("by_status_name", (q) => q.eq("status", "suspended"))
      .take(ALERT_ROWS),
    db
      .query("webhookEvents")
      .withIndex("by_outcome_received", (q) => q.eq("outcome", "failed").gte("receivedAt", now - DAY_MS))
      .order("desc")
      .take(FAILURE_COUNT_CAP + 1),
  ]);
  const today = trend[trend.length - 1];
  // Data from before the directory existed shows up only after a rebuild (platformBackfill).
  const needsRebuild = summary.total + summary.byStatus.deleted === 0 && (await db.query("tenants").first()) !== null;
  return {
    summary,
    today: {
      calls: today.sums.calls ?? 0,
      errors: today.sums.errors ?? 0,
      costMicros: today.sums.costMicros ?? 0,
      tokens: today.sums.tokens ?? 0,
    },
    trend: trend.map(({ day, sums }) => ({ day, calls: sums.calls ?? 0, errors: sums.errors ?? 0, costMicros: sums.costMicros ?? 0 })),
    topByCost: byCost.map(brief),
    topByUsage: byTokens.map(brief),
    alerts: {
      nearQuota: {
        count: summary.nearQuota,
        tenants: nearQuota
          .filter((r) => r.status !== "deleted")
          .slice(0, ALERT_ROWS)
          .map(brief),
      },
      pastDue: { count: summary.byStatus.past_due, tenants: pastDue.map(brief) },
      suspended: { count: summary.byStatus.suspended, tenants: suspended.map(brief) },
      webhookFailures: {
        count: Math.min(failures.length, FAILURE_COUNT_CAP),
        more: failures.length > FAILURE_COUNT_CAP,
        recent: failures.slice(0, ALERT_ROWS).map((w) => ({
          _id: w._id,
          provider: w.provider,
          type: w.type,
          eventId: w.eventId,
          receivedAt: w.receivedAt,
          error: w.error ?? null,
        })),
      },
    },
    needsRebuild,
    generatedAt: now,
  };
}

export const get = staffQuery({ args: {}, handler: (ctx) => loadOverview(ctx.db) });
