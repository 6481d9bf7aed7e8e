/**
 * The invitee's side of an invitation link (/invite/<token>): what it is for,
 * and accepting it. Anyone signed in may ask about a token, but a wrong or
 * stale token says nothing about the workspace, and only the invited email
 * can accept.
 */
import { v } from "convex/values";
import type { GenericDatabaseReader } from "convex/server";
import { userMutation, userQuery } from "../../lib/functions";
import { appError } from "../../lib/errors";
import { audit } from "../../lib/audit";
import { bump } from "../../lib/counters";
import { sha256Hex } from "./invites";
import type { DataModel, Doc } from "../../_generated/dataModel";
import { notify } from "../../notifications/send";

type Reader = GenericDatabaseReader<DataModel>;
const DEAD_LINK = "This invitation link is invalid, expired or was revoked. Ask for a new one.";

/** The invitation and its workspace behind a token, or null for anything invalid. */
async function resolve(db: Reader, token: string): Promise<{ invitation: Doc<"invitations">; tenant: Doc<"tenants"> } | null> {
  const [rawId, secret] = token.split(".");
  const id = rawId ? db.normalizeId("invitations", rawId) : null;
  if (!id || !secret) return null;
  const invitation = await db.get(id);
  if (!invitation || invitation.tokenHash !== (await sha256Hex(secret))) return null;
  const tenant = await db.get(invitation.tenantId);
  if (!tenant || tenant.status === "deleted") return null;
  return { invitation, tenant };
}

async function membershipOf(db: Reader, invitation: Doc<"invitations">, user: Doc<"users">) {
  return db
    .query("memberships")
    .withIndex("by_tenant_user", (q) => q.eq("tenantId", invitation.tenantId).eq("userId", user._id))
    .unique();
}

export const preview = userQuery({
  args: { token: v.string() },
  handler: async (ctx, { token }) => {
    const found = await resolve(ctx.db, token);
    if (!found) return { state: "invalid" as const };
    const { invitation, tenant } = found;
    const member = await membershipOf(ctx.db, invitation, ctx.user);
    const inviter = await ctx.db.get(invitation.invitedBy);
    const base = {
      tenantName: tenant.name,
      slug: tenant.slug,
      role: invitation.role,
      email: invitation.email,
      inviterName: inviter?.name ?? "A workspace admin",
    };
    if (member) return { state: "member" as const, ...base };
    if (invitation.status !== "pending" || invitation.expiresAt <= Date.now()) return { state: "invalid" as const };
    if (invitation.email !== ctx.user.email) return { state: "wrong_user" as const, ...base, signedInAs: ctx.user.email };
    return { state: "ready" as const, ...base };
  },
});

export const accept = userMutation({
  args: { token: v.string() },
  handler: async (ctx, { token }) => {
    const found = await resolve(ctx.db, token);
    if (!found) throw appError("NOT_FOUND", DEAD_LINK);
    const { invitation, tenant } = found;
    if (await membershipOf(ctx.db, invitation, ctx.user)) return { slug: tenant.slug, alreadyMember: true };
    if (invitation.status !== "pending" || invitation.expiresAt <= Date.now()) throw appError("NOT_FOUND", DEAD_LINK);
    if (invitation.email !== ctx.user.email) {
      throw appError(
        "FORBIDDEN",
        `This invitation is for ${invitation.email}, but you are signed in as ${ctx.user.email}. Sign in with the invited email.`,
      );
    }
    const now = Date.now();
    await ctx.db.insert("memberships", { tenantId: tenant._id, userId: ctx.user._id, role: invitation.role, createdAt: now });
    await ctx.db.patch(invitation._id, { status: "accepted" });
    await bump(ctx.db, tenant._id, "members", 1);
    await audit(ctx.db, {
      tenantId: tenant._id,
      actor: ctx.user,
      action: "invitation.accept",
      target: invitation.email,
      after: { role: invitation.role },
    });
    await notify(ctx.db, tenant, {
      kind: "team.member_joined",
      message: `${ctx.user.name} (${ctx.user.email}) joined as ${invitation.role}.`,
    });
    return { slug: tenant.slug, alreadyMember: false };
  },
});
