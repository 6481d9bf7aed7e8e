/**
 * Deleting a workspace: soft first (status "deleted", members lose access at
 * once because the tenant door hides deleted tenants), restorable by an owner
 * for DELETION_RETENTION_DAYS (unless platform staff deleted it: then only
 * staff restore, see ./lib/deletion.ts), then hard-deleted by a scheduled job that
 * removes every tenant-owned row in bounded batches.
 */
import { v } from "convex/values";
import type { GenericDatabaseReader } from "convex/server";
import { internalMutation, tenantMutation, userMutation, userQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { audit } from "../lib/audit";
import { deletionScheduled } from "../notifications/send";
import { CLEARED_ON_RESTORE, deletionNotice } from "../lib/deletion";
import { anyTable, EXPORT_TABLES, tenantIndex } from "./exports";
import { holdDeletionDone, releaseDeletionDone } from "../notifications/farewell";
import { DELETION_RETENTION_DAYS } from "../../lib/domain/plans";
import { internal } from "../_generated/api";
import type { DataModel, Doc } from "../_generated/dataModel";
import { DAY_MS } from "../../lib/domain/time";

const RETENTION_MS = DELETION_RETENTION_DAYS * DAY_MS;
/** Rows removed per hard-delete run; the job reschedules itself until nothing is left. */
const HARD_DELETE_BATCH = 2000;

export const remove = tenantMutation({
  args: { confirmSlug: v.string() },
  permission: "tenant.delete",
  // An owner may delete a suspended or past-due workspace too.
  allowWhenRestricted: true,
  handler: async (ctx, { confirmSlug }) => {
    const tenant = ctx.tenant;
    if (confirmSlug !== tenant.slug)
      throw appError("INVALID", `Type the workspace's URL name (${tenant.slug}) exactly to confirm.`, "confirmSlug");
    const now = Date.now();
    const hardDeleteAt = now + RETENTION_MS;
    await ctx.db.patch(tenant._id, {
      status: "deleted",
      restoreStatus: tenant.status,
      statusSince: now,
      deletedAt: now,
      hardDeleteAt,
      deletedBy: "owner",
      updatedAt: now,
    });
    await ctx.scheduler.runAt(hardDeleteAt, internal.portal.lifecycle.hardDelete, { tenantId: tenant._id });
    await audit(ctx.db, {
      tenantId: tenant._id,
      actor: ctx.user,
      action: "tenant.delete",
      before: { status: tenant.status },
      after: { status: "deleted", hardDeleteAt },
    });
    await deletionScheduled(ctx.db, { ...tenant, status: "deleted", hardDeleteAt }, hardDeleteAt, "owner");
    return { hardDeleteAt };
  },
});

async function ownedDeleted(db: GenericDatabaseReader<DataModel>, user: Doc<"users">) {
  const memberships = await db
    .query("memberships")
    .withIndex("by_user", (q) => q.eq("userId", user._id))
    .take(200);
  const out: Doc<"tenants">[] = [];
  for (const m of memberships) {
    if (m.role !== "owner") continue;
    const tenant = await db.get(m.tenantId);
    if (tenant?.status === "deleted") out.push(tenant);
  }
  return out;
}

/**
 * Workspaces the caller owns that are waiting for hard deletion (only owners may
 * see or restore them); one the platform removed says so, why, and whom to contact.
 */
export const deletedForMe = userQuery({
  args: {},
  handler: async (ctx) =>
    (await ownedDeleted(ctx.db, ctx.user)).map((t) => ({
      _id: t._id,
      name: t.name,
      slug: t.slug,
      deletedAt: t.deletedAt ?? t.statusSince,
      hardDeleteAt: t.hardDeleteAt ?? null,
      ...deletionNotice(t),
    })),
});

export const restore = userMutation({
  args: { slug: v.string() },
  handler: async (ctx, { slug }) => {
    const tenant = (await ownedDeleted(ctx.db, ctx.user)).find((t) => t.slug === slug);
    if (!tenant) throw appError("NOT_FOUND", "No deleted workspace of yours has that URL name.");
    const notice = deletionNotice(tenant);
    if (!notice.restorable) {
      throw appError(
        "FORBIDDEN",
        `${tenant.name} was removed by the platform${notice.reason ? ` (${notice.reason})` : ""}; only platform staff can restore it. Contact ${notice.contact}.`,
      );
    }
    if (tenant.hardDeleteAt !== undefined && tenant.hardDeleteAt <= Date.now())
      throw appError("CONFLICT", "The retention window has ended; this workspace can no longer be restored.");
    const status = tenant.restoreStatus ?? "active";
    const now = Date.now();
    await ctx.db.patch(tenant._id, { status, statusSince: now, ...CLEARED_ON_RESTORE, updatedAt: now });
    await audit(ctx.db, {
      tenantId: tenant._id,
      actor: ctx.user,
      action: "tenant.restore",
      before: { status: "deleted" },
      after: { status },
    });
    return { slug: tenant.slug };
  },
});

/** Removes a deleted tenant's rows in batches; a restored tenant (or one not yet due) is left alone. */
export const hardDelete = internalMutation({
  args: { tenantId: v.id("tenants") },
  handler: async (ctx, { tenantId }) => {
    const tenant = await ctx.db.get(tenantId);
    if (!tenant || tenant.status !== "deleted" || (tenant.hardDeleteAt ?? Infinity) > Date.now()) return { done: false, removed: 0 };
    // The owners' addresses, before the first batch erases their memberships.
    await holdDeletionDone(ctx.db, tenant);
    let removed = 0;
    for (const table of EXPORT_TABLES) {
      const rows = await anyTable(ctx.db, table)
        .withIndex(tenantIndex(table), (q) => q.eq("tenantId", tenantId))
        .take(HARD_DELETE_BATCH - removed);
      for (const row of rows) await ctx.db.delete(row._id as never);
      removed += rows.length;
      if (removed >= HARD_DELETE_BATCH) {
        await ctx.scheduler.runAfter(0, internal.portal.lifecycle.hardDelete, { tenantId });
        return { done: false, removed };
      }
    }
    await ctx.db.delete(tenantId);
    await releaseDeletionDone(ctx.db, tenantId);
    // A platform-level record survives: which tenant was erased, and when.
    await audit(ctx.db, {
      tenantId: null,
      actor: null,
      action: "tenant.hard_delete",
      target: tenant.slug,
      before: { tenantId, name: tenant.name },
    });
    return { done: true, removed };
  },
});
