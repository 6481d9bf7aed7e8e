/**
 * The seed's alert rules and their thresholds, in one place. Convex jobs and the
 * API's rate-limit header read these; docs/notifications.md lists them.
 */
import { DAY_MS } from "../time";

export const ALERT_RULES = {
  /** Quota above this percent: the tenant's owners and admins get an email (kind quota.<key>.95). */
  quotaAdminEmailPercent: 95,
  /** Storage at this percent: a dashboard notification (kind quota.storageBytes.90, the seed's soft limit). */
  storageNoticePercent: 90,
  /** A tenant's error rate above this fraction over the last hour pages on-call... */
  errorRateFraction: 0.05,
  errorRateWindowMs: 60 * 60 * 1000,
  /** ...when at least this many calls were made in that hour (2 errors in 3 calls is not an incident). */
  errorRateMinCalls: 20,
  /** API responses carry the near-limit header once this fraction of the bucket is used. */
  rateLimitWarnFraction: 0.8,
  /** The portal shows the upgrade banner when the tenant hit a 429 within this window. */
  rateLimitBannerMs: DAY_MS,
} as const;

/** Whether an hour with `calls` calls and `errors` errors pages on-call. */
export function errorRateBreached(calls: number, errors: number): boolean {
  return calls >= ALERT_RULES.errorRateMinCalls && errors / calls > ALERT_RULES.errorRateFraction;
}

/** Outbound webhook retries: attempt n (1-based) waits this long before the next; after the last, the delivery fails. */
export const RETRY_SCHEDULE_MS = [5_000, 30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000, 2 * 60 * 60_000] as const;

/** Delay before retry number `attempt` (1 = after the first failure), with +-20% jitter from `random`. */
export function backoffMs(attempt: number, random: number = Math.random()): number {
  const base = RETRY_SCHEDULE_MS[Math.min(attempt, RETRY_SCHEDULE_MS.length) - 1];
  return Math.round(base * (0.8 + 0.4 * random));
}

/** Emails retry through outages for up to the whole schedule; webhooks too. */
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;

/** An endpoint is disabled after this many deliveries in a row failed all their attempts. */
export const ENDPOINT_DISABLE_AFTER = 5;
