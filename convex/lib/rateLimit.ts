/**
 * API rate limits on @convex-dev/rate-limiter: token buckets that hold up to
 * one minute's allowance and refill continuously, so a burst of a full
 * minute's calls is allowed after a quiet minute, and the steady rate is the
 * limit. Tokens are taken in the same mutation as the call they admit (a
 * component mutation is a sub-transaction of its caller), so the limit holds
 * under any concurrency, and a refusal writes nothing.
 *
 * Every bucket's key starts with its tenant's id, so the component never holds
 * a key that could name another tenant's bucket; a tenant flooding the API
 * contends only with its own rows. A hot tenant's bucket is sharded (the
 * component's own sharding), so its concurrent calls do not all write one row.
 */
import { RateLimiter, calculateRateLimit, type RateLimitConfig } from "@convex-dev/rate-limiter";
import type { GenericDatabaseReader, GenericMutationCtx } from "convex/server";
import { components } from "../_generated/api";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { quotasOf } from "./quotas";

const MINUTE_MS = 60_000;
/** A tenant allowed this many calls a minute or more gets a sharded bucket; below it, one row is never hot. */
export const SHARD_FROM_PER_MINUTE = 1_000;
/** Calls a minute each shard holds at most (the component splits rate and capacity evenly). */
const PER_SHARD = 500;
const MAX_SHARDS = 10;

export type BucketSpec = { name: "tenant" | "key"; key: string; perMinute: number; label: string };
/** What X-RateLimit-* report: the tighter of the buckets that applied. */
export type RateInfo = { limit: number; remaining: number; resetSeconds: number };
export type RateOutcome = { ok: true; info: RateInfo | null } | { ok: false; info: RateInfo; retryAfterSeconds: number; label: string };

type Ctx = Pick<GenericMutationCtx<DataModel>, "runQuery" | "runMutation" | "meta">;

export const rateLimiter = new RateLimiter(components.rateLimiter);

/** The workspace's plan limit: one bucket per tenant. */
export const tenantBucket = (tenantId: Id<"tenants">, perMinute: number): BucketSpec => ({
  name: "tenant",
  key: tenantId,
  perMinute,
  label: `this workspace's limit of ${perMinute} calls per minute`,
});
/** A key's own cap, namespaced by its tenant. */
export const keyBucket = (tenantId: Id<"tenants">, keyId: Id<"apiKeys">, perMinute: number): BucketSpec => ({
  name: "key",
  key: `${tenantId}:${keyId}`,
  perMinute,
  label: `this key's limit of ${perMinute} calls per minute`,
});

/** Every bucket a tenant's calls can have written: its plan limit and each capped key's (for forgetting them). */
export async function bucketsOfTenant(
  db: GenericDatabaseReader<DataModel>,
  tenant: Doc<"tenants">,
  maxKeys: number,
): Promise<BucketSpec[]> {
  const perMinute = quotasOf(tenant).apiCallsPerMinute;
  const keys = await db
    .query("apiKeys")
    .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
    .take(maxKeys);
  return [
    ...(perMinute !== null ? [tenantBucket(tenant._id, perMinute)] : []),
    ...keys.flatMap((k) => (k.rateLimitPerMinute !== undefined ? [keyBucket(tenant._id, k._id, k.rateLimitPerMinute)] : [])),
  ];
}

export function shardsFor(perMinute: number): number {
  return perMinute < SHARD_FROM_PER_MINUTE ? 1 : Math.min(MAX_SHARDS, Math.floor(perMinute / PER_SHARD));
}

function configOf(spec: BucketSpec): RateLimitConfig {
  return { kind: "token bucket", rate: spec.perMinute, period: MINUTE_MS, capacity: spec.perMinute, shards: shardsFor(spec.perMinute) };
}

