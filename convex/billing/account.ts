/**
 * The tenant's Billing page: plan, status, the next invoice's preview (the
 * same computeBill that builds invoice lines), invoices and budget. Owners
 * act (checkout, portal); admins read; members and viewers get nothing.
 */
import { v } from "convex/values";
import { systemMutation, systemQuery, tenantMutation, tenantQuery } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { audit } from "../lib/audit";
import { computeBill, getAccount } from "../lib/billing/bill";
import { quotasOf } from "../lib/quotas";
import { budgetPercent } from "../lib/billing/budget";
import { monthOf } from "../lib/counters";
import { can } from "../../lib/domain/permissions";
import { isPlanId, PLANS } from "../../lib/domain/plans";
import { isTerminal } from "../../lib/domain/billing/ordering";
import type { Doc } from "../_generated/dataModel";
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel } from "../_generated/dataModel";

async function currentSubscriptionRow(db: GenericDatabaseReader<DataModel>, tenant: Doc<"tenants">) {
  const id = tenant.stripeSubscriptionId;
  if (!id) return null;
  return db
    .query("billingSubscriptions")
    .withIndex("by_tenant_subscription", (q) => q.eq("tenantId", tenant._id).eq("subscriptionId", id))
    .unique();
}

/** Demo tenants point at a subscription Tenantry has no events for yet: live unless the tenant's status says otherwise. */
function hasLiveSubscription(tenant: Doc<"tenants">, sub: Doc<"billingSubscriptions"> | null): boolean {
  if (!tenant.stripeSubscriptionId) return false;
  return sub ? !isTerminal(sub.status) && sub.status !== "incomplete" : tenant.status !== "suspended" && tenant.status !== "trial";
}

/**
 * Who the Next server acts for: the tenant and the owner the tenant door let
 * through. The browser never sees a Stripe id; the server fetches them with the
 * system secret (accountOnRecord) for this binding.
 */
function binding(tenant: Doc<"tenants">, user: Doc<"users">) {
  return { tenantId: tenant._id as string, tenantSlug: tenant.slug, actorId: user._id as string };
}

/** A subscription counts as the checkout's when Stripe created it at most this long before the checkout started (clock skew). */
const CHECKOUT_SKEW_MS = 5 * 60_000;
/** How many of the tenant's latest audit entries are searched for the last checkout (older checkouts are long settled). */
const CHECKOUT_LOOKBACK = 25;

/**
 * Whether the owner's last checkout is still waiting for its webhook: the checkout's plan is
 * not yet the tenant's, or the live subscription is older than the checkout (a plan change
 * makes a new one). Read from the audit entry checkoutContext writes, so the Billing page's
 * "changes once confirmed" notice goes away once the plan changed, however the page was loaded.
 */
async function checkoutPending(
  db: GenericDatabaseReader<DataModel>,
  tenant: Doc<"tenants">,
  sub: Doc<"billingSubscriptions"> | null,
): Promise<{ plan: string; since: number } | null> {
  const recent = await db
    .query("auditLogs")
    .withIndex("by_tenant_at", (q) => q.eq("tenantId", tenant._id))
    .order("desc")
    .take(CHECKOUT_LOOKBACK);
  const start = recent.find((e) => e.action === "billing.checkout.start");
  const plan = (start?.after as { plan?: unknown } | undefined)?.plan;
  if (!start || typeof plan !== "string") return null;
  const confirmed =
    hasLiveSubscription(tenant, sub) && tenant.plan === plan && sub !== null && sub.startedAt >= start.at - CHECKOUT_SKEW_MS;
  return confirmed ? null : { plan, since: start.at };
}

