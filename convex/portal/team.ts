/**
 * The Team page: members and their roles. A workspace always keeps at least
 * one owner: the last owner can neither leave, be demoted nor be removed
 * (checked inside the mutation, so two owners demoting each other at once
 * cannot both succeed: Convex mutations are serializable).
 */
import { v } from "convex/values";
import type { GenericDatabaseReader } from "convex/server";
import { tenantMutation, tenantQuery } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { bump } from "../lib/counters";
import { audit } from "../lib/audit";
import { emitWebhook } from "../notifications/webhookEvents";
import { roleValidator } from "../schema";
import { mayManage } from "../../lib/domain/permissions";
import type { DataModel, Doc, Id } from "../_generated/dataModel";

type Reader = GenericDatabaseReader<DataModel>;
const LAST_OWNER = "A workspace needs at least one owner. Make someone else an owner first.";

async function ownerCount(db: Reader, tenantId: Id<"tenants">) {
  // Owners are few; the index range stops at the role.
  return (
    await db
      .query("memberships")
      .withIndex("by_tenant_role", (q) => q.eq("tenantId", tenantId).eq("role", "owner"))
      .take(2)
  ).length;
}

async function membershipX(db: Reader, tenantId: Id<"tenants">, membershipId: Id<"memberships">) {
  const m = await db.get(membershipId);
  if (!m || m.tenantId !== tenantId) throw notFound("That member is not in this workspace.");
  return m;
}

/** Admins manage everyone but owners; only an owner may grant, change or remove the owner role. */
function assertMayManage(actorRole: Doc<"memberships">["role"], target: Doc<"memberships">, nextRole?: Doc<"memberships">["role"]) {
  if (!mayManage(actorRole, target.role) || (nextRole && !mayManage(actorRole, nextRole))) {
    throw appError("FORBIDDEN", "Only an owner can change or remove an owner, or make someone an owner.", "role");
  }
}

export const members = tenantQuery({
  args: {},
  permission: "team.read",
  handler: async (ctx) => {
    const rows = await ctx.db
      .query("memberships")
      .withIndex("by_tenant_user", (q) => q.eq("tenantId", ctx.tenant._id))
      .collect();
    const out = [];
    for (const m of rows) {
      const user = await ctx.db.get(m.userId);
      out.push({
        _id: m._id,
        userId: m.userId,
        role: m.role,
        joinedAt: m.createdAt,
        name: user?.name ?? "Unknown user",
        email: user?.email ?? "",
        isYou: m.userId === ctx.user._id,
      });
    }
    const rank = { owner: 0, admin: 1, member: 2, viewer: 3 } as const;
    return out.sort((a, b) => rank[a.role] - rank[b.role] || a.name.localeCompare(b.name));
  },
});

export const changeRole = tenantMutation({
  args: { membershipId: v.id("memberships"), role: roleValidator },
  permission: "team.manage",
  handler: async (ctx, { membershipId, role }) => {
    const target = await membershipX(ctx.db, ctx.tenant._id, membershipId);
    assertMayManage(ctx.member.role, target, role);
    if (target.role === role) return;
    if (target.role === "owner" && (await ownerCount(ctx.db, ctx.tenant._id)) < 2) throw appError("CONFLICT", LAST_OWNER, "role");
    await ctx.db.patch(membershipId, { role });
    await audit(ctx.db, {
      tenantId: ctx.tenant._id,
      actor: ctx.user,
      action: "member.role_change",
      target: target.userId,
      before: { role: target.role },
      after: { role },
    });
  },
});

export const remove = tenantMutation({
  args: { membershipId: v.id("memberships") },
  permission: "team.manage",
  handler: async (ctx, { membershipId }) => {
    const target = await membershipX(ctx.db, ctx.tenant._id, membershipId);
    assertMayManage(ctx.member.role, target);
    if (target.role === "owner" && (await ownerCount(ctx.db, ctx.tenant._id)) < 2) throw appError("CONFLICT", LAST_OWNER);
    // Read while still a member: once the membership is gone the user is no longer this tenant's to read.
    const member = await ctx.db.get(target.userId);
    await ctx.db.delete(membershipId);
    await bump(ctx.db, ctx.tenant._id, "members", -1);
    await audit(ctx.db, {
      tenantId: ctx.tenant._id,
      actor: ctx.user,
      action: "member.remove",
      target: target.userId,
      before: { role: target.role },
    });
    await emitWebhook(ctx.db, ctx.tenant, "member.left", { email: member?.email ?? null, role: target.role, how: "removed" });
  },
});

/** Leave the workspace yourself (any role; the last owner must hand over first). */
export const leave = tenantMutation({
  args: {},
  permission: "tenant.read",
  // Leaving a suspended or past-due workspace is still allowed.
  allowWhenRestricted: true,
  handler: async (ctx) => {
    const mine = await ctx.db
      .query("memberships")
      .withIndex("by_tenant_user", (q) => q.eq("tenantId", ctx.tenant._id).eq("userId", ctx.user._id))
      .unique();
    if (!mine) throw appError("INVALID", "You are not a member of this workspace.");
    if (mine.role === "owner" && (await ownerCount(ctx.db, ctx.tenant._id)) < 2) throw appError("CONFLICT", LAST_OWNER);
    await ctx.db.delete(mine._id);
    await bump(ctx.db, ctx.tenant._id, "members", -1);
    await audit(ctx.db, {
      tenantId: ctx.tenant._id,
      actor: ctx.user,
      action: "member.leave",
      target: ctx.user._id,
      before: { role: mine.role },
    });
    await emitWebhook(ctx.db, ctx.tenant, "member.left", { email: ctx.user.email, role: mine.role, how: "left" });
  },
});
