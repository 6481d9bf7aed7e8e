import "server-only";
import { api } from "@/convex/_generated/api";
import { getEnv } from "@/lib/server/env";
import { simulatorStore } from "./index";
import { handleStripeWebhook } from "./webhook/handle";
import { stripeWebhookDeps } from "./webhook/deps";
import { adoptTenant, deliver, type Transport } from "./simulator";

/**
 * Local mode, at the server's start (instrumentation.ts): the demo seed's paying
 * tenants that Convex knows only by their Stripe ids are adopted into the billing
 * simulator, and the events of their subscription (created, first invoice
 * finalized and paid) are signed and handed to the webhook handler, which
 * verifies them as it verifies any: Convex then shows the period the portal
 * shows and a paid invoice. The handler is called in-process because the server
 * does not listen until start-up is done. Does nothing when every one is known
 * (a cheap query), in Stripe mode, or without the system secret.
 */
export async function adoptSeededSubscriptions(): Promise<number> {
  const store = simulatorStore();
  const deps = stripeWebhookDeps();
  if (!store || !deps) return 0;
  const tenants = await deps.convex.query(api.billing.seeded.unadopted, {});
  if (tenants.length === 0) return 0;
  const url = `${getEnv().appUrl}/api/webhooks/stripe`;
  const transport: Transport = async (payload, signature) => {
    const request = new Request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: payload,
    });
    const response = await handleStripeWebhook(request, deps);
    return { status: response.status, body: await response.text() };
  };
  for (const tenant of tenants) {
    const { events } = await adoptTenant(store, tenant);
    const failed = (await deliver(events, transport)).filter((d) => d.status !== 200);
    if (failed.length > 0)
      console.warn(
        JSON.stringify({
          event: "seeded_subscription_adoption_failed",
          tenant: tenant.tenantSlug,
          failed: failed.map((d) => `${d.type} ${d.status}`),
        }),
      );
  }
  return tenants.length;
}
