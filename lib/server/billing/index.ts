import "server-only";
import { getEnv } from "@/lib/server/env";
import type { BillingPort, InvoiceReader } from "./port";
import { simulatorAdapter } from "../../local/billing-simulator/adapter";
import { simStoreAt, type SimStore } from "../../local/billing-simulator/store";
import { stripeAdapter } from "./stripe-adapter";
import { providerInvoice } from "./ledger";

export { BillingError, type BillingPort } from "./port";

/** The port's InvoiceReader over the simulator's account: the same Stripe-shaped invoices its webhook events carried. */
function simulatorInvoices(store: SimStore): InvoiceReader {
  return {
    listInvoices: ({ customerId, fromMs, toMs }) =>
      store.read((s) =>
        Object.values(s.invoices)
          .filter((i) => i.customer === customerId && i.created * 1000 >= fromMs && i.created * 1000 < toMs)
          .sort((a, b) => a.created - b.created)
          .map((i) => providerInvoice(i, structuredClone(i.lines.data))),
      ),
  };
}

let port: (BillingPort & InvoiceReader) | undefined;

/** The billing port for this process: Stripe with keys, otherwise the simulator (see lib/server/env.ts). */
export function getBilling(): BillingPort & InvoiceReader {
  if (port) return port;
  const env = getEnv();
  if (env.billing.kind === "stripe") return (port = stripeAdapter(env.billing.secretKey));
  const store = simStoreAt(env.dataDir);
  port = { ...simulatorAdapter(store, env.appUrl), ...simulatorInvoices(store) };
  return port;
}

/** The simulator's store, or null in Stripe mode (its pages and staff controls then answer 404). */
export function simulatorStore() {
  const env = getEnv();
  return env.billing.kind === "simulator" ? simStoreAt(env.dataDir) : null;
}
