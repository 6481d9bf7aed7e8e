import "server-only";
import type Stripe from "stripe";
import { isPlanId, type PlanId } from "@/lib/domain/plans";
import { BillingError } from "@/lib/server/billing/port";
import { addMonth } from "./ids";
import { eventObject } from "./objects/event";
import { invoiceObject, subscriptionLine, withTotals } from "./objects/invoice";
import { tick, type SimState } from "./store";
import { own } from "../../server/billing/own";

/**
 * The invoice lifecycle inside the simulator: draft invoices for a
 * subscription, finalization, and payment attempts against the customer's
 * card, each step producing the events Stripe sends for it.
 */
export type SimEvent = Stripe.Event;
const DAY_S = 86_400;

export function planOf(sub: Stripe.Subscription): PlanId {
  const plan = sub.items.data[0]?.price.metadata.plan;
  if (!plan || !isPlanId(plan)) throw new BillingError(`Subscription ${sub.id} has no Tenantry plan price.`, "invalid_request");
  return plan;
}

export function subscriptionOrThrow(s: SimState, id: string) {
  const sub = own(s.subscriptions, id);
  if (!sub) throw new BillingError(`No such subscription: '${id}'`, "resource_missing", "subscription");
  return sub;
}

/** A draft invoice for `sub` with its base-fee line for the period starting at `start`. */
export function draftInvoice(
  s: SimState,
  sub: Stripe.Subscription,
  reason: "subscription_create" | "subscription_cycle",
  periodStart: number,
  start: number,
): Stripe.Invoice {
  const customer = own(s.customers, sub.customer as string);
  if (!customer) throw new BillingError(`No such customer: '${String(sub.customer)}'`, "resource_missing", "customer");
  const created = tick(s, sub.id);
  let invoice = invoiceObject({
    customerId: customer.id,
    email: customer.email,
    name: customer.name,
    subscription: sub,
    billingReason: reason,
    periodStart,
    periodEnd: start,
    created,
  });
  invoice.lines.data.push(subscriptionLine(invoice.id, sub, planOf(sub), start, addMonth(start)));
  invoice = withTotals(invoice);
  s.invoices[invoice.id] = invoice;
  return invoice;
}

/** Invoices are ordered with their subscription's events (one-off invoices on their own). */
const streamOf = (invoice: Stripe.Invoice) => (invoice.parent?.subscription_details?.subscription as string | undefined) ?? invoice.id;

function invoiceOrThrow(s: SimState, id: string) {
  const invoice = own(s.invoices, id);
  if (!invoice) throw new BillingError(`No such invoice: '${id}'`, "resource_missing", "invoice");
  return invoice;
}

export function finalize(s: SimState, invoiceId: string): SimEvent[] {
  const invoice = invoiceOrThrow(s, invoiceId);
  if (invoice.status !== "draft") return [];
  const at = tick(s, streamOf(invoice));
  s.invoiceNumber += 1;
  const finalized = withTotals({
    ...invoice,
    status: "open",
    number: `TNTRY-${String(s.invoiceNumber).padStart(4, "0")}`,
    effective_at: at,
    status_transitions: { ...invoice.status_transitions, finalized_at: at },
  });
  s.invoices[invoiceId] = finalized;
  return [eventObject("invoice.finalized", finalized, at, { previous: { status: "draft" } })];
}

function setSubscriptionStatus(s: SimState, subscriptionId: string | null, status: Stripe.Subscription["status"]): SimEvent[] {
  const sub = subscriptionId ? own(s.subscriptions, subscriptionId) : undefined;
  if (!sub || sub.status === status || sub.status === "canceled") return [];
  const previous = { status: sub.status };
  s.subscriptions[sub.id] = { ...sub, status };
  return [eventObject("customer.subscription.updated", s.subscriptions[sub.id], tick(s, sub.id), { previous })];
}

/** One payment attempt on an open invoice with the customer's card on file. */
export function attemptPayment(s: SimState, invoiceId: string): SimEvent[] {
  const invoice = invoiceOrThrow(s, invoiceId);
  if (invoice.status !== "open") return [];
  const card = own(s.customers, invoice.customer as string)?.card;
  const at = tick(s, streamOf(invoice));
  const subscriptionId = invoice.parent?.subscription_details?.subscription as string | undefined;
  const attempted = { ...invoice, attempted: true, attempt_count: invoice.attempt_count + 1 };
  if (!card || card.behavior !== "succeed") {
    s.invoices[invoiceId] = { ...attempted, next_payment_attempt: at + 3 * DAY_S };
    return [
      eventObject("invoice.payment_failed", s.invoices[invoiceId], at),
      ...setSubscriptionStatus(s, subscriptionId ?? null, "past_due"),
    ];
  }
  const paid = withTotals({
    ...attempted,
    status: "paid",
    next_payment_attempt: null,
    status_transitions: { ...invoice.status_transitions, paid_at: at },
  });
  s.invoices[invoiceId] = paid;
  return [
    eventObject("invoice.paid", paid, at, { previous: { status: "open" } }),
    eventObject("invoice.payment_succeeded", paid, tick(s, streamOf(paid))),
    ...setSubscriptionStatus(s, subscriptionId ?? null, "active"),
  ];
}

/** The customer's open invoices that a payment already failed on (retried when the card changes). */
export function unpaidInvoices(s: SimState, customerId: string): string[] {
  return Object.values(s.invoices)
    .filter((i) => i.customer === customerId && i.status === "open" && i.attempt_count > 0)
    .map((i) => i.id);
}
