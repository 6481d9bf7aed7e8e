/**
 * Staff side of billing: the Stripe events stored for a tenant, and the
 * checks behind the simulator controls (end the billing period, cancel the
 * subscription, redeliver a stored event). Support reads; only admins act,
 * and every action is audited before the route handler carries it out.
 */
import { v } from "convex/values";
import { staffMutation, staffQuery } from "../lib/functions";
import { notFound } from "../lib/errors";
import { audit } from "../lib/audit";
import { pageSizeX } from "../lib/paging";
import type { DataModel } from "../_generated/dataModel";
import type { GenericDatabaseReader } from "convex/server";
import { appError } from "../lib/errors";
import { PLANS } from "../../lib/domain/plans";
import { monthBounds, type RecordedInvoice } from "../../lib/domain/billing/reconcile";

async function tenantBySlug(db: GenericDatabaseReader<DataModel>, slug: string) {
  const tenant = await db
    .query("tenants")
    .withIndex("by_slug", (q) => q.eq("slug", slug))
    .unique();
  if (!tenant) throw notFound("No tenant with that slug.");
  return tenant;
}

export const events = staffQuery({
  args: { slug: v.string(), limit: v.optional(v.number()) },
  handler: async (ctx, { slug, limit }) => {
    const tenant = await tenantBySlug(ctx.db, slug);
    const rows = await ctx.db
      .query("webhookEvents")
      .withIndex("by_tenant_received", (q) => q.eq("tenantId", tenant._id))
      .order("desc")
      .take(pageSizeX(limit, 100, 25, "limit"));
    return rows
      .filter((r) => r.provider === "stripe")
      .map((r) => ({
        eventId: r.eventId,
        type: r.type,
        outcome: r.outcome,
        eventCreated: r.eventCreated,
        receivedAt: r.receivedAt,
        processedAt: r.processedAt ?? null,
        note: r.error ?? null,
      }));
  },
});

/** Checks and audits a simulator control; returns what the simulator needs about the tenant. */
export const simulatorAction = staffMutation({
  args: { slug: v.string(), action: v.union(v.literal("end_period"), v.literal("cancel")), failPayment: v.optional(v.boolean()) },
  handler: async (ctx, { slug, action, failPayment }) => {
    const tenant = await tenantBySlug(ctx.db, slug);
    await audit(ctx.db, {
      tenantId: tenant._id,
      actor: ctx.user,
      action: `billing.simulator.${action}`,
      after: { failPayment: failPayment ?? false },
    });
    return {
      tenantId: tenant._id,
      slug: tenant.slug,
      name: tenant.name,
      email: tenant.billingEmail,
      plan: tenant.plan,
      status: tenant.status,
      customerId: tenant.stripeCustomerId ?? null,
      subscriptionId: tenant.stripeSubscriptionId ?? null,
    };
  },
});

/** The stored body of one Stripe event, for redelivery to the webhook route (which must treat it as a replay). */
export const eventForRedelivery = staffMutation({
  args: { eventId: v.string() },
  handler: async (ctx, { eventId }) => {
    const row = await ctx.db
      .query("webhookEvents")
      .withIndex("by_provider_event", (q) => q.eq("provider", "stripe").eq("eventId", eventId))
      .unique();
    if (!row || !row.payload) throw notFound("No stored Stripe event with that id.");
    await audit(ctx.db, { tenantId: row.tenantId, actor: ctx.user, action: "billing.simulator.redeliver", target: eventId });
    return { eventId: row.eventId, type: row.type, payload: row.payload };
  },
});

/** Base lines are checked on the invoices whose subscription line is the plan's full price. */
const FULL_PERIOD = new Set(["subscription_create", "subscription_cycle"]);

/**
 * Tenantry's side of `tenantry billing reconcile`: the invoices its webhook recorded
 * for the month (by Stripe's `created`), each with the base line its plan implies and
 * the metered lines decided at invoice.created, plus the month's usage. Read only
 * (support may run it); the Next side fetches the provider's side and compares.
 */
export const reconcile = staffQuery({
  args: { slug: v.string(), month: v.string() },
  handler: async (ctx, { slug, month }) => {
    const bounds = monthBounds(month);
    if (!bounds) throw appError("INVALID", "Use a month as YYYY-MM (e.g. 2026-03).", "month");
    const tenant = await tenantBySlug(ctx.db, slug);
    // Bounded: a customer gets a few invoices a month (one per period end or plan change).
    const rows = await ctx.db
      .query("billingInvoices")
      .withIndex("by_tenant_created", (q) => q.eq("tenantId", tenant._id).gte("createdAt", bounds.from).lt("createdAt", bounds.to))
      .take(500);
    const plans = new Map<string, number | null>();
    for (const r of rows) {
      if (!r.subscriptionId || plans.has(r.subscriptionId)) continue;
      const sub = await ctx.db
        .query("billingSubscriptions")
        .withIndex("by_tenant_subscription", (q) => q.eq("tenantId", tenant._id).eq("subscriptionId", r.subscriptionId!))
        .unique();
      plans.set(r.subscriptionId, sub?.plan ? PLANS[sub.plan].priceCents : null);
    }
    const invoices: RecordedInvoice[] = rows.map((r) => ({
      id: r.invoiceId,
      number: r.number,
      status: r.status,
      billingReason: r.billingReason,
      totalCents: r.totalCents,
      createdAt: r.createdAt,
      baseCents: r.subscriptionId && FULL_PERIOD.has(r.billingReason ?? "") ? (plans.get(r.subscriptionId) ?? null) : null,
      meteredLines: r.meteredLines ?? null,
    }));
    const days = await ctx.db
      .query("usageDays")
      .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenant._id).gte("day", `${month}-01`).lte("day", `${month}-31`))
      .collect();
    const usage = { calls: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 };
    for (const d of days) for (const k of Object.keys(usage) as (keyof typeof usage)[]) usage[k] += d.total[k];
    return {
      slug: tenant.slug,
      name: tenant.name,
      plan: tenant.plan,
      customerId: tenant.stripeCustomerId ?? null,
      usage: { ...usage, tokens: usage.inputTokens + usage.outputTokens },
      invoices,
    };
  },
});
