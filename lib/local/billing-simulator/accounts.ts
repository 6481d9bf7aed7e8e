import "server-only";
import { BillingError, type CheckoutRequest, type CustomerRequest, type TenantOnRecord } from "@/lib/server/billing/port";
import { demoCard } from "./cards";
import { monthStart, newId, seconds } from "./ids";
import { attemptPayment, draftInvoice, finalize, type SimEvent } from "./charges";
import { checkoutSessionObject } from "./objects/checkout-session";
import { eventObject } from "./objects/event";
import { subscriptionObject } from "./objects/subscription";
import { tick, type SimState, type SimStore } from "./store";
import { own } from "../../server/billing/own";

/**
 * Simulator calls that create things (customers, Checkout and portal
 * sessions), each honouring its idempotency key the way Stripe does: the same
 * key answers with what the first request made.
 *
 * A customer belongs to the tenant named in its metadata.tenantId, the same
 * rule Stripe mode checks: sessions are only made for the tenant's own
 * customer, and anything else is answered like a customer that does not exist.
 */
const remembered = (s: SimState, key: string) => own(s.idempotency, key);

const noSuchCustomer = (id: string) => new BillingError(`No such customer: '${id}'`, "resource_missing", "customer");

export function customerOrThrow(s: SimState, id: string) {
  const customer = own(s.customers, id);
  if (!customer) throw noSuchCustomer(id);
  return customer;
}

/** The customer, only if it is `tenantId`'s. */
export function tenantCustomerOrThrow(s: SimState, id: string, tenantId: string) {
  const customer = customerOrThrow(s, id);
  if (customer.metadata.tenantId !== tenantId) throw noSuchCustomer(id);
  return customer;
}

export function customerOwnedBy(store: SimStore, id: string, tenantId: string): Promise<boolean> {
  return store.read((s) => own(s.customers, id)?.metadata.tenantId === tenantId);
}

export function createCustomer(store: SimStore, input: CustomerRequest, idempotencyKey: string): Promise<string> {
  return store.update((s) => {
    const known = remembered(s, idempotencyKey);
    if (known) return known;
    const id = newId("cus", 14);
    s.customers[id] = {
      id,
      email: input.email,
      name: input.name,
      metadata: { tenantId: input.tenantId, tenantSlug: input.tenantSlug },
      created: seconds(Date.now()),
      card: null,
    };
    s.idempotency[idempotencyKey] = id;
    return id;
  });
}

export function createCheckoutSession(store: SimStore, input: CheckoutRequest, urlTemplate: string, idempotencyKey: string) {
  return store.update((s) => {
    const known = remembered(s, idempotencyKey);
    const made = known ? own(s.checkoutSessions, known) : undefined;
    if (made) return { id: made.id, url: made.url! };
    const customer = tenantCustomerOrThrow(s, input.tenant.customerId, input.tenant.tenantId);
    const metadata: Record<string, string> = { tenantId: input.tenant.tenantId, tenantSlug: input.tenant.tenantSlug, plan: input.plan };
    if (input.replacesSubscriptionId) metadata.replacesSubscription = input.replacesSubscriptionId;
    const session = checkoutSessionObject({
      customerId: customer.id,
      email: customer.email,
      plan: input.plan,
      clientReferenceId: input.tenant.tenantId,
      metadata,
      successUrl: input.successUrl,
      cancelUrl: input.cancelUrl,
      urlTemplate,
      created: seconds(Date.now()),
    });
    s.checkoutSessions[session.id] = session;
    s.idempotency[idempotencyKey] = session.id;
    return { id: session.id, url: session.url! };
  });
}

export function createPortalSession(
  store: SimStore,
  input: { customerId: string; tenantId: string; returnUrl: string },
  urlTemplate: string,
  idempotencyKey: string,
) {
  return store.update((s) => {
    const known = remembered(s, idempotencyKey);
    if (known && own(s.portalSessions, known)) return { url: urlTemplate.replace("{id}", known) };
    tenantCustomerOrThrow(s, input.customerId, input.tenantId);
    const id = newId("bps", 24);
    const created = seconds(Date.now());
    s.portalSessions[id] = { id, customer: input.customerId, returnUrl: input.returnUrl, created, expiresAt: created + 3600 };
    s.idempotency[idempotencyKey] = id;
    return { url: urlTemplate.replace("{id}", id) };
  });
}

/**
 * Demo tenants are seeded as paying (cus_demo_*, sub_demo_*) in Convex alone: the
 * server's start (lib/server/billing/seeded.ts), or else their first checkout,
 * portal visit or staff control, creates them here as if they had always been in
 * the account (a card that pays, a subscription since the month began and its
 * first invoice, paid). A new subscription comes with the events Stripe would have
 * sent for it (created, invoice created, finalized, paid), which the caller
 * delivers: Convex learns its period and invoice the way it learns a checkout's.
 * A customer the account already has for another tenant is not adopted: it is
 * answered like a missing one, and nothing of it changes.
 */
export function adoptTenant(store: SimStore, input: TenantOnRecord) {
  return store.update((s) => {
    const events: SimEvent[] = [];
    const customerId = input.customerId;
    // Only ids shaped like Stripe's become keys of the account (never "__proto__" and the like).
    if (!/^cus_[\w-]+$/.test(customerId)) throw noSuchCustomer(customerId);
    if (own(s.customers, customerId)) tenantCustomerOrThrow(s, customerId, input.tenantId);
    else
      s.customers[customerId] = {
        id: customerId,
        email: input.email,
        name: input.name,
        metadata: { tenantId: input.tenantId, tenantSlug: input.tenantSlug },
        created: seconds(Date.now()),
        card: demoCard(),
      };
    if (input.subscriptionId && /^sub_[\w-]+$/.test(input.subscriptionId) && !own(s.subscriptions, input.subscriptionId)) {
      const sub = subscriptionObject({
        id: input.subscriptionId,
        customerId,
        plan: input.plan,
        start: monthStart(seconds(Date.now())),
        metadata: { tenantId: input.tenantId, tenantSlug: input.tenantSlug, plan: input.plan },
        paymentMethod: s.customers[customerId].card?.paymentMethodId ?? null,
      });
      s.subscriptions[sub.id] = sub;
      events.push(eventObject("customer.subscription.created", sub, tick(s, sub.id)));
      const start = sub.items.data[0].current_period_start;
      const invoice = draftInvoice(s, sub, "subscription_create", start, start);
      events.push(eventObject("invoice.created", invoice, invoice.created), ...finalize(s, invoice.id), ...attemptPayment(s, invoice.id));
      s.subscriptions[sub.id] = { ...s.subscriptions[sub.id], latest_invoice: invoice.id };
    }
    return { customerId, subscriptionId: input.subscriptionId, events };
  });
}
