/**
 * What the operator CLI and the admin API add to the console's actions: staff
 * create a tenant (the seed's `tenant create`) and edit its name, billing email
 * and budget (`tenant update`). Admin only (staffMutation); input is checked
 * with the same rules and messages as onboarding and the portal's settings
 * before anything is written, and each leaves one audit entry.
 */
import { v } from "convex/values";
import { staffMutation } from "../lib/functions";
import { appError } from "../lib/errors";
import { audit } from "../lib/audit";
import { refuse, validateEmail, validateName, validateSlug } from "../lib/slugs";
import { newTenant, slugTaken } from "../lib/newTenant";
import { checkBudgetAlerts } from "../lib/billing/budget";
import { planValidator, quotaOverridesValidator } from "../schema";
import { budgetCentsProblem } from "../../lib/domain/validation";
import { overridesX, tenantX } from "./actions";
import { provisionCustomerSupport, TEMPLATE_IDS } from "../portal/templates";
import { tenantBySlugX } from "./bySlug";

export const create = staffMutation({
  args: {
    name: v.string(),
    slug: v.string(),
    plan: planValidator,
    billingEmail: v.string(),
    overrides: v.optional(quotaOverridesValidator),
    monthlyBudgetCents: v.optional(v.union(v.number(), v.null())),
    ownerEmail: v.optional(v.string()),
  },
  handler: async (ctx, args) => {
    const name = validateName(args.name);
    validateSlug(args.slug);
    const billingEmail = validateEmail(args.billingEmail, "billingEmail");
    const overrides = overridesX(args.overrides ?? {});
    const budget = args.monthlyBudgetCents ?? null;
    refuse(budgetCentsProblem(budget), "monthlyBudget");
    // The owner must already have signed in once: staff never create identities on someone's behalf.
    let owner;
    if (args.ownerEmail !== undefined) {
      const email = validateEmail(args.ownerEmail, "owner");
      owner = await ctx.db
        .query("users")
        .withIndex("by_email", (q) => q.eq("email", email))
        .first();
      if (!owner)
        throw appError("INVALID", `Nobody with the email ${email} has signed in yet; invite them after creating the tenant.`, "owner");
    }
    if (await slugTaken(ctx.db, args.slug)) throw appError("CONFLICT", "That URL name is taken; choose another.", "slug");
    const tenantId = await newTenant(ctx.db, {
      name,
      slug: args.slug,
      plan: args.plan,
      billingEmail,
      ...(Object.keys(overrides).length ? { quotaOverrides: overrides } : {}),
      ...(budget !== null ? { monthlyBudgetCents: budget } : {}),
      ...(owner ? { owner: owner._id } : {}),
    });
    await audit(ctx.db, {
      tenantId,
      actor: ctx.user,
      action: "tenant.create",
      target: args.slug,
      after: { name, slug: args.slug, plan: args.plan, billingEmail, overrides, monthlyBudgetCents: budget, owner: owner?.email ?? null },
    });
    const tenant = await tenantX(ctx.db, tenantId);
    return { tenantId, slug: tenant.slug, status: tenant.status, trialEndsAt: tenant.trialEndsAt ?? null };
  },
});

/**
 * Changes only the fields given, in one transaction: `overrides` are merged into
 * the tenant's current ones (null = unlimited), so the CLI's `--max-agents 50`
 * leaves the other quotas alone.
 */
export const updateSettings = staffMutation({
  args: {
    tenantId: v.id("tenants"),
    name: v.optional(v.string()),
    billingEmail: v.optional(v.string()),
    monthlyBudgetCents: v.optional(v.union(v.number(), v.null())),
    overrides: v.optional(quotaOverridesValidator),
  },
  handler: async (ctx, args) => {
    const t = await tenantX(ctx.db, args.tenantId);
    if (t.status === "deleted") throw appError("CONFLICT", `${t.name} is deleted; restore it before you change its settings.`);
    const before = {
      name: t.name,
      billingEmail: t.billingEmail,
      monthlyBudgetCents: t.monthlyBudgetCents ?? null,
      overrides: t.quotaOverrides ?? {},
    };
    const after = {
      name: args.name === undefined ? before.name : validateName(args.name),
      billingEmail: args.billingEmail === undefined ? before.billingEmail : validateEmail(args.billingEmail, "billingEmail"),
      monthlyBudgetCents: args.monthlyBudgetCents === undefined ? before.monthlyBudgetCents : args.monthlyBudgetCents,
      overrides: { ...before.overrides, ...overridesX(args.overrides ?? {}) },
    };
    refuse(budgetCentsProblem(after.monthlyBudgetCents), "monthlyBudget");
    await ctx.db.patch(t._id, {
      name: after.name,
      billingEmail: after.billingEmail,
      monthlyBudgetCents: after.monthlyBudgetCents ?? undefined,
      quotaOverrides: after.overrides,
      updatedAt: Date.now(),
    });
    await audit(ctx.db, { tenantId: t._id, actor: ctx.user, action: "tenant.settings_update", target: t.slug, before, after });
    // A lowered budget may already be crossed: alert now, not on the next usage write.
    await checkBudgetAlerts(ctx.db, t._id);
  },
});

/**
 * `tenant provision SLUG --template NAME [--include-sample-data]`: a starter template
 * (the portal's, with its agent-quota check) applied by staff; sample conversations
 * only when asked for. One audit entry.
 */
export const applyTemplate = staffMutation({
  args: { slug: v.string(), template: v.string(), includeSampleData: v.boolean() },
  handler: async (ctx, args) => {
    const t = await tenantBySlugX(ctx.db, args.slug);
    if (!(TEMPLATE_IDS as readonly string[]).includes(args.template))
      throw appError("INVALID", `Unknown template "${args.template}": choose ${TEMPLATE_IDS.join(", ")}.`, "template");
    if (t.status === "deleted") throw appError("CONFLICT", `${t.name} is deleted; restore it before you provision it.`);
    const result = await provisionCustomerSupport(ctx.db, t, { sampleData: args.includeSampleData });
    await audit(ctx.db, { tenantId: t._id, actor: ctx.user, action: "template.apply", target: args.template, after: result });
    return { slug: t.slug, template: args.template, ...result };
  },
});
