/**
 * Tables for: moving a tenant between deployments (issue 20, the move engine in
 * convex/platform/moveData.ts and lib/server/scaling/move/). Each deployment that
 * takes part holds some of them: the control plane the workflow (`tenantMoves`),
 * the target the id map (`moveIdMap`, `moveIdBatches`), the source the change log and the flags.
 * All are platform tables (convex/lib/tables.ts): move machinery, never moved or exported.
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";

/**
 * Where one copied page of a bulk table lies on the source: written by moveData:apply with
 * the page's rows (its `bulk` argument) and kept in moveIdBatches.
 */
export const bulkPageFields = {
  table: v.string(),
  seq: v.number(),
  start: v.union(v.string(), v.null()),
  end: v.union(v.string(), v.null()),
  /**
   * The source cursor the whole page ends at, in every piece of a page split in two (also
   * before its last piece is in): a resumed copy reads exactly this page again, whose pieces
   * its rows are skipped by. Absent in batches written before it existed.
   */
  pageEnd: v.optional(v.union(v.string(), v.null())),
  done: v.boolean(),
};

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
    .index("by_move_target", ["tenantId", "moveId", "targetId"])
    // A bulk page reads its table's few entries at once (convex/platform/moveData.ts's apply).
    .index("by_move_table", ["tenantId", "moveId", "table"]),

  /**
   * On a move's target: the id map of one copied page of a table no moved row refers to
   * (convex/platform/moveIds.ts's bulkPlan), one document per page instead of one per row:
   * pairs by position in sourceIds/targetIds. It also says how far the copy of that table
   * got on the target itself, written with the rows: `end` is the source cursor after the
   * page (null: only part of the page is in yet, `start` is where it began), `done` the
   * table's last page. Rows of such a table changed during the move are looked up here by
   * the runner (bulkFind) and then mapped in moveIdMap like any other.
   */
  moveIdBatches: defineTable({
    tenantId: v.id("tenants"),
    moveId: v.string(),
    ...bulkPageFields,
    sourceIds: v.array(v.string()),
    targetIds: v.array(v.string()),
  }).index("by_move_table", ["tenantId", "moveId", "table", "seq"]),

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
