/**
 * What platform admins do to a tenant: suspend and reactivate, change plan,
 * set quota overrides, soft delete and restore. Admin only (staffMutation:
 * support gets FORBIDDEN); each checks its input before writing anything and
 * leaves one audit entry with the actor, before and after. The directory and
 * platform counters follow through the triggers (convex/lib/platformStats.ts).
 */
import { v } from "convex/values";
import { staffMutation } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { audit } from "../lib/audit";
import { deletionScheduled } from "../notifications/send";
import { emitWebhook } from "../notifications/webhookEvents";
import { getCounters } from "../lib/counters";
import { quotasOf } from "../lib/quotas";
import { planValidator, quotaOverridesValidator } from "../schema";
import { DELETION_RETENTION_DAYS, PLANS, QUOTA_KEYS } from "../../lib/domain/plans";
import { reasonProblem } from "../../lib/domain/validation";
import { refuse } from "../lib/slugs";
import { CLEARED_ON_RESTORE, deletedBy } from "../lib/deletion";
import { internal } from "../_generated/api";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import type { GenericDatabaseReader } from "convex/server";
import { DAY_MS } from "../../lib/domain/time";

/** The largest override accepted: far above any plan, well inside safe integers. */
const MAX_QUOTA = 1e15;

export async function tenantX(db: GenericDatabaseReader<DataModel>, tenantId: Id<"tenants">): Promise<Doc<"tenants">> {
  const tenant = await db.get(tenantId);
  if (!tenant) throw notFound("No such tenant (it may have been hard-deleted).");
  return tenant;
}

function reasonX(reason: string): string {
  refuse(reasonProblem(reason), "reason");
  return reason.trim();
}

function notDeleted(t: Doc<"tenants">, doing: string) {
  if (t.status === "deleted") throw appError("CONFLICT", `${t.name} is deleted; restore it before you ${doing}.`);
}

/** Where a tenant goes back to when nothing else says: trial while its trial runs and nothing is paid, else active. */
const resumeStatus = (t: Doc<"tenants">, now: number) =>
  !t.stripeSubscriptionId && t.trialEndsAt && t.trialEndsAt > now ? "trial" : "active";

export const suspend = staffMutation({
  args: { tenantId: v.id("tenants"), reason: v.string() },
  handler: async (ctx, args) => {
    const t = await tenantX(ctx.db, args.tenantId);
    const reason = reasonX(args.reason);
    notDeleted(t, "suspend it");
    if (t.status === "suspended") throw appError("CONFLICT", `${t.name} is already suspended.`);
    const now = Date.now();
    await ctx.db.patch(t._id, { status: "suspended", statusSince: now, updatedAt: now });
    await audit(ctx.db, {
      tenantId: t._id,
      actor: ctx.user,
      action: "tenant.suspend",
      target: t.slug,
      before: { status: t.status },
      after: { status: "suspended", reason },
    });
  },
});

export const reactivate = staffMutation({
  args: { tenantId: v.id("tenants") },
  handler: async (ctx, args) => {
    const t = await tenantX(ctx.db, args.tenantId);
    if (t.status !== "suspended") throw appError("CONFLICT", `${t.name} is not suspended (it is ${t.status.replace("_", " ")}).`);
    const now = Date.now();
    const status = resumeStatus(t, now);
    await ctx.db.patch(t._id, { status, statusSince: now, updatedAt: now });
    await audit(ctx.db, {
      tenantId: t._id,
      actor: ctx.user,
      action: "tenant.reactivate",
      target: t.slug,
      before: { status: t.status },
      after: { status },
    });
  },
});

export const changePlan = staffMutation({
  args: { tenantId: v.id("tenants"), plan: planValidator },
  handler: async (ctx, args) => {
    const t = await tenantX(ctx.db, args.tenantId);
    notDeleted(t, "change its plan");
    if (t.plan === args.plan) throw appError("INVALID", `${t.name} is already on ${PLANS[args.plan].name}.`, "plan");
    const next = { ...t, plan: args.plan };
    const agents = (await getCounters(ctx.db, t._id)).agents;
    const limit = quotasOf(next).agents;
    if (limit !== null && agents > limit) {
      throw appError(
        "INVALID",
        `${t.name} has ${agents} agents and ${PLANS[args.plan].name} allows ${limit}. Remove agents or set an agent quota override first.`,
        "plan",
      );
    }
    await ctx.db.patch(t._id, { plan: args.plan, updatedAt: Date.now() });
    if (args.plan !== t.plan) await emitWebhook(ctx.db, t, "plan.changed", { from: t.plan, to: args.plan, by: "staff" });
    await audit(ctx.db, {
      tenantId: t._id,
      actor: ctx.user,
      action: "tenant.change_plan",
      target: t.slug,
      before: { plan: t.plan, quotas: quotasOf(t) },
      after: { plan: args.plan, quotas: quotasOf(next) },
    });
  },
});

