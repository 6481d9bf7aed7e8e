/**
 * Data changes and backfills, run by @convex-dev/migrations: each walks one
 * table a batch per transaction, records its cursor and progress in the
 * component, resumes where it stopped after a failure or restart, and is a
 * no-op once done. `npm start` (scripts/start.ts) and, on a deployment,
 * `npx convex run jobs/migrations:run` start every pending one;
 * `jobs/migrations:status` reports them.
 *
 * Each migration touches one document of one tenant at a time and writes only
 * that tenant's rows (or the platform row about it): the component stores
 * names and cursors, never a tenant's data.
 */
import { Migrations, type MigrationFunctionReference } from "@convex-dev/migrations";
import { getFunctionName } from "convex/server";
import { v } from "convex/values";
import { internalMutation, internalQuery } from "../lib/functions";
import { backfillDay } from "../lib/usageDays";
import { syncCounters, syncTenant } from "../lib/platformStats";
import { MAIN_PLACEMENT } from "../../lib/domain/placement";
import { components, internal } from "../_generated/api";
import type { DataModel } from "../_generated/dataModel";

// Our internalMutation runs the platform triggers, so a migration's writes keep the admin sums in step.
export const migrations = new Migrations<DataModel>(components.migrations, { internalMutation });

/**
 * Per-day usage summaries (lib/usageDays.ts) for days whose rollups were written
 * before the summaries existed. A day that has one is left alone, so it is safe
 * beside live usage. Each newly built day reads that day's rollups: small batches.
 */
export const usageDays = migrations.define({
  table: "usageRollups",
  batchSize: 50,
  migrateOne: async (ctx, rollup) => {
    await backfillDay(ctx.db, rollup.tenantId, rollup.day);
  },
});

/**
 * The admin directory and platform sums for data written before they existed
 * (or by a path that bypassed the triggers). Each sync applies only the
 * difference, so running it again, or while tenants change, leaves the sums
 * exact. Per-day usage history is not rebuilt: it counts from when the
 * triggers first saw it.
 */
export const platformStats = migrations.define({
  table: "tenants",
  batchSize: 200,
  migrateOne: async (ctx, tenant) => {
    await syncTenant(ctx.db, tenant._id, tenant);
    const counters = await ctx.db
      .query("tenantCounters")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
      .unique();
    await syncCounters(ctx.db, tenant._id, counters);
  },
});

/**
 * The hand-written token buckets' rows (`rateBuckets`), left behind when the API
 * rate limits moved to @convex-dev/rate-limiter (convex/lib/rateLimit.ts):
 * nothing reads them, and an empty table can leave the schema.
 */
export const clearRateBuckets = migrations.define({
  table: "rateBuckets",
  migrateOne: async (ctx, bucket) => {
    await ctx.db.delete(bucket._id);
  },
});

/**
 * Every tenant gets a `placement` (shard "main": the control plane, where all
 * data lives until routing exists) at version 1, and loses the unused
 * `deployment` field it replaces. A tenant already placed keeps its placement.
 */
export const placement = migrations.define({
  table: "tenants",
  batchSize: 200,
  migrateOne: async (ctx, tenant) => {
    if (tenant.placement !== undefined && tenant.deployment === undefined) return;
    await ctx.db.patch(tenant._id, {
      ...(tenant.placement === undefined ? { placement: MAIN_PLACEMENT, placementVersion: 1 } : {}),
      deployment: undefined,
    });
  },
});

/** Every upgrade migration, in order. A new data change is added at the end. */
const UPGRADE: MigrationFunctionReference[] = [
  internal.jobs.migrations.usageDays,
  internal.jobs.migrations.platformStats,
  internal.jobs.migrations.clearRateBuckets,
  internal.jobs.migrations.placement,
  internal.workspace.migrations.embeddingsToTable,
  internal.workspace.migrations.vectorTenant,
];

/** The upgrade step: starts the pending migrations one after another (done ones are skipped). */
export const run = internalMutation({
  args: {},
  handler: async (ctx) => {
    await migrations.runSerially(ctx, UPGRADE);
  },
});

/** Progress of every upgrade migration, in UPGRADE order (what `npm start` prints while they run). */
export const status = internalQuery({
  args: {},
  returns: v.array(
    v.object({ name: v.string(), state: v.string(), processed: v.number(), isDone: v.boolean(), error: v.optional(v.string()) }),
  ),
  handler: async (ctx) => {
    const order = UPGRADE.map((m) => getFunctionName(m));
    const statuses = await migrations.getStatus(ctx, { migrations: UPGRADE });
    return statuses
      .map(({ name, state, processed, isDone, error }) => ({ name, state, processed, isDone, ...(error ? { error } : {}) }))
      .sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  },
});
