/**
 * The tenant's Billing page: plan, status, the next invoice's preview (the
 * same computeBill that builds invoice lines), invoices and budget. Owners
 * act (checkout, portal); admins read; members and viewers get nothing.
 */
import { v } from "convex/values";
import { tenantMutation, tenantQuery } from "./lib/functions";
import { appError } from "./lib/errors";
import { audit } from "./lib/audit";
import { computeBill, getAccount } from "./lib/billing/bill";
import { quotasOf } from "./lib/quotas";
import { budgetPercent } from "./lib/billing/budget";
import { monthOf } from "./lib/counters";
import { can } from "../lib/permissions";
import { isPlanId, PLANS } from "../lib/plans";
import { isTerminal } from "../lib/billing/model/ordering";
import type { Doc } from "./_generated/dataModel";
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel } from "./_generated/dataModel";

async function currentSubscriptionRow(db: GenericDatabaseReader<DataModel>, tenant: Doc<"tenants">) {
  const id = tenant.stripeSubscriptionId;
  if (!id) return null;
  return db.query("billingSubscriptions").withIndex("by_tenant_subscription", (q) => q.eq("tenantId", tenant._id).eq("subscriptionId", id)).unique();
}

/** Demo tenants point at a subscription Tenantry has no events for yet: live unless the tenant's status says otherwise. */
function hasLiveSubscription(tenant: Doc<"tenants">, sub: Doc<"billingSubscriptions"> | null): boolean {
  if (!tenant.stripeSubscriptionId) return false;
  return sub ? !isTerminal(sub.status) && sub.status !== "incomplete" : tenant.status !== "suspended" && tenant.status !== "trial";
}

/** What the billing port needs to know about the tenant (lib/billing/port.ts TenantOnRecord). */
function onRecord(tenant: Doc<"tenants">, live: boolean) {
  return {
    tenantId: tenant._id as string, tenantSlug: tenant.slug, name: tenant.name, email: tenant.billingEmail, plan: tenant.plan,
    subscriptionId: live ? (tenant.stripeSubscriptionId ?? null) : null,
  };
}

export const overview = tenantQuery({
  args: {},
  permission: "billing.read",
  handler: async (ctx) => {
    const { tenant } = ctx;
    const now = Date.now();
    const [sub, account, bill] = await Promise.all([currentSubscriptionRow(ctx.db, tenant), getAccount(ctx.db, tenant), computeBill(ctx.db, tenant, now)]);
    const counters = await ctx.db.query("tenantCounters").withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id)).unique();
    const costMicros = counters?.month === monthOf(now) ? counters.monthCostMicros : 0;
    const budgetCents = tenant.monthlyBudgetCents ?? null;
    const invoices = await ctx.db.query("billingInvoices").withIndex("by_tenant_created", (q) => q.eq("tenantId", tenant._id)).order("desc").take(24);
    const { cursor: _cursor, ...preview } = bill;
    return {
      tenant: {
        name: tenant.name, slug: tenant.slug, plan: tenant.plan, planName: PLANS[tenant.plan].name, status: tenant.status,
        statusSince: tenant.statusSince, trialEndsAt: tenant.trialEndsAt ?? null, billingEmail: tenant.billingEmail,
      },
      hasCustomer: Boolean(tenant.stripeCustomerId),
      customerId: tenant.stripeCustomerId ?? null,
      liveSubscription: hasLiveSubscription(tenant, sub),
      quotas: quotasOf(tenant),
      subscription: sub && {
        id: sub.subscriptionId, status: sub.status, plan: sub.plan, currentPeriodStart: sub.currentPeriodStart, currentPeriodEnd: sub.currentPeriodEnd,
        cancelAtPeriodEnd: sub.cancelAtPeriodEnd, trialEnd: sub.trialEnd,
      },
      dunning: account?.pastDueSince !== undefined ? { pastDueSince: account.pastDueSince, suspendAt: account.suspendAt ?? null } : null,
      /** Who suspended a suspended tenant: paying lifts billing's suspension, never staff's. */
      suspendedBy: tenant.status !== "suspended" ? null : account?.billingSuspended ? ("billing" as const) : ("staff" as const),
      preview,
      budget: { budgetCents, spentCents: Math.round(costMicros / 10_000), percent: budgetCents ? budgetPercent(costMicros, budgetCents) : null },
      invoices: invoices.map((i) => ({
        invoiceId: i.invoiceId, number: i.number, status: i.status, totalCents: i.totalCents, amountDueCents: i.amountDueCents, currency: i.currency,
        periodStart: i.periodStart, periodEnd: i.periodEnd, createdAt: i.createdAt, hostedInvoiceUrl: i.hostedInvoiceUrl,
        paymentFailed: i.paymentFailedAt !== null && i.status === "open", meteredLines: i.meteredLines ?? [],
      })),
      role: ctx.member.role,
      canManage: can(ctx.member.role, "billing.manage") && !ctx.member.viaStaff,
    };
  },
});

