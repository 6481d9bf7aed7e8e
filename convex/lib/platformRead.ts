/**
 * Reading the platform aggregates kept by ./platformStats.ts: a counter key is
 * the sum of its shards (at most SHARDS documents), so every figure here costs
 * a fixed handful of reads however many tenants or events there are.
 */
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel } from "../_generated/dataModel";
import { PLAN_IDS, type PlanId } from "../../lib/domain/plans";
import { monthOf } from "./counters";
import { BILLABLE_STATUSES } from "./platformStats";
import { TENANT_STATUSES, type TenantStatus } from "../../lib/domain/tenant-status";

type Reader = GenericDatabaseReader<DataModel>;
export type { TenantStatus };
/** Statuses whose agents can run (the overview's "active agents"). */
const RUNNING: TenantStatus[] = ["active", "trial", "past_due"];

export async function readCounter(db: Reader, key: string): Promise<Record<string, number>> {
  const shards = await db
    .query("platformCounters")
    .withIndex("by_key_shard", (q) => q.eq("key", key))
    .collect();
  const out: Record<string, number> = {};
  for (const s of shards) for (const [name, n] of Object.entries(s.values)) out[name] = (out[name] ?? 0) + n;
  return out;
}

/** Every key in [from, to] (e.g. a run of `day:` keys, which sort by date) in one index range, summed per key. */
export async function readCounterRange(db: Reader, from: string, to: string): Promise<Map<string, Record<string, number>>> {
  const shards = await db
    .query("platformCounters")
    .withIndex("by_key_shard", (q) => q.gte("key", from).lte("key", to))
    .collect();
  const out = new Map<string, Record<string, number>>();
  for (const s of shards) {
    const sums = out.get(s.key) ?? {};
    for (const [name, n] of Object.entries(s.values)) sums[name] = (sums[name] ?? 0) + n;
    out.set(s.key, sums);
  }
  return out;
}

/** How many tenants match an optional plan and status filter (from the maintained counts). */
export function countTenants(sums: Record<string, number>, plan?: PlanId, status?: TenantStatus): number {
  let n = 0;
  for (const p of plan ? [plan] : PLAN_IDS) for (const s of status ? [status] : TENANT_STATUSES) n += sums[`n:${p}:${s}`] ?? 0;
  return n;
}

/** The all-tenants summary and the overview's headline figures. */
export async function platformSummary(db: Reader, now = Date.now()) {
  const tenants = await readCounter(db, "tenants");
  const month = await readCounter(db, `month:${monthOf(now)}`);
  const byStatus = Object.fromEntries(TENANT_STATUSES.map((s) => [s, countTenants(tenants, undefined, s)])) as Record<TenantStatus, number>;
  const byPlan = Object.fromEntries(PLAN_IDS.map((p) => [p, countTenants(tenants, p) - countTenants(tenants, p, "deleted")])) as Record<
    PlanId,
    number
  >;
  const mrrCents = tenants.mrrCents ?? 0;
  const overageCents = month.overageCents ?? 0;
  return {
    /** Tenants that exist for their members (soft-deleted ones are counted apart). */
    total: countTenants(tenants) - byStatus.deleted,
    byStatus,
    byPlan,
    billableStatuses: BILLABLE_STATUSES,
    mrrCents,
    /** Base fees of billable tenants plus this month's token overage so far. */
    revenueThisMonthCents: mrrCents + overageCents,
    overageCents,
    usageCostMicros: month.costMicros ?? 0,
    tokensThisMonth: month.tokens ?? 0,
    activeAgents: RUNNING.reduce((n, s) => n + (tenants[`portal/agents:${s}`] ?? 0), 0),
    nearQuota: tenants.nearQuota ?? 0,
  };
}
