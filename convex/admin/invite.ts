/**
 * Staff invite someone to a tenant (the CLI's `tenant invite`), with the
 * portal's rules and messages: a valid email, not already a member, no
 * pending invitation. Staff may invite any role, owners included (the portal
 * lets only owners do that). Unlike tenant code, the staff door's db sees every
 * user, so membership is checked on this tenant explicitly.
 */
import { v } from "convex/values";
import { staffMutation } from "../lib/functions";
import { appError } from "../lib/errors";
import { roleValidator } from "../schema";
import { emailProblem, normalizeEmail } from "../../lib/domain/validation";
import { insertInvitation } from "../portal/invitations/invites";
import { tenantX } from "./actions";

export const create = staffMutation({
  args: { tenantId: v.id("tenants"), email: v.string(), role: roleValidator },
  handler: async (ctx, args) => {
    const t = await tenantX(ctx.db, args.tenantId);
    const problem = emailProblem(args.email);
    if (problem) throw appError("INVALID", problem, "email");
    if (t.status === "deleted") throw appError("CONFLICT", `${t.name} is deleted; restore it before you invite anyone.`);
    const email = normalizeEmail(args.email);
    const user = await ctx.db
      .query("users")
      .withIndex("by_email", (q) => q.eq("email", email))
      .first();
    const member =
      user &&
      (await ctx.db
        .query("memberships")
        .withIndex("by_tenant_user", (q) => q.eq("tenantId", t._id).eq("userId", user._id))
        .first());
    if (member) throw appError("CONFLICT", `${email} is already a member of this workspace.`, "email");
    const open = await ctx.db
      .query("invitations")
      .withIndex("by_tenant_email", (q) => q.eq("tenantId", t._id).eq("email", email))
      .collect();
    if (open.some((i) => i.status === "pending" && i.expiresAt > Date.now()))
      throw appError("CONFLICT", `${email} already has a pending invitation; resend it from the list instead.`, "email");
    const { invitationId, token } = await insertInvitation(ctx.db, t, ctx.user, { email, role: args.role });
    return { invitationId, token, email, role: args.role };
  },
});
