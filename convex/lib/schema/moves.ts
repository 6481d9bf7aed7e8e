/**
 * Tables for: moving a tenant between deployments (issue 20, the move engine in
 * convex/platform/moveData.ts and lib/server/scaling/move/). Each deployment that
 * takes part holds some of them: the control plane the workflow (`tenantMoves`),
 * the target the id map (`moveIdMap`), the source the change log and the flags.
 * All are platform tables (convex/lib/tables.ts): move machinery, never moved or exported.
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";

export const moveTables = {
  /**
   * One tenant move on the control plane: where it is, saved after each batch so a
   * runner killed at any point resumes from here (`state` is the runner's cursor,
   * lib/server/scaling/move/runner.ts owns its shape).
   */
  tenantMoves: defineTable({
    tenantId: v.id("tenants"),
    slug: v.string(),
    /** lib/domain/placement.ts's Placement, from and to (formatted: "shared:main", "dedicated:acme"). */
    from: v.string(),
    to: v.string(),
    sourceUrl: v.string(),
    targetUrl: v.string(),
    phase: v.string(),
    status: v.union(v.literal("running"), v.literal("failed"), v.literal("switched"), v.literal("done"), v.literal("reversed")),
    state: v.any(),
    error: v.optional(v.string()),
    /** The move this one undoes (a reverse). */
    reverseOf: v.optional(v.id("tenantMoves")),
    startedAt: v.number(),
    updatedAt: v.number(),
  }).index("by_tenant", ["tenantId", "startedAt"]),

  /** On a move's target: which target row each source row became (Convex ids cannot be chosen). */
  moveIdMap: defineTable({
    tenantId: v.id("tenants"),
    moveId: v.string(),
    table: v.string(),
    sourceId: v.string(),
    targetId: v.string(),
  })
    .index("by_move_source", ["tenantId", "moveId", "sourceId"])
    .index("by_move_target", ["tenantId", "moveId", "targetId"]),

  /** On a move's source: the tenant rows written since logging began; the catch-up copies and then deletes them. */
  moveChangelog: defineTable({ tenantId: v.id("tenants"), table: v.string(), docId: v.string() }).index("by_tenant", ["tenantId"]),

  /**
   * A tenant being moved on this deployment: `logging` records its writes in
   * moveChangelog, `frozen` refuses them (TENANT_MOVING). Absent for every tenant
   * not being moved, and the table empty when no move runs, which is what keeps
   * the write path at one extra read (convex/lib/moveHook.ts).
   */
  tenantMoveFlags: defineTable({
    tenantId: v.id("tenants"),
    moveId: v.string(),
    logging: v.boolean(),
    frozen: v.boolean(),
    updatedAt: v.number(),
  }).index("by_tenant", ["tenantId"]),
};
