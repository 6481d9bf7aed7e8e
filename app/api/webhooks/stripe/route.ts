// POST /api/webhooks/stripe: Stripe's (or the simulator's) signed events, verified, stored by id, then acted on.
import { getEnv } from "@/lib/server/env";
import { getBilling } from "@/lib/server/billing";
import { planForPrice } from "@/lib/server/billing/prices";
import { webhookSecrets } from "@/lib/server/billing/secrets";
import { handleStripeWebhook } from "@/lib/server/billing/webhook/handle";
import { systemConvex } from "@/lib/server/convex/gateway";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const env = getEnv();
  if (!env.systemSecret) {
    return Response.json(
      { code: "UNAVAILABLE", message: "TENANTRY_SYSTEM_SECRET is not set: the webhook cannot reach Convex." },
      { status: 503 },
    );
  }
  return handleStripeWebhook(request, {
    secrets: webhookSecrets(),
    convex: systemConvex(env.convex.url, env.systemSecret),
    port: getBilling(),
    fetchOnDisagreement: env.billing.kind === "stripe",
    graceDays: env.billing.graceDays,
    planForPrice,
  });
}
