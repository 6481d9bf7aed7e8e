/**
 * The demo seed's paying tenants (convex/dev/seed.ts) carry Stripe ids that no
 * webhook has told Convex about yet, so they have no period and no invoices.
 * The local server's start asks for them here, adopts them into the billing
 * simulator and delivers the simulator's signed events to the webhook handler
 * (lib/server/billing/seeded.ts): the same path a checkout takes. A handful of
 * point reads by slug, never a scan of all tenants.
 */
import { systemQuery } from "../lib/functions";
import { TENANTS } from "../dev/seed";

export const unadopted = systemQuery({
  args: {},
  handler: async (ctx) => {
    const out = [];
    for (const spec of TENANTS) {
      const tenant = await ctx.db
        .query("tenants")
        .withIndex("by_slug", (q) => q.eq("slug", spec.slug))
        .unique();
      const customerId = tenant?.stripeCustomerId;
      const subscriptionId = tenant?.stripeSubscriptionId;
      if (!tenant || tenant.status === "deleted" || !customerId || !subscriptionId) continue;
      const known = await ctx.db
        .query("billingSubscriptions")
        .withIndex("by_tenant_subscription", (q) => q.eq("tenantId", tenant._id).eq("subscriptionId", subscriptionId))
        .unique();
      if (known) continue;
      out.push({
        tenantId: tenant._id as string,
        tenantSlug: tenant.slug,
        name: tenant.name,
        email: tenant.billingEmail,
        customerId,
        plan: tenant.plan,
        subscriptionId,
      });
    }
    return out;
  },
});
