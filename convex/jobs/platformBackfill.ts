/**
 * Brings the admin directory and platform sums up to date for data written
 * before they existed (or by a path that bypassed the triggers, such as a
 * test's raw `run`): walks every tenant in batches and syncs it. Each sync
 * applies only the difference, so running it again, or while tenants change,
 * leaves the sums exact. Per-day usage history is not rebuilt: it counts from
 * when the triggers first saw it.
 */
import { v } from "convex/values";
import { internalMutation, staffMutation } from "../lib/functions";
import { audit } from "../lib/audit";
import { syncCounters, syncTenant } from "../lib/platformStats";
import { internal } from "../_generated/api";

const BATCH = 200;

export const rebuild = staffMutation({
  args: {},
  handler: async (ctx) => {
    await audit(ctx.db, { tenantId: null, actor: ctx.user, action: "platform.rebuild_stats" });
    await ctx.scheduler.runAfter(0, internal.jobs.platformBackfill.step, { cursor: null });
  },
});

export const step = internalMutation({
  args: { cursor: v.union(v.string(), v.null()) },
  handler: async (ctx, { cursor }) => {
    const page = await ctx.db.query("tenants").paginate({ cursor, numItems: BATCH });
    for (const tenant of page.page) {
      await syncTenant(ctx.db, tenant._id, tenant);
      await syncCounters(
        ctx.db,
        tenant._id,
        await ctx.db
          .query("tenantCounters")
          .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
          .unique(),
      );
    }
    if (!page.isDone) await ctx.scheduler.runAfter(0, internal.jobs.platformBackfill.step, { cursor: page.continueCursor });
    return { synced: page.page.length, done: page.isDone };
  },
});
