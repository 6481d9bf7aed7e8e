/**
 * Event envelopes as Stripe sends them to webhook endpoints: a snapshot of the
 * object at the time of the event (deep-copied, so later changes do not leak
 * in), `previous_attributes` for updates, and the API version the `stripe`
 * SDK pins, so the webhook route cannot tell the simulator from Stripe.
 */
import Stripe from "stripe";
import { newId } from "../ids";

export type SimEventType =
  | "checkout.session.completed"
  | "customer.subscription.created"
  | "customer.subscription.updated"
  | "customer.subscription.deleted"
  | "invoice.created"
  | "invoice.finalized"
  | "invoice.paid"
  | "invoice.payment_succeeded"
  | "invoice.payment_failed";

type EventOf<T extends SimEventType> = Extract<Stripe.Event, { type: T }>;
type ObjectOf<T extends SimEventType> = EventOf<T>["data"]["object"];

export function eventObject<T extends SimEventType>(
  type: T,
  object: ObjectOf<T>,
  created: number,
  options: { previous?: Partial<ObjectOf<T>>; idempotencyKey?: string | null } = {},
): EventOf<T> {
  const data = { object: structuredClone(object), ...(options.previous ? { previous_attributes: structuredClone(options.previous) } : {}) };
  const event = {
    id: newId("evt"),
    object: "event",
    api_version: Stripe.API_VERSION,
    created,
    data,
    livemode: false,
    pending_webhooks: 1,
    request: { id: options.idempotencyKey === undefined ? null : newId("req", 14), idempotency_key: options.idempotencyKey ?? null },
    type,
  } satisfies Stripe.EventBase & { type: T };
  return event as EventOf<T>;
}
