import "server-only";
import { isPlanId } from "@/lib/domain/plans";
import { BillingError, type InvoiceLinesRequest } from "@/lib/server/billing/port";
import { DECLINE_MESSAGES, readCard, type CardInput, type CardProblem } from "./cards";
import { attemptPayment, draftInvoice, finalize, planOf, subscriptionOrThrow, unpaidInvoices, type SimEvent } from "./charges";
import { customerOrThrow } from "./accounts";
import { addMonth, newId } from "./ids";
import { eventObject } from "./objects/event";
import { invoiceItemLine, withTotals } from "./objects/invoice";
import { subscriptionItem, subscriptionObject } from "./objects/subscription";
import { tick, type SimState, type SimStore } from "./store";
import { own } from "../../server/billing/own";

/**
 * What happens in the simulated Stripe account when someone pays, a period
 * ends, a card changes or a subscription is cancelled. Each returns the events
 * Stripe would send, in order; the caller delivers them.
 */
export type CardOutcome = { ok: true; events: SimEvent[] } | { ok: false; problem: CardProblem };

function refused(behavior: keyof typeof DECLINE_MESSAGES): CardOutcome {
  return { ok: false, problem: { field: "number", ...DECLINE_MESSAGES[behavior] } };
}

/** The Checkout stand-in's Pay button: a declined card changes nothing. */
export function completeCheckout(store: SimStore, sessionId: string, input: CardInput): Promise<CardOutcome & { successUrl?: string }> {
  const read = readCard(input);
  return store.update((s) => {
    const session = own(s.checkoutSessions, sessionId);
    if (!session) throw new BillingError("This checkout page does not exist.", "resource_missing");
    if (session.status === "complete") return { ok: true as const, events: [], successUrl: session.success_url! };
    if (session.status !== "open" || session.expires_at < Date.now() / 1000)
      throw new BillingError("This checkout page has expired. Start again from the Billing page.", "expired");
    if ("problem" in read) return { ok: false as const, problem: read.problem };
    if (read.card.behavior !== "succeed") return refused(read.card.behavior);
    const customer = customerOrThrow(s, session.customer as string);
    customer.card = read.card;
    const plan = session.metadata?.plan;
    if (!plan || !isPlanId(plan)) throw new BillingError("This checkout has no plan.", "invalid_request");
    const metadata = { tenantId: session.metadata!.tenantId, tenantSlug: session.metadata!.tenantSlug, plan };
    const id = newId("sub");
    const start = tick(s, id);
    const sub = subscriptionObject({ id, customerId: customer.id, plan, metadata, start, paymentMethod: read.card.paymentMethodId });
    s.subscriptions[sub.id] = sub;
    const events: SimEvent[] = [eventObject("customer.subscription.created", sub, start)];
    const invoice = draftInvoice(s, sub, "subscription_create", start, start);
    events.push(eventObject("invoice.created", invoice, invoice.created));
    events.push(...finalize(s, invoice.id), ...attemptPayment(s, invoice.id));
    s.subscriptions[sub.id] = { ...s.subscriptions[sub.id], latest_invoice: invoice.id };
    const done = { ...session, status: "complete" as const, payment_status: "paid" as const, subscription: sub.id, invoice: invoice.id };
    s.checkoutSessions[sessionId] = done;
    events.push(eventObject("checkout.session.completed", done, tick(s, sub.id)));
    return { ok: true as const, events, successUrl: session.success_url! };
  });
}

/** Staff "end billing period", step 1: the period rolls over and a draft invoice appears (invoice.created). */
export function startPeriodEnd(store: SimStore, subscriptionId: string, failingCard: boolean) {
  return store.update((s) => {
    const sub = subscriptionOrThrow(s, subscriptionId);
    if (!["active", "past_due", "trialing"].includes(sub.status))
      throw new BillingError(`Subscription ${sub.id} is ${sub.status}: there is no period to end.`, "invalid_request");
    if (failingCard) {
      const customer = customerOrThrow(s, sub.customer as string);
      customer.card = {
        paymentMethodId: newId("pm"),
        brand: "visa",
        last4: "0341",
        expMonth: 12,
        expYear: new Date().getUTCFullYear() + 3,
        behavior: "fail_charges",
      };
    }
    const previousItems = structuredClone(sub.items);
    const oldStart = sub.items.data[0].current_period_start;
    const now = tick(s, sub.id);
    const item = subscriptionItem(sub.id, planOf(sub), now, addMonth(now), sub.items.data[0].created);
    const rolled = { ...sub, items: { ...sub.items, data: [{ ...item, id: sub.items.data[0].id }] } };
    s.subscriptions[sub.id] = rolled;
    const invoice = draftInvoice(s, rolled, "subscription_cycle", oldStart, now);
    s.subscriptions[sub.id] = { ...rolled, latest_invoice: invoice.id };
    const events = [
      eventObject("customer.subscription.updated", s.subscriptions[sub.id], now, {
        previous: { items: previousItems, latest_invoice: sub.latest_invoice },
      }),
      eventObject("invoice.created", invoice, invoice.created),
    ];
    return { invoiceId: invoice.id, events };
  });
}

