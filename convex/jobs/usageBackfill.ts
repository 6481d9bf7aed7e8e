/**
 * Builds the per-day usage summaries (lib/usageDays.ts) of days whose rollups
 * were written before the summaries existed. Walks the rollups a page at a
 * time, scheduling itself until the end; a day that already has a summary is
 * left alone, so it is safe to run again, or beside live usage (a day written
 * after the upgrade built its own summary from its rollups).
 */
import { v } from "convex/values";
import { internalMutation } from "../lib/functions";
import { backfillDay } from "../lib/usageDays";
import { internal } from "../_generated/api";

// Each newly built day reads that day's rollups: small pages keep a step far inside Convex's read limits.
const PAGE = 50;

export const run = internalMutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, internal.jobs.usageBackfill.step, { cursor: null });
  },
});

export const step = internalMutation({
  args: { cursor: v.union(v.string(), v.null()) },
  handler: async (ctx, { cursor }) => {
    const page = await ctx.db.query("usageRollups").paginate({ cursor, numItems: PAGE });
    const days = new Map(page.page.map((r) => [`${r.tenantId}|${r.day}`, r]));
    let built = 0;
    for (const r of days.values()) if (await backfillDay(ctx.db, r.tenantId, r.day)) built++;
    if (!page.isDone) await ctx.scheduler.runAfter(0, internal.jobs.usageBackfill.step, { cursor: page.continueCursor });
    return { built, done: page.isDone };
  },
});
