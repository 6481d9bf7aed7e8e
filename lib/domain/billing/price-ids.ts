import type { PlanId } from "../plans";

/** The simulator's Price id for each plan (Stripe mode reads STRIPE_PRICE_<PLAN> instead: lib/server/billing/prices.ts). */
export const simulatorPriceId = (plan: PlanId) => `price_tenantry_${plan}`;
