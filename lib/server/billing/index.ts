import "server-only";
import { getEnv } from "@/lib/server/env";
import type { BillingPort } from "./port";
import { simulatorAdapter } from "../../local/billing-simulator/adapter";
import { simStoreAt } from "../../local/billing-simulator/store";
import { stripeAdapter } from "./stripe-adapter";

export { BillingError, type BillingPort } from "./port";

let port: BillingPort | undefined;

/** The billing port for this process: Stripe with keys, otherwise the simulator (see lib/server/env.ts). */
export function getBilling(): BillingPort {
  if (port) return port;
  const env = getEnv();
  port = env.billing.kind === "stripe" ? stripeAdapter(env.billing.secretKey) : simulatorAdapter(simStoreAt(env.dataDir), env.appUrl);
  return port;
}

/** The simulator's store, or null in Stripe mode (its pages and staff controls then answer 404). */
export function simulatorStore() {
  const env = getEnv();
  return env.billing.kind === "simulator" ? simStoreAt(env.dataDir) : null;
}
