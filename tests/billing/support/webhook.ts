/**
 * Sending Stripe-shaped events to the real webhook handler (the function
 * behind POST /api/webhooks/stripe) with real Convex behind it, signed by the
 * stripe SDK's own test-header helper.
 */
import Stripe from "stripe";
import { handleStripeWebhook } from "../../../lib/server/billing/webhook/handle";
import { systemConvex } from "../../../lib/server/convex/gateway";
import type { WebhookDeps } from "../../../lib/server/billing/webhook/handlers";
import type { BillingPort } from "../../../lib/server/billing/port";
import { planForPrice } from "../../../lib/server/billing/prices";
import { SYSTEM_SECRET } from "./world";

export const WEBHOOK_SECRET = "whsec_billing_tests_primary_0123456789";
export const OLD_WEBHOOK_SECRET = "whsec_billing_tests_previous_987654321";

export type Deps = WebhookDeps & { secrets: string[] };

/** A port that fails the test if the handler calls Stripe when it should not. */
export const noStripe: BillingPort = new Proxy({} as BillingPort, {
  get: (_, name) => (name === "kind" ? "simulator" : () => Promise.reject(new Error(`unexpected billing port call: ${String(name)}`))),
});

export function webhookDeps(convexUrl: string, overrides: Partial<Deps> = {}): Deps {
  return {
    secrets: [WEBHOOK_SECRET, OLD_WEBHOOK_SECRET],
    convex: systemConvex(convexUrl, SYSTEM_SECRET),
    port: noStripe,
    fetchOnDisagreement: false,
    graceDays: 7,
    planForPrice,
    ...overrides,
  };
}

export type SendOptions = { secret?: string; timestamp?: number; signature?: string | null; body?: (payload: string) => string };

/** Signs `event` (object or exact payload) and hands it to the handler; returns status and JSON body. */
export async function send(deps: Deps, event: object | string, options: SendOptions = {}) {
  const payload = typeof event === "string" ? event : JSON.stringify(event, null, 2);
  const signature =
    options.signature === undefined
      ? Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: options.secret ?? WEBHOOK_SECRET,
          ...(options.timestamp ? { timestamp: options.timestamp } : {}),
        })
      : options.signature;
  const headers = new Headers({ "content-type": "application/json" });
  if (signature !== null) headers.set("stripe-signature", signature);
  const body = options.body ? options.body(payload) : payload;
  const response = await handleStripeWebhook(new Request("http://localhost/api/webhooks/stripe", { method: "POST", headers, body }), deps);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
