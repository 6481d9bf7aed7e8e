/**
 * Tenantry's copies of Stripe subscriptions and invoices, each kept at its
 * newest state whatever order events arrive in: subscriptions by event time
 * and their own final states (lib/domain/billing/ordering.ts), invoices by
 * their one-way lifecycle (draft -> open -> paid | void | uncollectible).
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc } from "../../_generated/dataModel";
import { compareSubscriptionState, type SubscriptionState, type Verdict } from "../../../lib/domain/billing/ordering";
import type { InvoiceSnapshot, SubscriptionSnapshot } from "./validators";

type Db = GenericDatabaseWriter<DataModel>;

/**
 * The tenant a Stripe customer belongs to. Tenantry creates each customer with
 * metadata.tenantId, and objects it made carry it too: a mismatch is refused.
 */
export async function tenantForCustomer(db: Db, customerId: string, claimedTenantId: string | null): Promise<Doc<"tenants"> | null> {
  // Two tenants on one customer can only be a record poisoned before recordCustomer checked ownership: deliver to neither.
  const holders = await db
    .query("tenants")
    .withIndex("by_stripe_customer", (q) => q.eq("stripeCustomerId", customerId))
    .take(2);
  const tenant = holders.length === 1 ? holders[0] : null;
  if (!tenant || (claimedTenantId && claimedTenantId !== tenant._id)) return null;
  return tenant;
}

const stateOf = (s: SubscriptionSnapshot): SubscriptionState => ({
  status: s.status,
  plan: s.plan,
  priceId: s.priceId,
  currentPeriodStart: s.currentPeriodStart,
  currentPeriodEnd: s.currentPeriodEnd,
  cancelAtPeriodEnd: s.cancelAtPeriodEnd,
  canceledAt: s.canceledAt,
  trialEnd: s.trialEnd,
});

export type SubscriptionWrite = { verdict: Verdict; before: SubscriptionState | null; after: SubscriptionState | null };

/**
 * Stores `snapshot` as of `asOf` (Stripe seconds) if it is newer than what is stored.
 * `fetched`: read from Stripe's API at `asOf`, so it is at least as new as anything
 * delivered before the read; a same-second tie goes to it.
 */
export async function writeSubscription(
  db: Db,
  tenant: Doc<"tenants">,
  snapshot: SubscriptionSnapshot,
  asOf: number,
  fetched = false,
): Promise<SubscriptionWrite> {
  const row = await db
    .query("billingSubscriptions")
    .withIndex("by_tenant_subscription", (q) => q.eq("tenantId", tenant._id).eq("subscriptionId", snapshot.id))
    .unique();
  const incoming = stateOf(snapshot);
  const compared = compareSubscriptionState(row, { ...incoming, created: asOf });
  const verdict: Verdict = fetched && compared === "tie" ? "apply" : compared;
  if (verdict === "same" && row && asOf > row.stateAsOf) {
    // Same state, newer event: remember the time, or an older, different event could still win later.
    await db.patch(row._id, { stateAsOf: asOf });
  }
  if (verdict !== "apply") return { verdict, before: row, after: null };
  const fields = {
    ...incoming,
    customerId: snapshot.customerId,
    startedAt: snapshot.startedAt,
    stateAsOf: Math.max(asOf, row?.stateAsOf ?? 0),
    updatedAt: Date.now(),
  };
  if (row) await db.patch(row._id, fields);
  else await db.insert("billingSubscriptions", { tenantId: tenant._id, subscriptionId: snapshot.id, ...fields });
  return { verdict, before: row ? stateOf({ ...snapshot, ...row, id: snapshot.id }) : null, after: incoming };
}

const RANK: Record<string, number> = { draft: 0, open: 1, uncollectible: 2, paid: 3, void: 3 };
/** The status comes from Stripe (or the simulator): only RANK's own keys count, never Object.prototype's. */
const rank = (status: string) => (Object.hasOwn(RANK, status) ? RANK[status] : 0);

export type InvoiceWrite = { row: Doc<"billingInvoices">; changed: boolean; before: Doc<"billingInvoices"> | null };

/** Stores `invoice` unless what is stored is further along its lifecycle; `patch` adds fields (payment failure). */
export async function writeInvoice(
  db: Db,
  tenant: Doc<"tenants">,
  invoice: InvoiceSnapshot,
  patch: Partial<Doc<"billingInvoices">> = {},
): Promise<InvoiceWrite> {
  const row = await db
    .query("billingInvoices")
    .withIndex("by_tenant_invoice", (q) => q.eq("tenantId", tenant._id).eq("invoiceId", invoice.id))
    .unique();
  if (row && rank(invoice.status) < rank(row.status)) return { row, changed: false, before: row };
  const { id: _id, customerId: _customer, ...fields } = invoice;
  const next = { ...fields, ...patch, updatedAt: Date.now() };
  if (row) {
    await db.patch(row._id, next);
    return { row: (await db.get(row._id))!, changed: true, before: row };
  }
  const id = await db.insert("billingInvoices", { tenantId: tenant._id, invoiceId: invoice.id, paymentFailedAt: null, ...next });
  return { row: (await db.get(id))!, changed: true, before: null };
}
