/**
 * Stripe-shaped objects and events for tests, made by the simulator's own
 * builders (typed against the stripe SDK, so they have the pinned API
 * version's shape), with the fields a test cares about set.
 */
import type Stripe from "stripe";
import type { PlanId } from "../../../lib/domain/plans";
import { eventObject, type SimEventType } from "../../../lib/local/billing-simulator/objects/event";
import { subscriptionItem, subscriptionObject } from "../../../lib/local/billing-simulator/objects/subscription";
import { invoiceObject, subscriptionLine, withTotals } from "../../../lib/local/billing-simulator/objects/invoice";
import { checkoutSessionObject } from "../../../lib/local/billing-simulator/objects/checkout-session";
import { addMonth } from "../../../lib/local/billing-simulator/ids";

export const nowS = () => Math.floor(Date.now() / 1000);

export type SubSpec = {
  id: string;
  customer: string;
  plan: PlanId;
  status?: Stripe.Subscription["status"];
  start?: number;
  periodStart?: number;
  cancelAtPeriodEnd?: boolean;
  tenantId?: string;
};

export function subscription(spec: SubSpec): Stripe.Subscription {
  const start = spec.start ?? nowS() - 86_400;
  const sub = subscriptionObject({
    id: spec.id,
    customerId: spec.customer,
    plan: spec.plan,
    start,
    metadata: spec.tenantId ? { tenantId: spec.tenantId } : {},
    paymentMethod: null,
  });
  const periodStart = spec.periodStart ?? start;
  const item = { ...subscriptionItem(sub.id, spec.plan, periodStart, addMonth(periodStart), start), id: sub.items.data[0].id };
  const status = spec.status ?? "active";
  const ended = status === "canceled" ? periodStart + 10 : null;
  return {
    ...sub,
    status,
    items: { ...sub.items, data: [item] },
    cancel_at_period_end: spec.cancelAtPeriodEnd ?? false,
    canceled_at: ended,
    ended_at: ended,
  };
}

export function subscriptionEvent(
  type: "customer.subscription.created" | "customer.subscription.updated" | "customer.subscription.deleted",
  spec: SubSpec,
  created: number,
) {
  return eventObject(type, subscription(spec), created);
}

export type InvoiceSpec = {
  customer: string;
  subscription: Stripe.Subscription;
  plan: PlanId;
  status?: Stripe.Invoice["status"];
  reason?: "subscription_create" | "subscription_cycle";
  id?: string;
  created?: number;
  attempts?: number;
};

export function invoice(spec: InvoiceSpec): Stripe.Invoice {
  const created = spec.created ?? nowS();
  const base = invoiceObject({
    customerId: spec.customer,
    email: null,
    name: null,
    subscription: spec.subscription,
    billingReason: spec.reason ?? "subscription_cycle",
    periodStart: created - 30 * 86_400,
    periodEnd: created,
    created,
  });
  const id = spec.id ?? base.id;
  const withLine = {
    ...base,
    id,
    lines: { ...base.lines, data: [subscriptionLine(id, spec.subscription, spec.plan, created, addMonth(created))] },
  };
  const status = spec.status ?? "draft";
  return withTotals({
    ...withLine,
    status,
    number: status === "draft" ? null : `T-${id.slice(-6)}`,
    attempt_count: spec.attempts ?? 0,
    attempted: (spec.attempts ?? 0) > 0,
  });
}

export function invoiceEvent(type: Extract<SimEventType, `invoice.${string}`>, inv: Stripe.Invoice, created: number) {
  return eventObject(type, inv as never, created);
}

export function checkoutCompletedEvent(
  opts: { customer: string; tenantId: string; slug: string; plan: PlanId; subscriptionId: string; replaces?: string },
  created: number,
) {
  const session = checkoutSessionObject({
    customerId: opts.customer,
    email: "owner@example.test",
    plan: opts.plan,
    clientReferenceId: opts.tenantId,
    metadata: {
      tenantId: opts.tenantId,
      tenantSlug: opts.slug,
      plan: opts.plan,
      ...(opts.replaces ? { replacesSubscription: opts.replaces } : {}),
    },
    successUrl: "http://localhost/ok",
    cancelUrl: "http://localhost/no",
    urlTemplate: "http://localhost/checkout/{id}",
    created,
  });
  return eventObject(
    "checkout.session.completed",
    { ...session, status: "complete", payment_status: "paid", subscription: opts.subscriptionId },
    created,
  );
}
