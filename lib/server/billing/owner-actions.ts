import "server-only";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import { api } from "@/convex/_generated/api";
import { getEnv } from "@/lib/server/env";
import { isPlanId, PLANS } from "@/lib/domain/plans";
import { getBilling } from "./index";
import { BillingError, type BillingPort } from "./port";
import { priceIdFor } from "./prices";
import { asUser, systemConvex, type SystemConvex } from "@/lib/server/convex/gateway";

/**
 * What the Billing page's buttons do on the server, as the signed-in owner:
 * Convex checks the role and the choice first (tenant door, billing.manage)
 * and answers with a binding (tenant + acting owner, no Stripe ids). The
 * server then reads the tenant's Stripe ids with the system secret, and the
 * billing port talks to Stripe or the simulator. The customer is created once
 * per tenant, checked with the provider (metadata.tenantId) and recorded by a
 * system mutation before anything else uses it: no browser-callable function
 * ever takes a customer id.
 */
type Mutation = FunctionReference<"mutation">;
export type OwnerDeps = {
  /** Calls Convex as the signed-in owner (their token): the tenant door runs. */
  owner: { mutation<F extends Mutation>(ref: F, args: FunctionArgs<F>): Promise<FunctionReturnType<F>> };
  system: SystemConvex;
  port: BillingPort;
  appUrl: string;
};

/** The dependencies for a route handler acting for the owner behind `token`. */
export function ownerDeps(token: string): OwnerDeps {
  const env = getEnv();
  if (!env.systemSecret) throw new BillingError("Billing is not available: TENANTRY_SYSTEM_SECRET is not set.", "billing_unavailable");
  return {
    owner: asUser(token, env.convex.url),
    system: systemConvex(env.convex.url, env.systemSecret),
    port: getBilling(),
    appUrl: env.appUrl,
  };
}

type Binding = { tenantId: string; tenantSlug: string; actorId: string };
const noSuchCustomer = (id: string) => new BillingError(`No such customer: '${id}'`, "resource_missing", "customer");

/** Makes the tenant's customer, checks it with the provider, and records it (the first one wins a race). */
async function ensureCustomer(
  deps: OwnerDeps,
  bound: Binding,
  record: { name: string; email: string; customerId: string | null },
): Promise<string> {
  if (record.customerId) return record.customerId;
  const made = await deps.port.createCustomer({
    tenantId: bound.tenantId,
    tenantSlug: bound.tenantSlug,
    name: record.name,
    email: record.email,
  });
  if (!(await deps.port.customerOwnedBy(made, bound.tenantId))) throw noSuchCustomer(made);
  const recorded = await deps.system.mutation(api.billing.account.recordCustomer, {
    tenantId: bound.tenantId,
    actorId: bound.actorId,
    customerId: made,
  });
  return recorded.customerId;
}

export async function startCheckout(deps: OwnerDeps, slug: string, plan: string, attemptKey: string): Promise<{ url: string }> {
  const bound: Binding = await deps.owner.mutation(api.billing.account.checkoutContext, { slug, plan });
  if (!isPlanId(plan)) throw new BillingError("Choose one of the plans.", "invalid_plan", "plan"); // checked by Convex already
  const priceId = priceIdFor(plan);
  if (!priceId)
    throw new BillingError(
      `The ${PLANS[plan].name} plan cannot be bought yet: its Stripe price (${PLANS[plan].stripePriceEnv}) is not configured.`,
      "plan_unavailable",
      "plan",
    );
  const record = await deps.system.query(api.billing.account.accountOnRecord, { tenantId: bound.tenantId, actorId: bound.actorId });
  const customerId = await ensureCustomer(deps, bound, record);
  const base = `${deps.appUrl}/t/${record.tenantSlug}/billing`;
  return deps.port.createCheckoutSession({
    tenant: { ...record, customerId, subscriptionId: record.replacesSubscriptionId },
    plan,
    priceId,
    successUrl: `${base}?checkout=success`,
    cancelUrl: `${base}?checkout=canceled`,
    replacesSubscriptionId: record.replacesSubscriptionId,
    attemptKey,
  });
}

export async function openPortal(deps: OwnerDeps, slug: string, attemptKey: string): Promise<{ url: string }> {
  const bound: Binding = await deps.owner.mutation(api.billing.account.portalContext, { slug });
  const record = await deps.system.query(api.billing.account.accountOnRecord, { tenantId: bound.tenantId, actorId: bound.actorId });
  if (!record.customerId) throw new BillingError("There is no billing account yet: choose a plan first.", "no_customer");
  return deps.port.createPortalSession({
    tenant: { ...record, customerId: record.customerId },
    returnUrl: `${deps.appUrl}/t/${record.tenantSlug}/billing`,
    attemptKey,
  });
}
