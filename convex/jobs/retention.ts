/**
 * Retention (hourly): a tenant soft-deleted 30 days ago is erased.
 *
 * lifecycle.hardDelete removes its rows in bounded batches; this job makes
 * that happen even if the run scheduled at deletion time was lost, and owes
 * the outside world its share: the Stripe subscription is cancelled and the
 * Clerk organization deleted (cloud mode). What that needs is captured in
 * tenantPurges while the tenant row still exists, so it survives the hard
 * delete; the finished row is the minimal record that stays (with the audit
 * entry hardDelete writes). Every step is idempotent: re-running changes nothing.
 * The outside release runs in a work pool (./purgePool.ts): bounded
 * concurrency, retries with backoff, and its outcome back here in `finish`.
 */
import { v } from "convex/values";
import { vOnCompleteArgs } from "@convex-dev/workpool";
import { internalMutation, internalQuery } from "../lib/functions";
import { monthOf } from "../lib/counters";
import { DELETION_RETENTION_DAYS } from "../../lib/domain/plans";
import { TENANTS_PER_RUN, logJob } from "../lib/jobs";
import { DAY_MS } from "../../lib/domain/time";
import { internal } from "../_generated/api";
import type { Doc } from "../_generated/dataModel";
import { purgePool } from "./purgePool";
import { bucketsOfTenant, forgetBuckets } from "../lib/rateLimit";
import { forgetRateLimited } from "../lib/rateLimitHint";

/** API keys read for their rate-limit buckets when a tenant is erased (a workspace has a handful). */
const KEYS_PER_TENANT = 500;
const dueAt = (t: Doc<"tenants">) => t.hardDeleteAt ?? (t.deletedAt ?? t.statusSince) + DELETION_RETENTION_DAYS * DAY_MS;

/** Step 1: every deleted tenant has a purge row (a tenant deleted again after a restore gets its row re-armed). */
export const capture = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())) },
  handler: async (ctx, { cursor }) => {
    const now = Date.now();
    const page = await ctx.db
      .query("tenants")
      .withIndex("by_status", (q) => q.eq("status", "deleted"))
      .paginate({ cursor: cursor ?? null, numItems: TENANTS_PER_RUN });
    let captured = 0;
    for (const t of page.page) {
      const fields = {
        slug: t.slug,
        dueAt: dueAt(t),
        stripeSubscriptionId: t.stripeSubscriptionId,
        clerkOrgId: t.clerkOrgId,
        updatedAt: now,
      };
      const row = await ctx.db
        .query("tenantPurges")
        .withIndex("by_tenant", (q) => q.eq("tenantId", t._id))
        .unique();
      if (!row) await ctx.db.insert("tenantPurges", { tenantId: t._id, status: "pending", attempts: 0, ...fields });
      else if (row.status === "cancelled" || (row.status === "pending" && row.dueAt !== fields.dueAt))
        await ctx.db.patch(row._id, { ...fields, status: "pending" });
      else continue;
      captured++;
    }
    if (!page.isDone) await ctx.scheduler.runAfter(0, internal.jobs.retention.capture, { cursor: page.continueCursor });
    else await ctx.scheduler.runAfter(0, internal.jobs.retention.runDue, {});
    logJob("retention.capture", { deletedTenants: page.page.length, captured, more: !page.isDone });
    return { captured };
  },
});

/** Step 2: due purges: restored tenants are let go; the rest are hard-deleted and released outside. */
export const runDue = internalMutation({
  args: {},
  handler: async (ctx) => {
    const now = Date.now();
    const due = await ctx.db
      .query("tenantPurges")
      .withIndex("by_status_due", (q) => q.eq("status", "pending").lte("dueAt", now))
      .take(TENANTS_PER_RUN);
    const report = { cancelled: [] as string[], purging: [] as string[] };
    for (const purge of due) {
      const tenant = await ctx.db.get(purge.tenantId);
      if (tenant && tenant.status !== "deleted") {
        await ctx.db.patch(purge._id, { status: "cancelled", outcome: "restored before the retention ended", updatedAt: now });
        report.cancelled.push(purge.slug);
        continue;
      }
      if (tenant && dueAt(tenant) > now) {
        await ctx.db.patch(purge._id, { dueAt: dueAt(tenant), updatedAt: now });
        continue;
      }
      // Rows first (hardDelete continues itself until none are left; the rate-limit component's buckets here,
      // while the keys that name them still exist), then the outside world.
      if (tenant) {
        await forgetBuckets(ctx, await bucketsOfTenant(ctx.db, tenant, KEYS_PER_TENANT));
        await forgetRateLimited(ctx, tenant._id);
        await ctx.scheduler.runAfter(0, internal.portal.lifecycle.hardDelete, { tenantId: tenant._id });
      }
      await ctx.db.patch(purge._id, { status: "running", attempts: purge.attempts + 1, updatedAt: now });
      await purgePool.enqueueAction(
        ctx,
        internal.jobs.retentionExternal.release,
        { purgeId: purge._id },
        { onComplete: internal.jobs.retention.finish, context: { purgeId: purge._id } },
      );
      report.purging.push(purge.slug);
    }
    if (due.length === TENANTS_PER_RUN) await ctx.scheduler.runAfter(0, internal.jobs.retention.runDue, {});
    logJob("retention.runDue", { due: due.length, ...report });
    return report;
  },
});

/** Step 3 (the pool's onComplete): record the outcome; a release that failed every retry is reported to staff. */
export const finish = internalMutation({
  args: vOnCompleteArgs(v.object({ purgeId: v.id("tenantPurges") })),
  handler: async (ctx, { context: { purgeId }, result }) => {
    const purge = await ctx.db.get(purgeId);
    if (!purge || purge.status !== "running") return;
    const now = Date.now();
    // Cancelled in the pool (not by us today): due again at the next hourly run.
    if (result.kind === "canceled") return void (await ctx.db.patch(purgeId, { status: "pending", updatedAt: now }));
    const ok = result.kind === "success";
    const outcome = ok ? String(result.returnValue) : typeof result.errorData === "string" ? result.errorData : result.error;
    await ctx.db.patch(purgeId, { status: "done", outcome, updatedAt: now, stripeSubscriptionId: undefined, clerkOrgId: undefined });
    if (!ok)
      await ctx.db.insert("staffAlerts", {
        tenantId: purge.tenantId,
        kind: "purge_failed",
        period: monthOf(now),
        message: `Erasing ${purge.slug} left outside clean-up undone: ${outcome}`,
        details: { slug: purge.slug },
        createdAt: now,
      });
    logJob("retention.finish", { slug: purge.slug, ok, outcome });
  },
});

export const get = internalQuery({
  args: { purgeId: v.id("tenantPurges") },
  handler: (ctx, { purgeId }) => ctx.db.get(purgeId),
});
