import { v } from "convex/values";
import { identityMutation, userQuery } from "../lib/functions";
import { validateEmail } from "../lib/slugs";
import { personNameProblem } from "../../lib/domain/validation";

/**
 * Provisions the caller's directory row on first sign-in (local identity, or
 * Clerk before its webhook arrived). The platform role is never taken from
 * the token here: staff roles come only from the directory (seed, Clerk
 * webhook, admin console).
 */
export const ensureMe = identityMutation({
  args: {},
  handler: async (ctx) => {
    const { identity } = ctx;
    const existing = await ctx.db
      .query("users")
      .withIndex("by_external_id", (q) => q.eq("externalId", identity.subject))
      .unique();
    if (existing) return existing._id;
    const email = validateEmail(identity.email ?? "", "email");
    return ctx.db.insert("users", {
      externalId: identity.subject,
      email,
      // The token's display name is shown to other members: one with control or direction characters is not used.
      name: (identity.name && !personNameProblem(identity.name) && identity.name.trim()) || email,
      platformRole: "none",
      createdAt: Date.now(),
    });
  },
});

export const me = userQuery({
  args: {},
  returns: v.object({ _id: v.id("users"), email: v.string(), name: v.string(), platformRole: v.string() }),
  handler: async (ctx) => ({ _id: ctx.user._id, email: ctx.user.email, name: ctx.user.name, platformRole: ctx.user.platformRole }),
});
