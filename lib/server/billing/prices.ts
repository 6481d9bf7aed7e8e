import "server-only";
import { getEnv } from "@/lib/server/env";
import { PLAN_IDS, type PlanId } from "@/lib/domain/plans";
import { simulatorPriceId } from "../../domain/billing/price-ids";

/**
 * Which Stripe Price is which plan. In Stripe mode the ids come from
 * STRIPE_PRICE_<PLAN> (lib/domain/plans' `stripePriceEnv`); the simulator has its own
 * fixed ids. A price that is no plan's (set up by hand in Stripe) maps to null,
 * and billing then leaves the tenant's plan alone.
 */
export { simulatorPriceId };

export function priceIdFor(plan: PlanId): string | null {
  const billing = getEnv().billing;
  return billing.kind === "stripe" ? (billing.prices[plan] ?? null) : simulatorPriceId(plan);
}

export function planForPrice(priceId: string | null): PlanId | null {
  if (!priceId) return null;
  return PLAN_IDS.find((plan) => priceIdFor(plan) === priceId) ?? null;
}
