/**
 * The outside half of erasing a tenant: cancel its Stripe subscription and
 * delete its Clerk organization. Runs only with the keys set in the Convex
 * deployment's environment (cloud mode); in local mode there is nothing
 * outside to release. "Already gone" (404) counts as done, so a retry after a
 * partial success is harmless. Runs in the purge pool (./purgePool.ts): a
 * failure throws, and the pool retries it with backoff; the outcome (returned
 * or thrown) is recorded by jobs/retention:finish.
 */
import { ConvexError, v } from "convex/values";
import { internalAction } from "../lib/functions";
import { internal } from "../_generated/api";

type Step = { what: string; ok: boolean; detail: string };

async function del(what: string, url: string, secret: string): Promise<Step> {
  try {
    const res = await fetch(url, { method: "DELETE", headers: { Authorization: `Bearer ${secret}` } });
    if (res.ok || res.status === 404) return { what, ok: true, detail: res.ok ? "done" : "already gone" };
    return { what, ok: false, detail: `HTTP ${res.status}` };
  } catch (e) {
    return { what, ok: false, detail: (e as Error).message };
  }
}

export const release = internalAction({
  args: { purgeId: v.id("tenantPurges") },
  handler: async (ctx, { purgeId }) => {
    const purge = await ctx.runQuery(internal.jobs.retention.get, { purgeId });
    if (!purge || purge.status !== "running") return "no longer running";
    const steps: Step[] = [];
    const stripeKey = process.env.STRIPE_SECRET_KEY;
    const clerkKey = process.env.CLERK_SECRET_KEY;
    if (purge.stripeSubscriptionId && stripeKey) {
      steps.push(
        await del(
          "stripe subscription",
          `https://api.stripe.com/v1/subscriptions/${encodeURIComponent(purge.stripeSubscriptionId)}`,
          stripeKey,
        ),
      );
    }
    if (purge.clerkOrgId && clerkKey) {
      steps.push(
        await del(
          "clerk organization",
          `https://api.webhooks.clerk.com/v1/organizations/${encodeURIComponent(purge.clerkOrgId)}`,
          clerkKey,
        ),
      );
    }
    if (steps.length === 0) return "nothing outside to release (local mode or no subscription/organization)";
    const outcome = steps.map((s) => `${s.what}: ${s.detail}`).join("; ");
    // The outcome travels as the error's data: a plain Error's message picks up runtime prefixes across calls.
    if (!steps.every((s) => s.ok)) throw new ConvexError(outcome);
    return outcome;
  },
});
