/**
 * What the webhook route passes to Convex for each Stripe object: the few
 * fields Tenantry acts on, extracted and checked on the Next side
 * (lib/server/billing/snapshots.ts). Times are ms except `created` on events and
 * subscriptions, which stay in Stripe's seconds for ordering.
 */
import { v, type Infer } from "convex/values";
import { planValidator } from "../../schema";

const nullable = <T extends Parameters<typeof v.union>[0]>(x: T) => v.union(x, v.null());

export const subscriptionSnapshot = v.object({
  id: v.string(),
  customerId: v.string(),
  status: v.string(),
  priceId: nullable(v.string()),
  plan: nullable(planValidator),
  /** The subscription's own `created` (ms). */
  startedAt: v.number(),
  currentPeriodStart: nullable(v.number()),
  currentPeriodEnd: nullable(v.number()),
  cancelAtPeriodEnd: v.boolean(),
  canceledAt: nullable(v.number()),
  trialEnd: nullable(v.number()),
  metadataTenantId: nullable(v.string()),
});
export type SubscriptionSnapshot = Infer<typeof subscriptionSnapshot>;

export const invoiceSnapshot = v.object({
  id: v.string(),
  customerId: v.string(),
  subscriptionId: nullable(v.string()),
  number: nullable(v.string()),
  status: v.string(),
  billingReason: nullable(v.string()),
  currency: v.string(),
  totalCents: v.number(),
  amountDueCents: v.number(),
  amountPaidCents: v.number(),
  periodStart: v.number(),
  periodEnd: v.number(),
  hostedInvoiceUrl: nullable(v.string()),
  createdAt: v.number(),
});
export type InvoiceSnapshot = Infer<typeof invoiceSnapshot>;

export const checkoutSessionSnapshot = v.object({
  id: v.string(),
  customerId: nullable(v.string()),
  subscriptionId: nullable(v.string()),
  clientReferenceId: nullable(v.string()),
  metadataTenantId: nullable(v.string()),
  mode: v.string(),
  paymentStatus: v.string(),
});
export type CheckoutSessionSnapshot = Infer<typeof checkoutSessionSnapshot>;

export const graceDaysValidator = v.number();
