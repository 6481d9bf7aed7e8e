import { v } from "convex/values";
import { tenantQuery, userQuery, userMutation } from "../lib/functions";
import { appError } from "../lib/errors";
import { validateName, validateSlug, validateEmail } from "../lib/slugs";
import { newTenant, slugTaken } from "../lib/newTenant";
import { audit } from "../lib/audit";
import { planValidator } from "../schema";
import { welcome } from "../notifications/send";

const summary = (t: { _id: string; slug: string; name: string; plan: string; status: string }, role: string) => ({
  _id: t._id,
  slug: t.slug,
  name: t.name,
  plan: t.plan,
  status: t.status,
  role,
});

/** The tenant behind a slug, for its members (NOT_FOUND for everyone else). */
export const getBySlug = tenantQuery({
  args: {},
  permission: "tenant.read",
  handler: async (ctx) => ({ ...summary(ctx.tenant, ctx.member.role), viaStaff: ctx.member.viaStaff }),
});

/** Every tenant the caller belongs to, for the home page. */
export const listMine = userQuery({
  args: {},
  handler: async (ctx) => {
    const memberships = await ctx.db
      .query("memberships")
      .withIndex("by_user", (q) => q.eq("userId", ctx.user._id))
      .take(200);
    const out = [];
    for (const m of memberships) {
      const t = await ctx.db.get(m.tenantId);
      if (t && t.status !== "deleted") out.push(summary(t, m.role));
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  },
});

/** Onboarding: a signed-in user creates a tenant and becomes its owner (14-day trial). */
export const create = userMutation({
  args: { name: v.string(), slug: v.string(), plan: planValidator, billingEmail: v.optional(v.string()) },
  handler: async (ctx, args) => {
    const name = validateName(args.name);
    validateSlug(args.slug);
    const billingEmail = validateEmail(args.billingEmail ?? ctx.user.email, "billingEmail");
    if (await slugTaken(ctx.db, args.slug)) throw appError("CONFLICT", "That URL name is taken; choose another.", "slug");
    const tenantId = await newTenant(ctx.db, { name, slug: args.slug, plan: args.plan, billingEmail, owner: ctx.user._id });
    await welcome(ctx.db, (await ctx.db.get(tenantId))!);
    await audit(ctx.db, { tenantId, actor: ctx.user, action: "tenant.create", after: { name, slug: args.slug, plan: args.plan } });
    return { slug: args.slug };
  },
});
