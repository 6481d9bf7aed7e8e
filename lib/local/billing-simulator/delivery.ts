import "server-only";
import Stripe from "stripe";
import { getEnv } from "@/lib/server/env";
import { webhookSecrets } from "@/lib/server/billing/secrets";

/**
 * Delivers simulator events to the real webhook route, signed with the webhook
 * secret by the stripe SDK, one at a time in the order they happened (one
 * queue per process). A 5xx or network error is retried twice, as Stripe would
 * (sooner). Callers that act for a person await their events; calls made from
 * inside webhook handling only enqueue (awaiting there would wait on itself).
 */
export type Delivery = { eventId: string; type: string; status: number; body: string };
export type Transport = (payload: string, signature: string) => Promise<{ status: number; body: string }>;

const QUEUE = Symbol.for("tenantry.billing.simulator.queue");
type Slot = { tail: Promise<unknown> };
const slot = ((globalThis as Record<symbol, Slot | undefined>)[QUEUE] ??= { tail: Promise.resolve() });

function httpTransport(): Transport {
  const url = `${getEnv().appUrl}/api/webhooks/stripe`;
  return async (payload, signature) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: payload,
    });
    return { status: response.status, body: await response.text() };
  };
}

export function signPayload(payload: string, secret = webhookSecrets()[0]): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret });
}

async function deliverOne(event: { id: string; type: string }, payload: string, transport: Transport): Promise<Delivery> {
  let last: Delivery = { eventId: event.id, type: event.type, status: 0, body: "" };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const { status, body } = await transport(payload, signPayload(payload));
      last = { eventId: event.id, type: event.type, status, body };
      if (status < 500) return last;
    } catch (error) {
      last = { ...last, status: 0, body: (error as Error).message };
    }
    await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
  }
  console.warn(JSON.stringify({ event: "stripe_simulator_delivery_failed", eventId: event.id, type: event.type, status: last.status }));
  return last;
}

/** Queues events for delivery; the promise settles when these have been delivered (or given up on). */
export function deliver(events: { id: string; type: string }[], transport: Transport = httpTransport()): Promise<Delivery[]> {
  const run = slot.tail.then(async () => {
    const out: Delivery[] = [];
    for (const event of events) out.push(await deliverOne(event, JSON.stringify(event, null, 2), transport));
    return out;
  });
  slot.tail = run.catch(() => undefined);
  return run;
}

/** Re-signs and posts a stored payload now, outside the queue (staff redelivery). */
export async function redeliver(payload: string, transport: Transport = httpTransport()): Promise<{ status: number; body: string }> {
  return transport(payload, signPayload(payload));
}
