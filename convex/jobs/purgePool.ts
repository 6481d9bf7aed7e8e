/**
 * The work pool that releases erased tenants outside (Stripe subscription,
 * Clerk organization): @convex-dev/workpool runs at most PARALLEL releases at
 * once and retries a failed one with exponential backoff and jitter, then
 * hands the outcome to jobs/retention:finish. It replaces the hand-written
 * attempts counter and `dueAt` backoff the retention job used to keep.
 */
import { Workpool } from "@convex-dev/workpool";
import { components } from "../_generated/api";

/** Releases running at once: each makes one or two HTTP calls; a platform-wide burst must not hammer Stripe or Clerk. */
const PARALLEL = 4;
/** Five tries over about a day: 2 h, 4 h, 8 h, 16 h between them (each ±50% jitter). */
export const RELEASE_RETRY = { maxAttempts: 5, initialBackoffMs: 2 * 3_600_000, base: 2 };

export const purgePool = new Workpool(components.purgePool, {
  maxParallelism: PARALLEL,
  retryActionsByDefault: true,
  defaultRetryBehavior: RELEASE_RETRY,
});
