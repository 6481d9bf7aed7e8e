/**
 * Invitations by email. The link carries `<invitationId>.<secret>`; only the
 * secret's SHA-256 is stored, so the database alone cannot forge a link. In
 * local mode the inviter is shown the link; in cloud mode Clerk's
 * organization invitation is sent as well (lib/server/portal/directory.ts).
 */
import { v } from "convex/values";
import type { GenericDatabaseReader, GenericDatabaseWriter } from "convex/server";
import { tenantMutation, tenantQuery } from "../../lib/functions";
import { appError, notFound } from "../../lib/errors";
import { audit } from "../../lib/audit";
import { roleValidator } from "../../schema";
import { emailProblem, normalizeEmail } from "../../../lib/domain/validation";
import { mayManage, type Role } from "../../../lib/domain/permissions";
import type { DataModel, Doc, Id } from "../../_generated/dataModel";
import { DAY_MS } from "../../../lib/domain/time";
import { emailInvitation } from "../../notifications/send";

export const INVITE_TTL_MS = 7 * DAY_MS;
type Reader = GenericDatabaseReader<DataModel>;
type Writer = GenericDatabaseWriter<DataModel>;

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A fresh secret for an invitation: the link token and the hash to store. */
export async function mintToken(invitationId: Id<"invitations">) {
  const secret = randomSecret();
  return { token: `${invitationId}.${secret}`, tokenHash: await sha256Hex(secret) };
}

/** What an invite to `email` would run into; null when it can be sent. */
export async function inviteBlocker(
  db: Reader,
  tenantId: Id<"tenants">,
  email: string,
): Promise<"already_member" | "already_invited" | null> {
  // Tenant code's db only sees users who are members of this tenant (RLS), so a hit means "member".
  const member = await db
    .query("users")
    .withIndex("by_email", (q) => q.eq("email", email))
    .first();
  if (member) return "already_member";
  const open = await db
    .query("invitations")
    .withIndex("by_tenant_email", (q) => q.eq("tenantId", tenantId).eq("email", email))
    .collect();
  return open.some((i) => i.status === "pending" && i.expiresAt > Date.now()) ? "already_invited" : null;
}

export function ownerOnlyProblem(actorRole: Role, role: Role): string | null {
  return mayManage(actorRole, role) ? null : "Only an owner can invite another owner.";
}

/** Inserts a pending invitation (the caller has checked blockers) and returns its link token. */
export async function insertInvitation(
  db: Writer,
  tenant: Doc<"tenants">,
  actor: Doc<"users">,
  input: { email: string; role: Role; name?: string },
) {
  const now = Date.now();
  const id = await db.insert("invitations", {
    tenantId: tenant._id,
    email: input.email,
    role: input.role,
    ...(input.name ? { name: input.name } : {}),
    tokenHash: "",
    invitedBy: actor._id,
    status: "pending",
    expiresAt: now + INVITE_TTL_MS,
    createdAt: now,
  });
  const { token, tokenHash } = await mintToken(id);
  await db.patch(id, { tokenHash });
  await emailInvitation(db, tenant, { id, email: input.email, role: input.role, token, invitedBy: actor.name });
  await audit(db, { tenantId: tenant._id, actor, action: "invitation.create", target: input.email, after: { role: input.role } });
  return { invitationId: id, token };
}

export const pending = tenantQuery({
  args: {},
  permission: "team.manage",
  handler: async (ctx) => {
    const rows = await ctx.db
      .query("invitations")
      .withIndex("by_tenant_status", (q) => q.eq("tenantId", ctx.tenant._id).eq("status", "pending"))
      .collect();
    const now = Date.now();
    return rows
      .map((i) => ({
        _id: i._id,
        email: i.email,
        name: i.name ?? null,
        role: i.role,
        createdAt: i.createdAt,
        expiresAt: i.expiresAt,
        expired: i.expiresAt <= now,
      }))
      .sort((a, b) => b.createdAt - a.createdAt);
  },
});

export const create = tenantMutation({
  args: { email: v.string(), role: roleValidator },
  permission: "team.manage",
  handler: async (ctx, args) => {
    const problem = emailProblem(args.email);
    if (problem) throw appError("INVALID", problem, "email");
    const ownerOnly = ownerOnlyProblem(ctx.member.role, args.role);
    if (ownerOnly) throw appError("FORBIDDEN", ownerOnly, "role");
    const email = normalizeEmail(args.email);
    const blocker = await inviteBlocker(ctx.db, ctx.tenant._id, email);
    if (blocker === "already_member") throw appError("CONFLICT", `${email} is already a member of this workspace.`, "email");
    if (blocker === "already_invited")
      throw appError("CONFLICT", `${email} already has a pending invitation; resend it from the list instead.`, "email");
    return insertInvitation(ctx.db, ctx.tenant, ctx.user, { email, role: args.role });
  },
});

async function pendingX(db: Reader, tenantId: Id<"tenants">, invitationId: Id<"invitations">) {
  const invitation = await db.get(invitationId);
  if (!invitation || invitation.tenantId !== tenantId || invitation.status !== "pending")
    throw notFound("That invitation is no longer pending.");
  return invitation;
}

/** A new link (the old one stops working) and a fresh 7-day window. */
export const resend = tenantMutation({
  args: { invitationId: v.id("invitations") },
  permission: "team.manage",
  handler: async (ctx, { invitationId }) => {
    const invitation = await pendingX(ctx.db, ctx.tenant._id, invitationId);
    const ownerOnly = ownerOnlyProblem(ctx.member.role, invitation.role);
    if (ownerOnly) throw appError("FORBIDDEN", ownerOnly, "role");
    const { token, tokenHash } = await mintToken(invitationId);
    await ctx.db.patch(invitationId, { tokenHash, expiresAt: Date.now() + INVITE_TTL_MS });
    await emailInvitation(ctx.db, ctx.tenant, {
      id: invitationId,
      email: invitation.email,
      role: invitation.role,
      token,
      invitedBy: ctx.user.name,
    });
    await audit(ctx.db, { tenantId: ctx.tenant._id, actor: ctx.user, action: "invitation.resend", target: invitation.email });
    return { invitationId, token, email: invitation.email, role: invitation.role };
  },
});

export const revoke = tenantMutation({
  args: { invitationId: v.id("invitations") },
  permission: "team.manage",
  handler: async (ctx, { invitationId }) => {
    const invitation = await pendingX(ctx.db, ctx.tenant._id, invitationId);
    await ctx.db.patch(invitationId, { status: "revoked" });
    await audit(ctx.db, { tenantId: ctx.tenant._id, actor: ctx.user, action: "invitation.revoke", target: invitation.email });
  },
});
