/**
 * Per-tenant counters, maintained in the same mutation as the change they
 * count, so dashboards and quota checks read one row instead of scanning.
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";

type Db = GenericDatabaseWriter<DataModel>;
export type CounterField = "agents" | "members" | "storageBytes" | "activeSessions";

export const monthOf = (at: number) => new Date(at).toISOString().slice(0, 7);

export async function getCounters(db: Db, tenantId: Id<"tenants">): Promise<Doc<"tenantCounters">> {
  const row = await db
    .query("tenantCounters")
    .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
    .unique();
  if (row) {
    // A new month starts the month-to-date figures (and soft-limit notices) from zero.
    if (row.month !== monthOf(Date.now())) {
      await db.patch(row._id, { month: monthOf(Date.now()), monthTokens: 0, monthCostMicros: 0, notified: [] });
      return (await db.get(row._id))!;
    }
    return row;
  }
  const id = await db.insert("tenantCounters", {
    tenantId,
    agents: 0,
    members: 0,
    storageBytes: 0,
    activeSessions: 0,
    month: monthOf(Date.now()),
    monthTokens: 0,
    monthCostMicros: 0,
    notified: [],
  });
  return (await db.get(id))!;
}

export async function bump(db: Db, tenantId: Id<"tenants">, field: CounterField, delta: number) {
  const row = await getCounters(db, tenantId);
  await db.patch(row._id, { [field]: Math.max(0, row[field] + delta) });
}