export const overview = tenantQuery({
  args: {},
  permission: "billing.read",
  handler: async (ctx) => {
    const { tenant } = ctx;
    const now = Date.now();
    const [sub, account, bill] = await Promise.all([
      currentSubscriptionRow(ctx.db, tenant),
      getAccount(ctx.db, tenant),
      computeBill(ctx.db, tenant, now),
    ]);
    const counters = await ctx.db
      .query("tenantCounters")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
      .unique();
    const costMicros = counters?.month === monthOf(now) ? counters.monthCostMicros : 0;
    const budgetCents = tenant.monthlyBudgetCents ?? null;
    const invoices = await ctx.db
      .query("billingInvoices")
      .withIndex("by_tenant_created", (q) => q.eq("tenantId", tenant._id))
      .order("desc")
      .take(24);
    const { cursor: _cursor, ...preview } = bill;
    const pending = await checkoutPending(ctx.db, tenant, sub);
    return {
      tenant: {
        name: tenant.name,
        slug: tenant.slug,
        plan: tenant.plan,
        planName: PLANS[tenant.plan].name,
        status: tenant.status,
        statusSince: tenant.statusSince,
        trialEndsAt: tenant.trialEndsAt ?? null,
        billingEmail: tenant.billingEmail,
      },
      // No Stripe ids for the browser: nothing public accepts one, and none is needed to show billing.
      hasCustomer: Boolean(tenant.stripeCustomerId),
      liveSubscription: hasLiveSubscription(tenant, sub),
      /** The last checkout, while its payment is not yet confirmed by the webhook (null once the plan changed). */
      checkoutPending: pending,
      quotas: quotasOf(tenant),
      subscription: sub && {
        status: sub.status,
        plan: sub.plan,
        currentPeriodStart: sub.currentPeriodStart,
        currentPeriodEnd: sub.currentPeriodEnd,
        cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
        trialEnd: sub.trialEnd,
      },
      dunning: account?.pastDueSince !== undefined ? { pastDueSince: account.pastDueSince, suspendAt: account.suspendAt ?? null } : null,
      /** Who suspended a suspended tenant: paying lifts billing's suspension, never staff's. */
      suspendedBy: tenant.status !== "suspended" ? null : account?.billingSuspended ? ("billing" as const) : ("staff" as const),
      preview,
      budget: {
        budgetCents,
        spentCents: Math.round(costMicros / 10_000),
        percent: budgetCents ? budgetPercent(costMicros, budgetCents) : null,
      },
      invoices: invoices.map((i) => ({
        id: i._id as string,
        number: i.number,
        status: i.status,
        totalCents: i.totalCents,
        amountDueCents: i.amountDueCents,
        currency: i.currency,
        periodStart: i.periodStart,
        periodEnd: i.periodEnd,
        createdAt: i.createdAt,
        hostedInvoiceUrl: i.hostedInvoiceUrl,
        paymentFailed: i.paymentFailedAt !== null && i.status === "open",
        meteredLines: i.meteredLines ?? [],
      })),
      role: ctx.member.role,
      canManage: can(ctx.member.role, "billing.manage") && !ctx.member.viaStaff,
    };
  },
});

/** Before Checkout: checks the plan choice and who acts. Owner only; allowed while past due or suspended. */
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
    return binding(tenant, ctx.user);
  },
});

/** Before the Customer Portal (payment method, invoices, cancellation). */
export const portalContext = tenantMutation({
  args: {},
  permission: "billing.manage",
  allowWhenRestricted: true,
  handler: async (ctx) => {
    if (!ctx.tenant.stripeCustomerId) throw appError("INVALID", "There is no billing account yet: choose a plan first.");
    return binding(ctx.tenant, ctx.user);
  },
});

/**
 * The binding's tenant and owner, re-read: the server passes what the tenant
 * door checked a moment ago, and a binding for someone who is no longer an
 * owner (or a tenant that is gone) is answered like a missing one.
 */
async function boundOwner(db: GenericDatabaseReader<DataModel>, tenantId: string, actorId: string) {
  const tid = db.normalizeId("tenants", tenantId);
  const uid = db.normalizeId("users", actorId);
  const [tenant, user] = await Promise.all([tid ? db.get(tid) : null, uid ? db.get(uid) : null]);
  if (!tenant || !user || tenant.status === "deleted") throw notFound();
  const member = await db
    .query("memberships")
    .withIndex("by_tenant_user", (q) => q.eq("tenantId", tenant._id).eq("userId", user._id))
    .unique();
  if (!member || !can(member.role, "billing.manage")) throw notFound();
  return { tenant, user };
}

/** What the billing port needs about the tenant (lib/server/billing/port.ts TenantOnRecord), for the Next server only. */
export const accountOnRecord = systemQuery({
  args: { tenantId: v.string(), actorId: v.string() },
  handler: async (ctx, { tenantId, actorId }) => {
    const { tenant } = await boundOwner(ctx.db, tenantId, actorId);
    const live = hasLiveSubscription(tenant, await currentSubscriptionRow(ctx.db, tenant));
    return {
      tenantId: tenant._id as string,
      tenantSlug: tenant.slug,
      name: tenant.name,
      email: tenant.billingEmail,
      plan: tenant.plan,
      customerId: tenant.stripeCustomerId ?? null,
      /** The subscription on record (the portal shows it), and the live one a checkout replaces. */
      subscriptionId: tenant.stripeSubscriptionId ?? null,
      replacesSubscriptionId: live ? tenant.stripeSubscriptionId! : null,
    };
  },
});

/**
 * Records the Stripe customer the Next server just made for this tenant and
 * checked with the billing provider (its metadata.tenantId is this tenant).
 * Never browser-callable: a customer id from a browser is how one tenant took
 * over another's billing. The first customer stays: a second (a race) is
 * answered with the first. A customer already recorded for another tenant is
 * answered like a missing one.
 */
