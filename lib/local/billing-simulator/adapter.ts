import "server-only";
import type { BillingPort } from "@/lib/server/billing/port";
import { adoptTenant, createCheckoutSession, createCustomer, createPortalSession, customerOwnedBy } from "./accounts";
import { deliver } from "./delivery";
import { addInvoiceLines, cancelNow } from "./operations";
import type { SimStore } from "./store";
import { own } from "../../server/billing/own";

/**
 * The billing port over the simulator: same calls, same idempotency keys as
 * the Stripe adapter; Checkout and the Customer Portal are stand-in pages in
 * the app (/checkout/...). Events caused here are queued, not awaited: these
 * calls also run inside webhook handling, which the queue is waiting on.
 */
export function simulatorAdapter(store: SimStore, appUrl: string): BillingPort {
  return {
    kind: "simulator",
    createCustomer: (input) => createCustomer(store, input, `tenantry-customer-${input.tenantId}`),
    customerOwnedBy: (customerId, tenantId) => customerOwnedBy(store, customerId, tenantId),
    createCheckoutSession: async (input) => {
      void deliver((await adoptTenant(store, input.tenant)).events);
      return createCheckoutSession(
        store,
        input,
        `${appUrl}/checkout/{id}`,
        `tenantry-checkout-${input.tenant.tenantId}-${input.attemptKey}`,
      );
    },
    createPortalSession: async ({ tenant, returnUrl, attemptKey }) => {
      void deliver((await adoptTenant(store, tenant)).events);
      return createPortalSession(
        store,
        { customerId: tenant.customerId, tenantId: tenant.tenantId, returnUrl },
        `${appUrl}/checkout/portal/{id}`,
        `tenantry-portal-${tenant.customerId}-${attemptKey}`,
      );
    },
    addInvoiceLines: (input) => addInvoiceLines(store, input, (kind) => `tenantry-invoice-line-${input.invoiceId}-${kind}`),
    cancelSubscription: async ({ subscriptionId, reason }) => {
      void deliver(await cancelNow(store, subscriptionId, reason));
    },
    retrieveSubscription: (id) => store.read((s) => structuredClone(own(s.subscriptions, id) ?? null)),
  };
}