/** Step 2, after invoice.created was handled (metered lines added): finalize and charge. */
export function finishPeriodEnd(store: SimStore, invoiceId: string): Promise<SimEvent[]> {
  return store.update((s) => [...finalize(s, invoiceId), ...attemptPayment(s, invoiceId)]);
}

/** invoiceItems.create for each line, once per idempotency key; only draft invoices take new lines. */
export function addInvoiceLines(store: SimStore, req: InvoiceLinesRequest, keyOf: (kind: string) => string): Promise<void> {
  return store.update((s) => {
    const invoice = own(s.invoices, req.invoiceId);
    if (!invoice || invoice.customer !== req.customerId) throw new BillingError(`No such invoice: '${req.invoiceId}'`, "resource_missing");
    const fresh = req.lines.filter((l) => !s.idempotency[keyOf(l.kind)]);
    if (fresh.length === 0) return;
    if (invoice.status !== "draft") throw new BillingError("You can only add invoice items to draft invoices.", "invoice_not_editable");
    const subscriptionId = (invoice.parent?.subscription_details?.subscription as string | undefined) ?? null;
    const lines = fresh.map((l) =>
      invoiceItemLine(
        {
          invoiceId: invoice.id,
          amount: l.amountCents,
          description: l.description,
          start: invoice.period_start,
          end: invoice.period_end,
          metadata: { tenantry_line: l.kind },
        },
        subscriptionId,
      ),
    );
    s.invoices[invoice.id] = withTotals({ ...invoice, lines: { ...invoice.lines, data: [...invoice.lines.data, ...lines] } });
    fresh.forEach((l, i) => (s.idempotency[keyOf(l.kind)] = lines[i].id));
  });
}

export function cancelNow(store: SimStore, subscriptionId: string, reason: string): Promise<SimEvent[]> {
  return store.update((s) => {
    const sub = subscriptionOrThrow(s, subscriptionId);
    if (sub.status === "canceled") return [];
    const at = tick(s, sub.id);
    const details = { comment: reason, feedback: null, feedback_option: null, reason: "cancellation_requested" as const };
    s.subscriptions[sub.id] = { ...sub, status: "canceled", canceled_at: at, ended_at: at, cancellation_details: details };
    return [eventObject("customer.subscription.deleted", s.subscriptions[sub.id], at)];
  });
}

function portalCustomer(s: SimState, portalId: string) {
  const portal = own(s.portalSessions, portalId);
  if (!portal) throw new BillingError("This billing portal link does not exist.", "resource_missing");
  if (portal.expiresAt < Date.now() / 1000)
    throw new BillingError("This billing portal link has expired. Open it again from the Billing page.", "expired");
  return customerOrThrow(s, portal.customer);
}

/** The portal's "update payment method": declining cards are refused; then failed invoices are retried. */
export function updateCard(store: SimStore, portalId: string, input: CardInput): Promise<CardOutcome> {
  const read = readCard(input);
  return store.update((s) => {
    const customer = portalCustomer(s, portalId);
    if ("problem" in read) return { ok: false as const, problem: read.problem };
    // 0341 attaches (it fails later, on charges); 0002 and 9995 are refused when attached.
    if (read.card.behavior === "decline" || read.card.behavior === "insufficient_funds") return refused(read.card.behavior);
    customer.card = read.card;
    return { ok: true as const, events: unpaidInvoices(s, customer.id).flatMap((id) => attemptPayment(s, id)) };
  });
}

/**
 * The portal's "cancel at period end" (and "don't cancel"), for the portal
 * session's own customer only: another customer's subscription is answered
 * exactly like one that does not exist, and nothing changes.
 */
export function setCancelAtPeriodEnd(store: SimStore, portalId: string, subscriptionId: string, cancel: boolean): Promise<SimEvent[]> {
  return store.update((s) => {
    const customer = portalCustomer(s, portalId);
    const sub = subscriptionOrThrow(s, subscriptionId);
    if (sub.customer !== customer.id)
      throw new BillingError(`No such subscription: '${subscriptionId}'`, "resource_missing", "subscription");
    if (sub.status === "canceled" || sub.cancel_at_period_end === cancel) return [];
    const at = tick(s, sub.id);
    const end = sub.items.data[0].current_period_end;
    s.subscriptions[sub.id] = { ...sub, cancel_at_period_end: cancel, cancel_at: cancel ? end : null };
    return [
      eventObject("customer.subscription.updated", s.subscriptions[sub.id], at, {
        previous: { cancel_at_period_end: !cancel, cancel_at: sub.cancel_at },
      }),
    ];
  });
}
