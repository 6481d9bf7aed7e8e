/**
 * The seed's "suggest upgrade" for the API rate limit, as pure rules: when an
 * /api/v1 answer is near the limit (ALERT_RULES.rateLimitWarnFraction of the
 * bucket used), and when a workspace's recent 429s earn it the portal banner
 * (one within ALERT_RULES.rateLimitBannerMs).
 */
import { ALERT_RULES } from "../notifications/rules";

/** The header an /api/v1 answer near the limit carries; X-RateLimit-* are unchanged beside it. */
export const UPGRADE_HINT_HEADER = "X-RateLimit-Upgrade";

type Rate = { limit: number; remaining: number };

/** Whether this answer used at least the warning fraction of the tighter bucket (429s included: nothing left). */
export function nearRateLimit(rate: Rate): boolean {
  return rate.limit > 0 && (rate.limit - rate.remaining) / rate.limit >= ALERT_RULES.rateLimitWarnFraction;
}

/** The hint's words: how much of the minute is used, and where a higher limit is (the plan page). */
export function upgradeHint(rate: Rate): string {
  const used = rate.limit - rate.remaining;
  return `${used} of ${rate.limit} calls per minute used; a higher plan raises the limit (workspace Billing page).`;
}

/** Whether a workspace last refused at `limitedAt` still shows the portal's upgrade banner at `now`. */
export function showsRateLimitBanner(limitedAt: number | null, now: number): boolean {
  return limitedAt !== null && now - limitedAt < ALERT_RULES.rateLimitBannerMs;
}
