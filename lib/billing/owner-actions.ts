import "server-only";
import { fetchMutation } from "convex/nextjs";
import { api } from "@/convex/_generated/api";
import { getEnv } from "@/lib/env";
import { isPlanId, PLANS } from "@/lib/plans";
import { getBilling } from "./index";
import { BillingError } from "./port";
import { priceIdFor } from "./prices";

/**
 * What the Billing page's buttons do on the server, as the signed-in owner:
 * Convex checks the role and the choice first (tenant door, billing.manage),
 * then the billing port talks to Stripe or the simulator. The customer is
 * created once per tenant and recorded before anything else uses it.
 */
type As = { token: string; slug: string };

const convexOptions = (token: string) => ({ token, url: getEnv().convex.url });

export async function startCheckout({ token, slug }: As, plan: string, attemptKey: string): Promise<{ url: string }> {
  const record = await fetchMutation(api.billing.checkoutContext, { slug, plan }, convexOptions(token));
  if (!isPlanId(plan)) throw new BillingError("Choose one of the plans.", "invalid_plan", "plan"); // checked by Convex already
  const priceId = priceIdFor(plan);
  if (!priceId) throw new BillingError(`The ${PLANS[plan].name} plan cannot be bought yet: its Stripe price (${PLANS[plan].stripePriceEnv}) is not configured.`, "plan_unavailable", "plan");
  const port = getBilling();
  let customerId = record.customerId;
  if (!customerId) {
    const made = await port.createCustomer({ tenantId: record.tenantId, tenantSlug: record.tenantSlug, name: record.name, email: record.email });
    // If two clicks raced, Convex keeps the first customer; the idempotency key made it the same one anyway.
    customerId = (await fetchMutation(api.billing.attachCustomer, { slug, customerId: made }, convexOptions(token))).customerId;
  }
  const base = `${getEnv().appUrl}/t/${record.tenantSlug}/billing`;
  return port.createCheckoutSession({
    tenant: { ...record, customerId },
    plan,
    priceId,
    successUrl: `${base}?checkout=success`,
    cancelUrl: `${base}?checkout=canceled`,
    replacesSubscriptionId: record.replacesSubscriptionId,
    attemptKey,
  });
}

export async function openPortal({ token, slug }: As, attemptKey: string): Promise<{ url: string }> {
  const record = await fetchMutation(api.billing.portalContext, { slug }, convexOptions(token));
  return getBilling().createPortalSession({ tenant: record, returnUrl: `${getEnv().appUrl}/t/${record.tenantSlug}/billing`, attemptKey });
}
