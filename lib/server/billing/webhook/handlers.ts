import "server-only";
import type Stripe from "stripe";
import { api } from "@/convex/_generated/api";
import type { PlanId } from "@/lib/domain/plans";
import type { BillingPort } from "@/lib/server/billing/port";
import { checkoutSessionSnapshot, invoiceSnapshot, subscriptionSnapshot } from "@/lib/server/billing/snapshots";
import type { SystemConvex } from "@/lib/server/convex/gateway";
import { own } from "../own";

/**
 * One small handler per allow-listed Stripe event type, each calling one
 * Convex mutation (plus, where Stripe must be told something, one call to the
 * billing port and a confirmation). Everything else is recorded and ignored.
 */
export type WebhookDeps = {
  convex: SystemConvex;
  port: BillingPort;
  /** Cloud mode: ask Stripe for the subscription when an event loses to stored state. */
  fetchOnDisagreement: boolean;
  graceDays: number;
  planForPrice: (priceId: string | null) => PlanId | null;
};
export type EventMeta = { id: string; type: string; created: number; payload: string };
export type Outcome = "processed" | "ignored" | "duplicate";
type Handler = (deps: WebhookDeps, event: EventMeta, object: unknown) => Promise<Outcome>;

const subscriptionChanged: Handler = async (deps, event, object) => {
  const subscription = subscriptionSnapshot(object, deps.planForPrice);
  const result = await deps.convex.mutation(api.billing.subscriptions.subscriptionChanged, {
    event,
    subscription,
    graceDays: deps.graceDays,
  });
  if (deps.fetchOnDisagreement && result.disagrees) {
    try {
      const fresh = await deps.port.retrieveSubscription(subscription.id);
      if (fresh) {
        const observedAt = Math.floor(Date.now() / 1000);
        await deps.convex.mutation(api.billing.subscriptions.reconcileSubscription, {
          subscription: subscriptionSnapshot(fresh, deps.planForPrice),
          observedAt,
          graceDays: deps.graceDays,
        });
      }
    } catch (error) {
      // The event itself is handled; the next event or fetch settles the disagreement.
      console.warn(JSON.stringify({ event: "stripe_reconcile_failed", subscription: subscription.id, error: (error as Error).message }));
    }
  }
  return result.outcome;
};

const trialWillEnd: Handler = async (deps, event, object) =>
  (
    await deps.convex.mutation(api.billing.subscriptions.trialWillEnd, {
      event,
      subscription: subscriptionSnapshot(object, deps.planForPrice),
    })
  ).outcome;

const checkoutCompleted: Handler = async (deps, event, object) => {
  const { session, replacesSubscriptionId } = checkoutSessionSnapshot(object);
  const result = await deps.convex.mutation(api.billing.subscriptions.checkoutCompleted, {
    event,
    session,
    replacesSubscriptionId,
    graceDays: deps.graceDays,
  });
  if (result.outcome !== "pending_cancel") return result.outcome;
  await deps.port.cancelSubscription({
    subscriptionId: result.replacedSubscriptionId!,
    reason: `Replaced by ${session.subscriptionId} (plan change through Checkout)`,
  });
  await deps.convex.mutation(api.billing.events.complete, { eventId: event.id });
  return "processed";
};

const invoiceCreated: Handler = async (deps, event, object) => {
  const invoice = invoiceSnapshot(object);
  const result = await deps.convex.mutation(api.billing.invoices.invoiceCreated, { event, invoice, graceDays: deps.graceDays });
  if (result.outcome !== "pending_lines") return result.outcome;
  await deps.port.addInvoiceLines({
    invoiceId: invoice.id,
    customerId: invoice.customerId,
    currency: invoice.currency,
    lines: result.lines,
  });
  await deps.convex.mutation(api.billing.invoices.invoiceLinesAdded, {
    eventId: event.id,
    customerId: invoice.customerId,
    invoiceId: invoice.id,
  });
  return "processed";
};

const invoiceFinalized: Handler = async (deps, event, object) =>
  (
    await deps.convex.mutation(api.billing.invoices.invoiceFinalized, {
      event,
      invoice: invoiceSnapshot(object),
      graceDays: deps.graceDays,
    })
  ).outcome;
const invoicePaid: Handler = async (deps, event, object) =>
  (await deps.convex.mutation(api.billing.invoices.invoicePaid, { event, invoice: invoiceSnapshot(object), graceDays: deps.graceDays }))
    .outcome;
const invoicePaymentFailed: Handler = async (deps, event, object) =>
  (
    await deps.convex.mutation(api.billing.invoices.invoicePaymentFailed, {
      event,
      invoice: invoiceSnapshot(object),
      graceDays: deps.graceDays,
    })
  ).outcome;

/** The allow-list. */
export const HANDLERS: Partial<Record<Stripe.Event["type"], Handler>> = {
  "checkout.session.completed": checkoutCompleted,
  "customer.subscription.created": subscriptionChanged,
  "customer.subscription.updated": subscriptionChanged,
  "customer.subscription.deleted": subscriptionChanged,
  "customer.subscription.trial_will_end": trialWillEnd,
  "invoice.created": invoiceCreated,
  "invoice.finalized": invoiceFinalized,
  "invoice.paid": invoicePaid,
  "invoice.payment_failed": invoicePaymentFailed,
};

export async function dispatch(deps: WebhookDeps, event: EventMeta, object: unknown): Promise<Outcome> {
  const handler = own(HANDLERS as Record<string, Handler | undefined>, event.type);
  if (!handler) return (await deps.convex.mutation(api.billing.events.ignore, { event, reason: `Not handled: ${event.type}` })).outcome;
  return handler(deps, event, object);
}