/** Seconds until a bucket holding `tokens` has `want` of them (at least 1 when not yet there). */
export function secondsUntil(tokens: number, want: number, perMinute: number): number {
  if (tokens >= want) return 0;
  return Math.max(1, Math.ceil(((want - tokens) * MINUTE_MS) / perMinute / 1000));
}

/** Tokens in a bucket now, read without taking any. Sharded: one shard's tokens times the shards (an estimate). */
async function tokensNow(ctx: Ctx, spec: BucketSpec, now: number): Promise<number> {
  const config = configOf(spec);
  const state = await rateLimiter.getValue(ctx, spec.name, { key: spec.key, config });
  const shards = shardsFor(spec.perMinute);
  const shardConfig = { ...config, rate: config.rate / shards, capacity: spec.perMinute / shards };
  return calculateRateLimit(state.ts === 0 ? null : state, shardConfig, now).value * shards;
}

const refusal = (spec: BucketSpec, tokens: number): RateOutcome => ({
  ok: false,
  label: spec.label,
  retryAfterSeconds: secondsUntil(tokens, 1, spec.perMinute),
  info: { limit: spec.perMinute, remaining: 0, resetSeconds: secondsUntil(tokens, spec.perMinute, spec.perMinute) },
});

/**
 * Takes one call from every bucket in `specs`, or from none: if any bucket is
 * empty the call is refused and nothing is written. Unsharded buckets are read
 * first (the refusal is exact, as the component's own would be); a sharded
 * one is left to the component's `limit`, since only it knows which shards
 * it draws from, and taken first so that its refusal leaves the others alone.
 */
export async function takeCall(ctx: Ctx, specs: BucketSpec[], now: number): Promise<RateOutcome> {
  const states = [];
  for (const spec of specs) {
    const tokens = await tokensNow(ctx, spec, now);
    if (shardsFor(spec.perMinute) === 1 && tokens < 1) return refusal(spec, tokens);
    states.push({ spec, tokens });
  }
  const ordered = [...states].sort((a, b) => shardsFor(b.spec.perMinute) - shardsFor(a.spec.perMinute));
  let info: RateInfo | null = null;
  for (const { spec, tokens } of ordered) {
    const taken = await rateLimiter.limit(ctx, spec.name, { key: spec.key, config: configOf(spec) });
    if (!taken.ok) {
      // Only a sharded bucket gets here (the others were read in this transaction): the shards it drew say when.
      const retryAfterSeconds = Math.max(1, Math.ceil((taken.retryAfter ?? 0) / 1000));
      const resetSeconds = Math.max(retryAfterSeconds, secondsUntil(0, spec.perMinute, spec.perMinute));
      return { ok: false, label: spec.label, retryAfterSeconds, info: { limit: spec.perMinute, remaining: 0, resetSeconds } };
    }
    const left = Math.max(0, tokens - 1);
    const mine = { limit: spec.perMinute, remaining: Math.floor(left), resetSeconds: secondsUntil(left, spec.perMinute, spec.perMinute) };
    if (!info || mine.remaining < info.remaining) info = mine;
  }
  return { ok: true, info };
}

/**
 * Forgets buckets (a full bucket and no row are the same): with `idleSince`,
 * those untouched since then; without, all of them (an erased tenant's). A
 * sharded bucket is forgotten only in full: getValue samples one shard, which
 * cannot tell an idle bucket from a busy one, and its rows are few and bounded.
 */
export async function forgetBuckets(ctx: Ctx, specs: BucketSpec[], idleSince?: number): Promise<number> {
  let forgotten = 0;
  for (const spec of specs) {
    if (idleSince !== undefined && shardsFor(spec.perMinute) > 1) continue;
    const state = await rateLimiter.getValue(ctx, spec.name, { key: spec.key, config: configOf(spec) });
    if (state.ts === 0 || (idleSince !== undefined && state.ts >= idleSince)) continue;
    await rateLimiter.reset(ctx, spec.name, { key: spec.key });
    forgotten++;
  }
  return forgotten;
}
