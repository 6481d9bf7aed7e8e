/**
 * When a workspace last got a 429, for the portal's upgrade banner. Kept as a
 * marker bucket in the same rate-limiter component as the API limits (no table
 * of our own): a 429 takes its one token, which refills in a minute, so a flood
 * of refusals writes the marker at most once a minute per tenant, and a failed
 * take writes nothing. The bucket's `ts` is the time of the last token taken:
 * the last 429, to the minute. Keyed by tenant id like every other bucket.
 */
import type { GenericMutationCtx, GenericQueryCtx } from "convex/server";
import type { DataModel, Id } from "../_generated/dataModel";
import { rateLimiter } from "./rateLimit";

const MARK = "rateLimited";
const markConfig = { kind: "token bucket", rate: 1, period: 60_000, capacity: 1 } as const;

/** Notes a 429 for the tenant; called in the refusing mutation, so it commits with the refusal. */
export async function noteRateLimited(
  ctx: Pick<GenericMutationCtx<DataModel>, "runQuery" | "runMutation" | "meta">,
  tenantId: Id<"tenants">,
) {
  await rateLimiter.limit(ctx, MARK, { key: tenantId, config: markConfig });
}

/** When the tenant was last refused with a 429 (to the minute), or null if never (or forgotten). */
export async function lastRateLimitedAt(
  ctx: Pick<GenericQueryCtx<DataModel>, "runQuery" | "meta">,
  tenantId: Id<"tenants">,
): Promise<number | null> {
  const state = await rateLimiter.getValue(ctx, MARK, { key: tenantId, config: markConfig });
  return state.ts === 0 ? null : state.ts;
}

/** Forgets the tenant's 429 marker (an erased tenant's: the component's rows must not outlive it). */
export async function forgetRateLimited(
  ctx: Pick<GenericMutationCtx<DataModel>, "runQuery" | "runMutation" | "meta">,
  tenantId: Id<"tenants">,
) {
  await rateLimiter.reset(ctx, MARK, { key: tenantId });
}
