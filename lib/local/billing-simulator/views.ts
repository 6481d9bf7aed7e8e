import "server-only";
import { own } from "../../server/billing/own";
import type { SimStore } from "./store";

/**
 * What the Checkout and Customer Portal stand-in pages show, looked up by the
 * id in their URL. Anything that is not a stored session of that kind (a
 * forged id, "__proto__", an expired portal link, a session whose customer is
 * gone) is null, and the page answers its normal 404.
 */
export function checkoutView(store: SimStore, id: string) {
  return store.read((s) => own(s.checkoutSessions, id) ?? null);
}

export function portalView(store: SimStore, id: string) {
  return store.read((s) => {
    const portal = own(s.portalSessions, id);
    if (!portal || portal.expiresAt < Date.now() / 1000) return null;
    const customer = own(s.customers, portal.customer);
    if (!customer) return null;
    // The session's own customer only: never another customer's subscriptions or invoices.
    const subscriptions = Object.values(s.subscriptions).filter((x) => x.customer === customer.id && x.status !== "canceled");
    const invoices = Object.values(s.invoices)
      .filter((i) => i.customer === customer.id && i.status !== "draft")
      .sort((a, b) => b.created - a.created)
      .slice(0, 12);
    return { portal, customer, subscriptions, invoices };
  });
}
