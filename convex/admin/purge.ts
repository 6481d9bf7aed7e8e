/**
 * Hard delete by a platform admin. The deletion itself is the tenant
 * lifecycle's batch job (convex/portal/lifecycle.ts `hardDelete`: scheduled internal
 * mutations removing every tenant-owned row in bounded batches, the tenant row
 * last); this door checks the confirmation, the retention period and its
 * override, audits them, and makes the job due now.
 *
 * The purge also erases the tenant's own audit trail, so the entries written
 * here are platform-level (tenantId null, tenant named in target/after): the
 * record of who erased the tenant, and of any retention override, survives it.
 */
import { v } from "convex/values";
import { staffMutation } from "../lib/functions";
import { appError } from "../lib/errors";
import { audit } from "../lib/audit";
import { tenantX } from "./actions";
import { internal } from "../_generated/api";

export const hardDelete = staffMutation({
  args: { tenantId: v.id("tenants"), confirmSlug: v.string(), overrideRetention: v.boolean() },
  handler: async (ctx, args) => {
    const t = await tenantX(ctx.db, args.tenantId);
    if (t.status !== "deleted") throw appError("CONFLICT", `Soft-delete ${t.name} first; a hard delete only follows a soft delete.`);
    if (args.confirmSlug.trim() !== t.slug)
      throw appError("INVALID", `Type the tenant's slug (${t.slug}) exactly to confirm.`, "confirmSlug");
    const now = Date.now();
    const due = t.hardDeleteAt ?? now;
    const early = now < due;
    if (early && !args.overrideRetention) {
      throw appError(
        "INVALID",
        `The retention period runs until ${new Date(due).toISOString().slice(0, 10)}; tick the override to delete now.`,
        "overrideRetention",
      );
    }
    const subject = { tenantId: t._id, name: t.name, slug: t.slug, plan: t.plan };
    if (early) {
      await audit(ctx.db, {
        tenantId: null,
        actor: ctx.user,
        action: "tenant.retention_override",
        target: t.slug,
        before: { ...subject, hardDeleteAt: due },
        after: { hardDeleteAt: now },
      });
      await ctx.db.patch(t._id, { hardDeleteAt: now, updatedAt: now });
    }
    await audit(ctx.db, {
      tenantId: null,
      actor: ctx.user,
      action: "tenant.hard_delete_requested",
      target: t.slug,
      before: { ...subject, deletedAt: t.deletedAt },
      after: { retentionOverridden: early },
    });
    // Idempotent: a second request (or the one scheduled at soft delete) finds less or nothing to do.
    await ctx.scheduler.runAfter(0, internal.portal.lifecycle.hardDelete, { tenantId: t._id });
    return { retentionOverridden: early };
  },
});
