/**
 * A tenant's last 30 days from its rollups (at most days x models x agents
 * rows, never raw events), and the health flags staff look for.
 */
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { addBuckets, emptyBuckets, percentileMs } from "./latency";
import { dayOf } from "./usage";
import { NEAR_QUOTA_PERCENT } from "./platformStats";
import { DAY_MS } from "../../lib/domain/time";
import { formatNumber } from "../../lib/domain/format";

export const ACTIVITY_DAYS = 30;
/** A day above this multiple of the tenant's daily average is a spike (the seed's daily health check). */
export const SPIKE_FACTOR = 3;
/** Spikes below this many calls are noise. */
const SPIKE_MIN_CALLS = 50;

/** The first day of the activity window that ends today. */
export const activityStartOf = (now: number) => dayOf(now - (ACTIVITY_DAYS - 1) * DAY_MS);

/** Calls, errors, latency and per-day figures over rollups of the activity window (the caller reads them). */
export function activityFrom(rollups: Doc<"usageRollups">[]) {
  const daily = new Map<string, { day: string; calls: number; errors: number; costMicros: number }>();
  const buckets = emptyBuckets();
  let calls = 0,
    errors = 0,
    latencySumMs = 0;
  for (const r of rollups) {
    calls += r.calls;
    errors += r.errors;
    latencySumMs += r.latencySumMs;
    addBuckets(buckets, r.latencyBuckets);
    const d = daily.get(r.day) ?? { day: r.day, calls: 0, errors: 0, costMicros: 0 };
    d.calls += r.calls;
    d.errors += r.errors;
    d.costMicros += r.costMicros;
    daily.set(r.day, d);
  }
  return {
    days: ACTIVITY_DAYS,
    calls,
    errors,
    errorRate: calls ? errors / calls : 0,
    avgLatencyMs: calls ? Math.round(latencySumMs / calls) : null,
    p95LatencyMs: percentileMs(buckets, 95),
    daily: [...daily.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}

/** The activity window for the admin console, with today's calls against the daily average before it. */
export async function activityOf(db: GenericDatabaseReader<DataModel>, tenantId: Id<"tenants">, now: number) {
  const rollups = await db
    .query("usageRollups")
    .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenantId).gte("day", activityStartOf(now)))
    .collect();
  const activity = activityFrom(rollups);
  const today = activity.daily.find((d) => d.day === dayOf(now))?.calls ?? 0;
  const averageBefore = (activity.calls - today) / (ACTIVITY_DAYS - 1);
  return {
    ...activity,
    today,
    averagePerDay: Math.round(averageBefore),
    spike: today >= SPIKE_MIN_CALLS && today > SPIKE_FACTOR * averageBefore,
  };
}

export type Quota = { used: number; limit: number | null; percent: number };
export type HealthFlag = {
  kind: "near_quota" | "past_due" | "suspended" | "spike" | "inactive" | "trial_ending" | "deleted";
  message: string;
};

export function healthFlags(
  tenant: Doc<"tenants">,
  quotas: Record<string, Quota>,
  activity: Awaited<ReturnType<typeof activityOf>>,
  now: number,
): HealthFlag[] {
  const flags: HealthFlag[] = [];
  const near = Object.entries(quotas).filter(([, q]) => q.limit !== null && q.percent >= NEAR_QUOTA_PERCENT);
  if (near.length) flags.push({ kind: "near_quota", message: `At ${near.map(([k, q]) => `${q.percent}% of ${k}`).join(", ")}.` });
  if (tenant.status === "past_due")
    flags.push({ kind: "past_due", message: "Payment is past due: the workspace is read-only until it is paid." });
  if (tenant.status === "suspended") flags.push({ kind: "suspended", message: "Suspended: members can read but not change anything." });
  if (tenant.status === "deleted")
    flags.push({ kind: "deleted", message: "Soft-deleted: invisible to its members until restored or hard-deleted." });
  if (activity.spike)
    flags.push({
      kind: "spike",
      message: `Unusual spike: ${formatNumber(activity.today)} calls today against ${formatNumber(activity.averagePerDay)} a day on average.`,
    });
  if (activity.calls === 0 && now - tenant.createdAt >= ACTIVITY_DAYS * DAY_MS)
    flags.push({ kind: "inactive", message: `No activity in the last ${ACTIVITY_DAYS} days.` });
  if (tenant.status === "trial" && tenant.trialEndsAt && tenant.trialEndsAt - now < 3 * DAY_MS) {
    flags.push({ kind: "trial_ending", message: tenant.trialEndsAt > now ? "Trial ends within 3 days." : "Trial has ended." });
  }
  return flags;
}
