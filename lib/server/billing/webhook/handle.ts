import "server-only";
import Stripe from "stripe";
import { ZodError } from "zod";
import { api } from "@/convex/_generated/api";
import { dispatch, type WebhookDeps } from "./handlers";

/**
 * POST /api/webhooks/stripe, without the Next wiring (so tests can hand it
 * their own dependencies). The body is verified raw with the stripe SDK and its
 * default tolerance (300 s), against each accepted secret (a rotated one too);
 * a missing, bad or stale signature is a 400 and touches nothing. Verified
 * events go to their handler; the answer says what happened.
 */
const MAX_BODY_BYTES = 1024 * 1024;

const json = (status: number, body: Record<string, unknown>) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
/** Refusals in the closed error shape every Tenantry route answers with ({ code, message, field? }). */
const invalid = (status: number, message: string, field?: string) =>
  json(status, field ? { code: "INVALID", message, field } : { code: "INVALID", message });

export function verifyStripeEvent(body: string, signature: string, secrets: string[]): Stripe.Event {
  const failures: unknown[] = [];
  for (const secret of secrets) {
    try {
      return Stripe.webhooks.constructEvent(body, signature, secret);
    } catch (error) {
      failures.push(error);
    }
  }
  // A signature that matched one secret but is too old says more than "no match" for the others.
  const stale = failures.find((e) => e instanceof Error && /tolerance/i.test(e.message));
  throw stale ?? failures[0] ?? new Error("No webhook secret is configured.");
}

export async function handleStripeWebhook(request: Request, deps: WebhookDeps & { secrets: string[] }): Promise<Response> {
  const signature = request.headers.get("stripe-signature");
  if (!signature) return invalid(400, "Missing Stripe-Signature header.", "stripe-signature");
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) return invalid(413, "Body too large for a Stripe event.", "body");
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES) return invalid(413, "Body too large for a Stripe event.", "body");
  let event: Stripe.Event;
  try {
    event = verifyStripeEvent(body, signature, deps.secrets);
  } catch (error) {
    const reason = error instanceof Stripe.errors.StripeSignatureVerificationError ? error.message : "The body is not a Stripe event.";
    return invalid(400, `Signature verification failed: ${reason}`, "stripe-signature");
  }
  const meta = { id: event.id, type: event.type, created: event.created, payload: body };
  try {
    const outcome = await dispatch(deps, meta, event.data.object);
    return json(200, { received: true, id: event.id, type: event.type, outcome });
  } catch (error) {
    const shape = error instanceof ZodError;
    const message = shape
      ? `Unexpected ${event.type} payload: ${error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`
      : (error as Error).message;
    console.error(JSON.stringify({ event: "stripe_webhook_failed", id: event.id, type: event.type, error: message }));
    await deps.convex.mutation(api.billing.events.recordFailure, { event: meta, error: message }).catch(() => undefined);
    // Non-2xx makes Stripe retry; a payload of the wrong shape will not get better, so say so.
    return shape
      ? invalid(422, message)
      : json(500, { code: "INTERNAL", message: "The event could not be processed; it will be retried." });
  }
}
