/**
 * The /new wizard: a signed-in user creates a workspace (14-day trial, as in
 * the seed), becomes its owner and gets a first agent or the customer-support
 * template, all in one transaction: a refused step leaves nothing behind.
 */
import { v } from "convex/values";
import { userMutation, userQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { bump } from "../lib/counters";
import { newTenant, slugTaken } from "../lib/newTenant";
import { audit } from "../lib/audit";
import { modelValidator, planValidator } from "../schema";
import { modelNotInPlanMessage, planAllowsModel } from "../../lib/domain/plans";
import { agentNameProblem, slugProblem } from "../../lib/domain/validation";
import { refuse, validateEmail, validateName, validateSlug } from "../lib/slugs";
import { provisionCustomerSupport, templateValidator } from "./templates";
import { welcome } from "../notifications/send";

/** Live availability for the wizard's slug field: format first, then uniqueness. */
export const slugAvailable = userQuery({
  args: { slug: v.string() },
  handler: async (ctx, { slug }) => {
    const problem = slugProblem(slug);
    if (problem) return { available: false, reason: problem };
    if (await slugTaken(ctx.db, slug)) return { available: false, reason: "That URL name is taken; choose another." };
    return { available: true, reason: null };
  },
});

export const create = userMutation({
  args: {
    name: v.string(),
    slug: v.string(),
    plan: planValidator,
    billingEmail: v.optional(v.string()),
    start: v.union(
      v.object({ kind: v.literal("agent"), name: v.string(), model: modelValidator }),
      v.object({ kind: v.literal("template"), template: templateValidator }),
      v.object({ kind: v.literal("empty") }),
    ),
  },
  handler: async (ctx, args) => {
    const name = validateName(args.name);
    validateSlug(args.slug);
    const billingEmail = validateEmail(args.billingEmail ?? ctx.user.email, "billingEmail");
    if (args.start.kind === "agent") {
      refuse(agentNameProblem(args.start.name), "agentName");
      if (!planAllowsModel(args.plan, args.start.model)) refuse(modelNotInPlanMessage(args.plan, args.start.model), "agentModel");
    }
    if (await slugTaken(ctx.db, args.slug)) throw appError("CONFLICT", "That URL name is taken; choose another.", "slug");

    const now = Date.now();
    const tenantId = await newTenant(ctx.db, { name, slug: args.slug, plan: args.plan, billingEmail, owner: ctx.user._id, now });
    const tenant = (await ctx.db.get(tenantId))!;
    if (args.start.kind === "agent") {
      await ctx.db.insert("agents", { tenantId, name: args.start.name.trim(), model: args.start.model, status: "active", createdAt: now });
      await bump(ctx.db, tenantId, "agents", 1);
    } else if (args.start.kind === "template") {
      await provisionCustomerSupport(ctx.db, tenant);
    }
    await welcome(ctx.db, tenant);
    await audit(ctx.db, {
      tenantId,
      actor: ctx.user,
      action: "tenant.create",
      after: { name, slug: args.slug, plan: args.plan, start: args.start.kind },
    });
    return { slug: args.slug };
  },
});
