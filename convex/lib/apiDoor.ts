/**
 * The API-key door: how the /api/v1 route handlers act for an agent runtime.
 * Built on systemMutation (the route proves it is this app's server with the
 * shared secret), then, in one transaction:
 *
 *   key hash -> live key -> its tenant (deleted: as if the key did not exist)
 *   -> tenant status rules for this kind of call -> rate limits (tenant, key)
 *   -> the handler, with a ctx.db limited to that tenant by row-level security.
 *
 * Every call is a mutation, reads included, because taking a rate-limit token
 * is a write. Refusals come back as values, not throws, so the token a refused
 * request took is kept (bad requests count against the limit too). That is
 * why a handler must throw only before its first write: a caught error
 * commits what came before it.
 */
import { ConvexError, v, type ObjectType, type PropertyValidators } from "convex/values";
import type { GenericDatabaseWriter, GenericMutationCtx } from "convex/server";
import { wrapDatabaseWriter } from "convex-helpers/server/rowLevelSecurity";
import type { DataModel, Doc } from "../_generated/dataModel";
import { systemMutation } from "./functions";
import { isAppErrorData, type AppErrorData } from "./errors";
import { tenantRules } from "./rls";
import { quotasOf } from "./quotas";
import { noteRateLimited } from "./rateLimitHint";
import { recordQuotaReached } from "../notifications/quotaReached";
import { keyBucket, takeCall, tenantBucket, type BucketSpec, type RateInfo } from "./rateLimit";

/** read: GET endpoints; report: recording what already happened; write: starting new work. */
export type ApiAccess = "read" | "report" | "write";
export type ApiCtx = {
  db: GenericDatabaseWriter<DataModel>;
  scheduler: GenericMutationCtx<DataModel>["scheduler"];
  storage: GenericMutationCtx<DataModel>["storage"];
  tenant: Doc<"tenants">;
  apiKey: Doc<"apiKeys">;
  rate: RateInfo | null;
  now: number;
};
export type ApiResult<T> =
  { ok: true; value: T; rate: RateInfo | null } | { ok: false; error: AppErrorData; rate: RateInfo | null; retryAfterSeconds?: number };

/** lastUsedAt is refreshed at most this often, so busy keys do not write their row on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;
const BAD_KEY: AppErrorData = { code: "UNAUTHENTICATED", message: "Invalid or revoked API key." };

function statusRefusal(tenant: Doc<"tenants">, access: ApiAccess): AppErrorData | null {
  if (tenant.status === "suspended") {
    return {
      code: "TENANT_SUSPENDED",
      message: "This workspace is suspended, so its API keys are refused. Contact support to reactivate it.",
    };
  }
  if (tenant.status === "past_due" && access === "write") {
    return {
      code: "TENANT_SUSPENDED",
      message: "This workspace's payment is past due, so new sessions are refused. Update the payment method on the Billing page.",
    };
  }
  return null;
}

/** The tenant's plan limit, then the key's own cap if it has one (each its own bucket). */
function bucketsFor(tenant: Doc<"tenants">, key: Doc<"apiKeys">): BucketSpec[] {
  const specs: BucketSpec[] = [];
  const perMinute = quotasOf(tenant).apiCallsPerMinute;
  if (perMinute !== null) specs.push(tenantBucket(tenant._id, perMinute));
  if (key.rateLimitPerMinute !== undefined) specs.push(keyBucket(tenant._id, key._id, key.rateLimitPerMinute));
  return specs;
}

export function apiMutation<A extends PropertyValidators, R>(def: {
  args: A;
  access: ApiAccess;
  handler: (ctx: ApiCtx, args: ObjectType<A>) => Promise<R>;
}) {
  return systemMutation({
    args: { ...def.args, keyHash: v.string() },
    handler: async (ctx, allArgs): Promise<ApiResult<R>> => {
      const { keyHash, ...args } = allArgs as { keyHash: string } & Record<string, unknown>;
      const now = Date.now();
      // take(2): a hash shared by two rows (only possible by registering a leaked key twice) names no tenant.
      const matches = await ctx.db
        .query("apiKeys")
        .withIndex("by_hash", (q) => q.eq("hash", keyHash))
        .take(2);
      const apiKey = matches.length === 1 ? matches[0] : null;
      const tenant = apiKey && !apiKey.revokedAt ? await ctx.db.get(apiKey.tenantId) : null;
      if (!apiKey || !tenant || tenant.status === "deleted") return { ok: false, error: BAD_KEY, rate: null };
      const refusal = statusRefusal(tenant, def.access);
      if (refusal) return { ok: false, error: refusal, rate: null };

      const ruleCtx = { tenantId: tenant._id, db: ctx.db };
      const db = wrapDatabaseWriter(ruleCtx, ctx.db, tenantRules(ruleCtx), { defaultPolicy: "deny" });
      const taken = await takeCall(ctx, bucketsFor(tenant, apiKey), now);
      if (!taken.ok) {
        // For the portal's upgrade banner (at most one write a minute per tenant, see rateLimitHint.ts).
        await noteRateLimited(ctx, tenant._id);
        const message = `Rate limit exceeded: ${taken.label}. Retry in ${taken.retryAfterSeconds} s.`;
        return { ok: false, error: { code: "RATE_LIMITED", message }, rate: taken.info, retryAfterSeconds: taken.retryAfterSeconds };
      }
      if (now - (apiKey.lastUsedAt ?? 0) >= LAST_USED_RESOLUTION_MS) await db.patch(apiKey._id, { lastUsedAt: now });

      try {
        const value = await def.handler(
          { db, scheduler: ctx.scheduler, storage: ctx.storage, tenant, apiKey, rate: taken.info, now },
          args as ObjectType<A>,
        );
        return { ok: true, value, rate: taken.info };
      } catch (e) {
        if (e instanceof ConvexError && isAppErrorData(e.data)) {
          // The refusal rolled nothing back (handlers throw before their first write), so its event commits here.
          await recordQuotaReached(db, tenant, e.data);
          return { ok: false, error: e.data, rate: taken.info };
        }
        throw e;
      }
    },
  });
}
