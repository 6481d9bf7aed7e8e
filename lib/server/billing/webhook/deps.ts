import "server-only";
import { getEnv } from "@/lib/server/env";
import { getBilling } from "@/lib/server/billing";
import { planForPrice } from "@/lib/server/billing/prices";
import { webhookSecrets } from "@/lib/server/billing/secrets";
import { systemConvex } from "@/lib/server/convex/gateway";
import type { WebhookDeps } from "./handlers";

/** What the Stripe webhook handler runs with in this process; null without the system secret (it cannot reach Convex). */
export function stripeWebhookDeps(): (WebhookDeps & { secrets: string[] }) | null {
  const env = getEnv();
  if (!env.systemSecret) return null;
  return {
    secrets: webhookSecrets(),
    convex: systemConvex(env.convex.url, env.systemSecret),
    port: getBilling(),
    fetchOnDisagreement: env.billing.kind === "stripe",
    graceDays: env.billing.graceDays,
    planForPrice,
  };
}