export const recordCustomer = systemMutation({
  args: { tenantId: v.string(), actorId: v.string(), customerId: v.string() },
  handler: async (ctx, { tenantId, actorId, customerId }) => {
    if (!/^cus_[A-Za-z0-9_]{1,250}$/.test(customerId)) throw appError("INVALID", "Not a Stripe customer id (cus_...).", "customerId");
    const { tenant, user } = await boundOwner(ctx.db, tenantId, actorId);
    if (tenant.stripeCustomerId) return { customerId: tenant.stripeCustomerId };
    const holders = await ctx.db
      .query("tenants")
      .withIndex("by_stripe_customer", (q) => q.eq("stripeCustomerId", customerId))
      .take(1);
    if (holders.length > 0) throw notFound("No such customer.");
    await ctx.db.patch(tenant._id, { stripeCustomerId: customerId, updatedAt: Date.now() });
    await audit(ctx.db, { tenantId: tenant._id, actor: user, action: "billing.customer.create", after: { customerId } });
    return { customerId };
  },
});

/**
 * Why an email failed, in words for the workspace's admins: the SMTP error the worker kept
 * (lib/server/email/worker.ts) can name the provider's host and port, so it is classified
 * rather than shown; the reply code, when the server gave one, stays (it is what a
 * mail admin searches for). Staff see the raw error in their alerts.
 */
export function outboxReason(raw: string | undefined): string | null {
  if (!raw) return null;
  const reply = /(?:^|:\s)([45]\d\d)(?:[ -]([245]\.\d{1,3}\.\d{1,3}))?\b/.exec(raw);
  const code = reply ? ` (SMTP ${reply[1]}${reply[2] ? ` ${reply[2]}` : ""})` : "";
  if (/recipient|mailbox|user unknown|no such user|address rejected|5\.1\.[0-9]/i.test(raw))
    return `The recipient's mail server refused the address${code}.`;
  if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|timeout|timed out|greeting never received|connection closed/i.test(raw))
    return "The mail provider could not be reached.";
  if (/invalid login|auth/i.test(raw)) return `The mail provider refused to accept mail from Tenantry${code}.`;
  if (/message.*(size|too large)|5\.3\.4/i.test(raw)) return `The message was too large for the recipient's server${code}.`;
  return `The mail server refused the message${code}.`;
}

/** The workspace's last 50 emails, newest first, with each one's delivery state and, when it failed or is retrying, why. */
export const outbox = tenantQuery({
  args: {},
  permission: "billing.read",
  handler: async (ctx) => {
    const rows = await ctx.db
      .query("emailOutbox")
      .withIndex("by_tenant_created", (q) => q.eq("tenantId", ctx.tenant._id))
      .order("desc")
      .take(50);
    return rows.map((r) => ({
      id: r._id,
      to: r.to,
      subject: r.subject,
      body: r.body,
      kind: r.kind,
      status: r.status,
      createdAt: r.createdAt,
      sentAt: r.sentAt ?? null,
      attempts: r.attempts ?? 0,
      // A sent email's earlier failures are history, not a reason.
      reason: r.status === "sent" ? null : outboxReason(r.lastError),
      nextAttemptAt: r.status === "pending" ? (r.nextAttemptAt ?? null) : null,
    }));
  },
});

/**
 * One invoice of this workspace for its view and PDF (/t/<slug>/billing/invoices/<id>): the
 * same record the Billing page's table lists. Null for an id that is not this workspace's
 * invoice (another workspace's reads the same as a missing one: the db is limited to the tenant).
 */
export const invoice = tenantQuery({
  args: { id: v.string() },
  permission: "billing.read",
  handler: async (ctx, { id }) => {
    const invoiceId = ctx.db.normalizeId("billingInvoices", id);
    const row = invoiceId ? await ctx.db.get(invoiceId) : null;
    if (!row) return null;
    const metered = (row.meteredLines ?? []).map((l) => ({ description: l.description, amountCents: l.amountCents }));
    const meteredCents = metered.reduce((sum, l) => sum + l.amountCents, 0);
    return {
      id: row._id as string,
      number: row.number,
      status: row.status,
      paymentFailed: row.paymentFailedAt !== null && row.status === "open",
      currency: row.currency,
      createdAt: row.createdAt,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      // The subscription's own line is what the total holds beyond the metered lines Tenantry added.
      lines: [{ description: "Subscription", amountCents: row.totalCents - meteredCents }, ...metered],
      totalCents: row.totalCents,
      amountPaidCents: row.amountPaidCents,
      amountDueCents: row.amountDueCents,
      hostedInvoiceUrl: row.hostedInvoiceUrl,
      billedTo: { name: ctx.tenant.name, email: ctx.tenant.billingEmail },
    };
  },
});
