/**
 * Tables for: platform figures across deployments (issue 20, convex/platform/rollupReports.ts).
 * A placement (a shard or a dedicated deployment) keeps `rollupReporter` and `rollupOutbox`;
 * the control plane keeps `rollupTenants`, `rollupDays` and `rollupPulls`. All are platform
 * tables (convex/lib/tables.ts): reporting machinery, never moved or exported.
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";

/** A day's figures as the platform sums count them (`day:` keys in platformCounters). */
export const dayFigures = v.object({ calls: v.number(), errors: v.number(), tokens: v.number(), costMicros: v.number() });

export const rollupTables = {
  /**
   * On a placement: present once the control plane has asked it for reports (its name in the
   * registry). Until then nothing is marked, so the control plane itself, which is never asked,
   * pays one read per write transaction and no write.
   */
  rollupReporter: defineTable({ name: v.string(), since: v.number() }),

  /**
   * On a placement: one row per tenant whose rollups changed. `seq` grows with every write
   * transaction that changes the tenant's counters or usage days; the control plane acknowledges
   * the seq it folded (`reportedSeq`) and the row stops being pending only if nothing changed since.
   * `days`: the usage days changed since the last acknowledged report (`overflow`: too many to
   * list; the control plane then asks for every day).
   */
  rollupOutbox: defineTable({
    tenantId: v.id("tenants"),
    seq: v.number(),
    reportedSeq: v.number(),
    pending: v.boolean(),
    /** The oldest change not yet acknowledged (the console's lag). */
    changedAt: v.number(),
    days: v.array(v.string()),
    overflow: v.boolean(),
  })
    .index("by_tenant", ["tenantId"])
    .index("by_pending", ["pending", "changedAt"]),

  /**
   * On the control plane: for a tenant that has been placed off the control plane, where its
   * figures come from (`deployment`) and the last report folded (`seq`, that deployment's
   * sequence). `full`: every day must be reported again (after a placement change), from the
   * day after `fullAfter`. `settle`: back on the control plane, its reported days still to be
   * replaced by the local ones.
   */
  rollupTenants: defineTable({
    tenantId: v.id("tenants"),
    deployment: v.string(),
    seq: v.number(),
    full: v.boolean(),
    fullAfter: v.union(v.string(), v.null()),
    settle: v.boolean(),
    appliedAt: v.union(v.number(), v.null()),
    /** Members, as last reported (the directory's users column once the control plane has no counters row for the tenant). */
    members: v.optional(v.number()),
  })
    .index("by_tenant", ["tenantId"])
    .index("by_deployment_full", ["deployment", "full"])
    .index("by_settle", ["settle"]),

  /**
   * On the control plane: what the `day:` sums count for a tenant's day while its figures come
   * from another deployment (the last report, or what the control plane counted before it left).
   */
  rollupDays: defineTable({ tenantId: v.id("tenants"), day: v.string(), figures: dayFigures }).index("by_tenant_day", ["tenantId", "day"]),

  /** On the control plane: the last report pull from each deployment (the console's lag column). */
  rollupPulls: defineTable({
    deployment: v.string(),
    lastAttemptAt: v.number(),
    lastOkAt: v.union(v.number(), v.null()),
    /** Every change made on the deployment before this time is in the control plane's figures. */
    asOf: v.union(v.number(), v.null()),
    pending: v.number(),
    /** Reports folded since the row was created (applied, not dropped). */
    applied: v.number(),
    dropped: v.number(),
    lastError: v.union(v.string(), v.null()),
  }).index("by_deployment", ["deployment"]),
};
