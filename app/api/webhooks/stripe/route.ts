// POST /api/webhooks/stripe: Stripe's (or the simulator's) signed events, verified, stored by id, then acted on.
import { handleStripeWebhook } from "@/lib/server/billing/webhook/handle";
import { stripeWebhookDeps } from "@/lib/server/billing/webhook/deps";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const deps = stripeWebhookDeps();
  if (!deps) {
    return Response.json(
      { code: "UNAVAILABLE", message: "TENANTRY_SYSTEM_SECRET is not set: the webhook cannot reach Convex." },
      { status: 503 },
    );
  }
  return handleStripeWebhook(request, deps);
}
