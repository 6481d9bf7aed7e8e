import { v } from "convex/values";
import { tenantQuery, userQuery, userMutation } from "./lib/functions";
import { appError } from "./lib/errors";
import { validateName, validateSlug, validateEmail } from "./lib/slugs";
import { getCounters, bump } from "./lib/counters";
import { TRIAL_DAYS } from "../lib/plans";
import { planValidator } from "./schema";

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
    const memberships = await ctx.db.query("memberships").withIndex("by_user", (q) => q.eq("userId", ctx.user._id)).take(200);
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
    const taken =
      (await ctx.db.query("tenants").withIndex("by_slug", (q) => q.eq("slug", args.slug)).unique()) ??
      (await ctx.db.query("slugRedirects").withIndex("by_slug", (q) => q.eq("slug", args.slug)).first());
    if (taken) throw appError("CONFLICT", "That URL name is taken; choose another.", "slug");
    const now = Date.now();
    const tenantId = await ctx.db.insert("tenants", {
      name,
      slug: args.slug,
      plan: args.plan,
      status: "trial",
      statusSince: now,
      billingEmail,
      trialEndsAt: now + TRIAL_DAYS * 86_400_000,
      deployment: { kind: "shared" },
      createdAt: now,
      updatedAt: now,
    });
    await ctx.db.insert("memberships", { tenantId, userId: ctx.user._id, role: "owner", createdAt: now });
    await getCounters(ctx.db, tenantId);
    await bump(ctx.db, tenantId, "members", 1);
    await ctx.db.insert("auditLogs", { tenantId, actorId: ctx.user._id, actorEmail: ctx.user.email, action: "tenant.create", after: { name, slug: args.slug, plan: args.plan }, at: now });
    return { slug: args.slug };
  },
});
