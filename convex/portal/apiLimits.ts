/**
 * The portal's upgrade banner after recent 429s (the seed's "suggest upgrade"):
 * when this workspace's API calls were last refused by its rate limit, read
 * inside the tenant door from the marker the API door keeps (../lib/rateLimitHint.ts).
 */
import { tenantQuery } from "../lib/functions";
import { lastRateLimitedAt } from "../lib/rateLimitHint";
import { quotasOf } from "../lib/quotas";
import { showsRateLimitBanner } from "../../lib/domain/api/rateHint";

export const recent = tenantQuery({
  args: {},
  permission: "usage.read",
  handler: async (ctx) => {
    const limitedAt = await lastRateLimitedAt(ctx, ctx.tenant._id);
    return {
      limitedAt,
      showBanner: showsRateLimitBanner(limitedAt, Date.now()),
      perMinute: quotasOf(ctx.tenant).apiCallsPerMinute,
    };
  },
});
