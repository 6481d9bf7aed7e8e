/**
 * Which state of a subscription is the newest, when Stripe delivers events
 * late, twice or out of order. Pure (imported by Convex and by tests).
 *
 * Stripe's `event.created` has one-second resolution, so it orders most events
 * but not all: two events of the same second tie. The subscription's own state
 * settles what time cannot: `canceled` and `incomplete_expired` are final in
 * Stripe (a subscription is never revived; paying again makes a new one), so
 * nothing may replace them, and they replace anything.
 */

import type { PlanId } from "../plans";

export const TERMINAL_STATUSES = ["canceled", "incomplete_expired"] as const;

export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/** The fields Tenantry keeps of a subscription (times in ms). */
export type SubscriptionState = {
  status: string;
  plan: PlanId | null;
  priceId: string | null;
  currentPeriodStart: number | null;
  currentPeriodEnd: number | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: number | null;
  trialEnd: number | null;
};

export function sameState(a: SubscriptionState, b: SubscriptionState): boolean {
  return (
    a.status === b.status &&
    a.plan === b.plan &&
    a.priceId === b.priceId &&
    a.currentPeriodStart === b.currentPeriodStart &&
    a.currentPeriodEnd === b.currentPeriodEnd &&
    a.cancelAtPeriodEnd === b.cancelAtPeriodEnd &&
    a.canceledAt === b.canceledAt &&
    a.trialEnd === b.trialEnd
  );
}

/**
 * - `apply`: the incoming state is newer; store it.
 * - `same`: the state is unchanged (a newer event still moves `stateAsOf`, so an older one cannot win later).
 * - `stale`: older than what is stored (or would revive a final state); ignore it.
 * - `tie`: same second, different state: time cannot tell. Keep what is stored;
 *   in cloud mode the caller asks Stripe for the subscription.
 */
export type Verdict = "apply" | "same" | "stale" | "tie";

export function compareSubscriptionState(
  stored: (SubscriptionState & { stateAsOf: number }) | null,
  incoming: SubscriptionState & { created: number },
): Verdict {
  if (!stored) return "apply";
  if (sameState(stored, incoming)) return "same";
  if (isTerminal(stored.status)) {
    // Final: only a later event about the same ended subscription (e.g. `deleted` after
    // a `canceled` update that set canceled_at) may refine it.
    return isTerminal(incoming.status) && incoming.created > stored.stateAsOf ? "apply" : "stale";
  }
  if (isTerminal(incoming.status)) return "apply";
  if (incoming.created > stored.stateAsOf) return "apply";
  if (incoming.created < stored.stateAsOf) return "stale";
  return "tie";
}