/** Before Checkout: checks the plan choice and returns what the billing port needs. Owner only; allowed while past due or suspended. */
export const checkoutContext = tenantMutation({
  args: { plan: v.string() },
  permission: "billing.manage",
  allowWhenRestricted: true,
  handler: async (ctx, { plan }) => {
    const { tenant } = ctx;
    if (!isPlanId(plan)) throw appError("INVALID", "Choose one of the plans: Starter, Pro or Enterprise.", "plan");
    const live = hasLiveSubscription(tenant, await currentSubscriptionRow(ctx.db, tenant));
    if (live && tenant.plan === plan) throw appError("INVALID", `This workspace is already on the ${PLANS[plan].name} plan.`, "plan");
    await audit(ctx.db, { tenantId: tenant._id, actor: ctx.user, action: "billing.checkout.start", after: { plan, from: tenant.plan } });
    return { ...onRecord(tenant, live), customerId: tenant.stripeCustomerId ?? null, replacesSubscriptionId: live ? tenant.stripeSubscriptionId! : null };
  },
});

/** Records the Stripe customer made for this tenant. The first one stays: a second (a race) is answered with the first. */
export const attachCustomer = tenantMutation({
  args: { customerId: v.string() },
  permission: "billing.manage",
  allowWhenRestricted: true,
  handler: async (ctx, { customerId }) => {
    if (!/^cus_[A-Za-z0-9_]+$/.test(customerId)) throw appError("INVALID", "Not a Stripe customer id (cus_...).", "customerId");
    if (ctx.tenant.stripeCustomerId) return { customerId: ctx.tenant.stripeCustomerId };
    await ctx.db.patch(ctx.tenant._id, { stripeCustomerId: customerId, updatedAt: Date.now() });
    await audit(ctx.db, { tenantId: ctx.tenant._id, actor: ctx.user, action: "billing.customer.create", after: { customerId } });
    return { customerId };
  },
});

/** Before the Customer Portal (payment method, invoices, cancellation). */
export const portalContext = tenantMutation({
  args: {},
  permission: "billing.manage",
  allowWhenRestricted: true,
  handler: async (ctx) => {
    if (!ctx.tenant.stripeCustomerId) throw appError("INVALID", "There is no billing account yet: choose a plan first.");
    return { ...onRecord(ctx.tenant, Boolean(ctx.tenant.stripeSubscriptionId)), customerId: ctx.tenant.stripeCustomerId };
  },
});

/** Emails written for this tenant (budget alerts, payment notices), newest first. */
export const outbox = tenantQuery({
  args: {},
  permission: "billing.read",
  handler: async (ctx) => {
    const rows = await ctx.db.query("emailOutbox").withIndex("by_tenant_created", (q) => q.eq("tenantId", ctx.tenant._id)).order("desc").take(50);
    return rows.map((r) => ({ id: r._id, to: r.to, subject: r.subject, body: r.body, kind: r.kind, status: r.status, createdAt: r.createdAt }));
  },
});
