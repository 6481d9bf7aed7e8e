/**
 * API rate limits as token buckets stored per tenant (rateBuckets), taken in
 * the same mutation as the call they admit, so the limit holds under any
 * concurrency: Convex mutations are serializable. A bucket holds up to one
 * minute's allowance and refills continuously, so a burst of a full minute's
 * calls is allowed after a quiet minute, and the steady rate is the limit.
 *
 * Each tenant has its own bucket rows, so a tenant flooding the API contends
 * only with itself; a refusal reads the bucket and writes nothing.
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Id } from "../_generated/dataModel";

const MINUTE_MS = 60_000;

export type BucketSpec = { name: string; perMinute: number; label: string };
/** What X-RateLimit-* report: the tighter of the buckets that applied. */
export type RateInfo = { limit: number; remaining: number; resetSeconds: number };
export type RateOutcome = { ok: true; info: RateInfo | null } | { ok: false; info: RateInfo; retryAfterSeconds: number; label: string };

type Db = GenericDatabaseWriter<DataModel>;

/** Tokens in a bucket at `now`, after refilling since it was last written. */
export function refill(tokens: number, updatedAt: number, perMinute: number, now: number): number {
  const elapsed = Math.max(0, now - updatedAt);
  return Math.min(perMinute, tokens + (elapsed * perMinute) / MINUTE_MS);
}

/** Seconds until a bucket holding `tokens` has `want` of them (at least 1 when not yet there). */
export function secondsUntil(tokens: number, want: number, perMinute: number): number {
  if (tokens >= want) return 0;
  return Math.max(1, Math.ceil(((want - tokens) * MINUTE_MS) / perMinute / 1000));
}

/**
 * Takes one call from every bucket in `specs`, or from none: if any bucket is
 * empty the call is refused and nothing is written.
 */
export async function takeCall(db: Db, tenantId: Id<"tenants">, specs: BucketSpec[], now: number): Promise<RateOutcome> {
  const states = [];
  for (const spec of specs) {
    const row = await db
      .query("rateBuckets")
      .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId).eq("name", spec.name))
      .unique();
    const tokens = row ? refill(row.tokens, row.updatedAt, spec.perMinute, now) : spec.perMinute;
    states.push({ spec, row, tokens });
  }
  const empty = states.find((s) => s.tokens < 1);
  if (empty) {
    const retryAfterSeconds = secondsUntil(empty.tokens, 1, empty.spec.perMinute);
    const info = {
      limit: empty.spec.perMinute,
      remaining: 0,
      resetSeconds: secondsUntil(empty.tokens, empty.spec.perMinute, empty.spec.perMinute),
    };
    return { ok: false, info, retryAfterSeconds, label: empty.spec.label };
  }
  let info: RateInfo | null = null;
  for (const { spec, row, tokens } of states) {
    const left = tokens - 1;
    if (row) await db.patch(row._id, { tokens: left, updatedAt: now });
    else await db.insert("rateBuckets", { tenantId, name: spec.name, tokens: left, updatedAt: now });
    const mine = { limit: spec.perMinute, remaining: Math.floor(left), resetSeconds: secondsUntil(left, spec.perMinute, spec.perMinute) };
    if (!info || mine.remaining < info.remaining) info = mine;
  }
  return { ok: true, info };
}
