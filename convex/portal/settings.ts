/**
 * Workspace settings: name, billing email, monthly budget, and the slug. A
 * renamed slug leaves a slugRedirects row, so shared links keep working for
 * members; the old slug stays reserved for this tenant (nobody else can take
 * it and receive its traffic), and the tenant may take it back.
 */
import { v } from "convex/values";
import { tenantMutation, tenantQuery, userMutation, userQuery } from "../lib/functions";
import { resolveTenantX } from "../lib/access";
import { appError } from "../lib/errors";
import { audit } from "../lib/audit";
import { budgetCentsProblem } from "../../lib/domain/validation";
import { refuse, validateEmail, validateName, validateSlug } from "../lib/slugs";
import { checkBudgetAlerts } from "../lib/billing/budget";
import { MAIN_PLACEMENT, samePlacement } from "../../lib/domain/placement";

export const get = tenantQuery({
  args: {},
  permission: "tenant.read",
  handler: async (ctx) => {
    const t = ctx.tenant;
    return {
      name: t.name,
      slug: t.slug,
      billingEmail: t.billingEmail,
      monthlyBudgetCents: t.monthlyBudgetCents ?? null,
      plan: t.plan,
      status: t.status,
      createdAt: t.createdAt,
    };
  },
});

export const update = tenantMutation({
  args: { name: v.string(), billingEmail: v.string(), monthlyBudgetCents: v.union(v.number(), v.null()) },
  permission: "settings.manage",
  handler: async (ctx, args) => {
    const name = validateName(args.name);
    const billingEmail = validateEmail(args.billingEmail, "billingEmail");
    refuse(budgetCentsProblem(args.monthlyBudgetCents), "monthlyBudget");
    const before = {
      name: ctx.tenant.name,
      billingEmail: ctx.tenant.billingEmail,
      monthlyBudgetCents: ctx.tenant.monthlyBudgetCents ?? null,
    };
    const after = { name, billingEmail, monthlyBudgetCents: args.monthlyBudgetCents };
    await ctx.db.patch(ctx.tenant._id, {
      name: after.name,
      billingEmail: after.billingEmail,
      monthlyBudgetCents: after.monthlyBudgetCents ?? undefined,
      updatedAt: Date.now(),
    });
    await audit(ctx.db, { tenantId: ctx.tenant._id, actor: ctx.user, action: "tenant.settings_update", before, after });
    // A lowered budget may already be crossed: alert now, not on the next usage write.
    await checkBudgetAlerts(ctx.db, ctx.tenant._id);
  },
});

/**
 * Slugs are unique across the platform, which the tenant-limited ctx.db cannot see, so
 * this one runs as a user mutation and passes the same door (resolveTenantX) by hand.
 */
export const changeSlug = userMutation({
  args: { slug: v.string(), newSlug: v.string() },
  handler: async (ctx, { slug, newSlug }) => {
    const { tenant, user } = await resolveTenantX(ctx, slug, {
      permission: "settings.manage",
      write: true,
      fn: "portal/settings:changeSlug",
    });
    validateSlug(newSlug, "newSlug");
    // The slug is how the control plane names a tenant to its placement (routing, the API-key
    // index, rollup reports), and it is unique only as the control plane sees every tenant.
    // Until a rename is made there and copied out, a tenant placed off main keeps its URL.
    const onPlacement = (await ctx.db.query("rollupReporter").first()) !== null;
    if (onPlacement || (tenant.placement !== undefined && !samePlacement(tenant.placement, MAIN_PLACEMENT)))
      throw appError("CONFLICT", "This workspace runs on its own deployment, so its URL name can't be changed yet.", "newSlug");
    if (newSlug === tenant.slug) throw appError("INVALID", "That is already this workspace's URL name.", "newSlug");
    // Only existence is compared here; nothing about another tenant is returned.
    const taken = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", newSlug))
      .first();
    const redirect = await ctx.db
      .query("slugRedirects")
      .withIndex("by_slug", (q) => q.eq("slug", newSlug))
      .first();
    if (taken || (redirect && redirect.tenantId !== tenant._id))
      throw appError("CONFLICT", "That URL name is taken; choose another.", "newSlug");
    if (redirect) await ctx.db.delete(redirect._id);
    await ctx.db.insert("slugRedirects", { tenantId: tenant._id, slug: tenant.slug });
    await ctx.db.patch(tenant._id, { slug: newSlug, updatedAt: Date.now() });
    await audit(ctx.db, {
      tenantId: tenant._id,
      actor: user,
      action: "tenant.slug_change",
      before: { slug: tenant.slug },
      after: { slug: newSlug },
    });
    return { slug: newSlug };
  },
});

/** Where an old slug now lives, for members of that tenant only (null for everyone else). */
export const resolveRedirect = userQuery({
  args: { slug: v.string() },
  handler: async (ctx, { slug }) => {
    const redirect = await ctx.db
      .query("slugRedirects")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .first();
    if (!redirect) return null;
    const tenant = await ctx.db.get(redirect.tenantId);
    if (!tenant || tenant.status === "deleted") return null;
    const member = await ctx.db
      .query("memberships")
      .withIndex("by_tenant_user", (q) => q.eq("tenantId", tenant._id).eq("userId", ctx.user._id))
      .unique();
    return member ? { slug: tenant.slug } : null;
  },
});
