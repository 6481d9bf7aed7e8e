/**
 * A tenant's standing with billing, derived from the newest state of each of
 * its subscriptions and its unpaid invoices: a function of sets, never of the
 * order events came in, so any delivery order ends in the same tenant state.
 * Pure (imported by Convex and by tests).
 */
import type { SubscriptionState } from "./ordering";

export type SubscriptionRow = SubscriptionState & { subscriptionId: string; startedAt: number };
export type Standing = "good" | "trialing" | "delinquent" | "ended" | "none";
import type { TenantStatus } from "../tenant-status";

export type { TenantStatus };

const GOOD = ["active", "trialing"];
const DELINQUENT = ["past_due", "unpaid"];
// `paused` (e.g. a trial that ended without a card) is live in Stripe but pays nothing.
const LIVE = [...GOOD, ...DELINQUENT, "paused"];

/**
 * The subscription that decides the plan: the newest live one (a plan change through
 * Checkout starts a new subscription before the old one is cancelled); with none live,
 * the one the tenant points at (null if its events have not arrived), else the newest.
 */
export function currentSubscription(rows: SubscriptionRow[], pointer: string | null): SubscriptionRow | null {
  const newestFirst = [...rows].sort((a, b) => b.startedAt - a.startedAt || b.subscriptionId.localeCompare(a.subscriptionId));
  const live = newestFirst.find((r) => LIVE.includes(r.status));
  if (live) return live;
  // A pointer with no row yet is a subscription whose first event has not arrived: nothing to decide on.
  if (pointer) return rows.find((r) => r.subscriptionId === pointer) ?? null;
  return newestFirst[0] ?? null;
}

/**
 * `hasFailedInvoice`: an open invoice whose last payment attempt failed.
 * `billingHold`: billing put the tenant past due or suspended earlier; with no
 * subscription on record (demo tenants) paying is what lifts it.
 */
export function standingOf(current: SubscriptionRow | null, hasFailedInvoice: boolean, billingHold: boolean): Standing {
  if (!current) return hasFailedInvoice ? "delinquent" : billingHold ? "good" : "none";
  if (DELINQUENT.includes(current.status)) return "delinquent";
  if (!LIVE.includes(current.status) || current.status === "paused") return current.status === "incomplete" ? "none" : "ended";
  if (hasFailedInvoice) return "delinquent";
  return current.status === "trialing" ? "trialing" : "good";
}

/**
 * The tenant status billing wants, or null to leave it alone. Billing never touches a
 * deleted tenant and never lifts a suspension it did not make (staff suspended it);
 * `graceOver` means the past-due grace period ran out.
 */
export function targetStatus(
  status: TenantStatus,
  standing: Standing,
  account: { billingSuspended: boolean; graceOver: boolean },
): { status: TenantStatus; billingSuspended: boolean } | null {
  if (status === "deleted" || standing === "none") return null;
  const staffSuspended = status === "suspended" && !account.billingSuspended;
  if (staffSuspended) return { status, billingSuspended: false };
  switch (standing) {
    case "good":
      return { status: "active", billingSuspended: false };
    case "trialing":
      return { status: "trial", billingSuspended: false };
    case "delinquent":
      return account.graceOver ? { status: "suspended", billingSuspended: true } : { status: "past_due", billingSuspended: false };
    case "ended":
      return { status: "suspended", billingSuspended: true };
  }
}