/** Checked quota overrides (also used by admin/provision:create): whole numbers in range, or null for unlimited. */
export function overridesX(input: NonNullable<Doc<"tenants">["quotaOverrides"]>): NonNullable<Doc<"tenants">["quotaOverrides"]> {
  const overrides: NonNullable<Doc<"tenants">["quotaOverrides"]> = {};
  for (const key of QUOTA_KEYS) {
    const value = input[key];
    if (value === undefined) continue;
    if (value !== null && (!Number.isInteger(value) || value < 0 || value > MAX_QUOTA)) {
      throw appError(
        "INVALID",
        `The ${key} override must be a whole number from 0 to ${MAX_QUOTA.toExponential()} (or unlimited).`,
        `overrides.${key}`,
      );
    }
    overrides[key] = value;
  }
  return overrides;
}

/** Replaces the tenant's overrides: a number overrides, null means unlimited, an absent key uses the plan's quota. */
export const setQuotaOverrides = staffMutation({
  args: { tenantId: v.id("tenants"), overrides: quotaOverridesValidator },
  handler: async (ctx, args) => {
    const t = await tenantX(ctx.db, args.tenantId);
    notDeleted(t, "change its quotas");
    const overrides = overridesX(args.overrides);
    await ctx.db.patch(t._id, { quotaOverrides: overrides, updatedAt: Date.now() });
    await audit(ctx.db, {
      tenantId: t._id,
      actor: ctx.user,
      action: "tenant.quota_overrides",
      target: t.slug,
      before: { overrides: t.quotaOverrides ?? {}, quotas: quotasOf(t) },
      after: { overrides, quotas: quotasOf({ ...t, quotaOverrides: overrides }) },
    });
  },
});

/**
 * A platform deletion: only staff can restore it (./lib/deletion.ts). A workspace
 * its owner already deleted becomes a platform deletion too (same erase date),
 * so an owner cannot dodge a takedown by deleting first and restoring later.
 */
export const softDelete = staffMutation({
  args: { tenantId: v.id("tenants"), reason: v.string() },
  handler: async (ctx, args) => {
    const t = await tenantX(ctx.db, args.tenantId);
    const reason = reasonX(args.reason);
    if (t.status === "deleted" && deletedBy(t) === "staff") throw appError("CONFLICT", `${t.name} is already deleted.`);
    const now = Date.now();
    if (t.status === "deleted") {
      await ctx.db.patch(t._id, { deletedBy: "staff", deletionReason: reason, updatedAt: now });
      await audit(ctx.db, {
        tenantId: t._id,
        actor: ctx.user,
        action: "tenant.soft_delete",
        target: t.slug,
        before: { status: t.status, deletedBy: "owner" },
        after: { deletedBy: "staff", reason },
      });
      return;
    }
    const after = {
      status: "deleted" as const,
      statusSince: now,
      deletedAt: now,
      hardDeleteAt: now + DELETION_RETENTION_DAYS * DAY_MS,
      restoreStatus: t.status,
    };
    await ctx.db.patch(t._id, { ...after, deletedBy: "staff", deletionReason: reason, updatedAt: now });
    // The lifecycle's retention job: runs at hardDeleteAt and does nothing if the tenant was restored.
    await ctx.scheduler.runAt(after.hardDeleteAt, internal.portal.lifecycle.hardDelete, { tenantId: t._id });
    await audit(ctx.db, {
      tenantId: t._id,
      actor: ctx.user,
      action: "tenant.soft_delete",
      target: t.slug,
      before: { status: t.status },
      after: { ...after, deletedBy: "staff", reason },
    });
    await deletionScheduled(ctx.db, { ...t, ...after }, after.hardDeleteAt, "staff");
  },
});

export const restore = staffMutation({
  args: { tenantId: v.id("tenants") },
  handler: async (ctx, args) => {
    const t = await tenantX(ctx.db, args.tenantId);
    if (t.status !== "deleted") throw appError("CONFLICT", `${t.name} is not deleted.`);
    const now = Date.now();
    if (t.hardDeleteAt !== undefined && t.hardDeleteAt <= now)
      throw appError("CONFLICT", `${t.name} is being hard-deleted; it can no longer be restored.`);
    // A suspended or past-due tenant comes back as it was; nothing is revived by deleting and restoring.
    const status = t.restoreStatus && t.restoreStatus !== "deleted" ? t.restoreStatus : resumeStatus(t, now);
    await ctx.db.patch(t._id, { status, statusSince: now, ...CLEARED_ON_RESTORE, updatedAt: now });
    await audit(ctx.db, {
      tenantId: t._id,
      actor: ctx.user,
      action: "tenant.restore",
      target: t.slug,
      before: { status: t.status, deletedAt: t.deletedAt, deletedBy: deletedBy(t) },
      after: { status },
    });
  },
});
