/**
 * Reading the registry: a tenant's placement and the deployments it may point
 * at. Shared by the registry's functions (./registry.ts) and the move engine.
 * No registered functions here.
 */
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc } from "../_generated/dataModel";
import { MAIN_PLACEMENT, MAIN_SHARD, type Placement } from "../../lib/domain/placement";

type Db = GenericDatabaseReader<DataModel>;

/** A tenant's placement and its version. Rows the placement migration has not reached yet live on main, at version 0. */
export function placementOf(tenant: Doc<"tenants">): { placement: Placement; version: number } {
  return { placement: tenant.placement ?? MAIN_PLACEMENT, version: tenant.placementVersion ?? 0 };
}

export async function deploymentByName(db: Db, name: string): Promise<Doc<"deployments"> | null> {
  return await db
    .query("deployments")
    .withIndex("by_name", (q) => q.eq("name", name))
    .unique();
}

/** Counting stops here: the registry's list reads at most this many tenants per deployment (a query may read 32,000 documents in all). */
export const COUNT_CAP = 2_000;

/**
 * Tenants placed on a deployment, counted up to COUNT_CAP (`capped` past it).
 * Exact counts for larger shards need a maintained counter, like the platform
 * sums; not built yet (docs/scaling.md).
 */
export async function tenantsOn(db: Db, name: string, kind: Doc<"deployments">["kind"]): Promise<{ count: number; capped: boolean }> {
  const rows =
    kind === "shared"
      ? await db
          .query("tenants")
          .withIndex("by_placement_shard", (q) => q.eq("placement.shard", name))
          .take(COUNT_CAP + 1)
      : await db
          .query("tenants")
          .withIndex("by_placement_deployment", (q) => q.eq("placement.deployment", name))
          .take(COUNT_CAP + 1);
  let count = Math.min(rows.length, COUNT_CAP);
  // Rows not yet migrated have no placement but live on main.
  if (name === MAIN_SHARD && kind === "shared" && count < COUNT_CAP) {
    const unplaced = await db
      .query("tenants")
      .withIndex("by_placement_shard", (q) => q.eq("placement.shard", undefined))
      .take(COUNT_CAP + 1);
    count = Math.min(count + unplaced.filter((t) => t.placement === undefined).length, COUNT_CAP);
  }
  return { count, capped: rows.length > COUNT_CAP || count >= COUNT_CAP };
}
