/**
 * Convex call timings per tenant x function x minute (`tenantry debug slow-queries`).
 * The Next server measures every call it makes (lib/server/convex/gateway.ts: pages,
 * server actions, the admin API and the runtime API) into a bounded in-memory buffer
 * and flushes it here in batches every few seconds (lib/server/admin-api/timings.ts), so
 * a request never waits on this. Rows older than 7 days are deleted as flushes arrive.
 */
import { v } from "convex/values";
import { staffQuery, systemMutation } from "../lib/functions";
import { appError } from "../lib/errors";
import { DAY_MS } from "../../lib/domain/time";
import type { Id } from "../_generated/dataModel";
import { tenantBySlugX } from "./bySlug";

/** Upper bounds (ms) of the timing histogram; one more bucket holds everything slower. */
export const TIMING_BUCKETS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] as const;
export const RETENTION_MS = 7 * DAY_MS;
const MAX_ENTRIES = 500;
const PRUNE_BATCH = 200;

const entry = v.object({
  /** A tenant slug (portal and admin calls) or an API key's hash (runtime API calls). */
  slug: v.optional(v.string()),
  keyHash: v.optional(v.string()),
  fn: v.string(),
  minute: v.number(),
  count: v.number(),
  totalMs: v.number(),
  maxMs: v.number(),
  buckets: v.array(v.number()),
});

export const record = systemMutation({
  args: { entries: v.array(entry) },
  handler: async (ctx, { entries }) => {
    if (entries.length > MAX_ENTRIES) throw appError("INVALID", `Send at most ${MAX_ENTRIES} entries at a time.`, "entries");
    const tenants = new Map<string, Id<"tenants"> | null>();
    const tenantOf = async (e: { slug?: string; keyHash?: string }) => {
      const key = e.slug ? `s:${e.slug}` : e.keyHash ? `k:${e.keyHash}` : "";
      if (!key) return null;
      if (!tenants.has(key)) {
        const id = e.slug
          ? ((
              await ctx.db
                .query("tenants")
                .withIndex("by_slug", (q) => q.eq("slug", e.slug!))
                .unique()
            )?._id ?? null)
          : ((
              await ctx.db
                .query("apiKeys")
                .withIndex("by_hash", (q) => q.eq("hash", e.keyHash!))
                .unique()
            )?.tenantId ?? null);
        tenants.set(key, id);
      }
      return tenants.get(key)!;
    };
    let written = 0;
    for (const e of entries) {
      const tenantId = await tenantOf(e);
      if (!tenantId) continue;
      const row = await ctx.db
        .query("functionTimings")
        .withIndex("by_tenant_fn_minute", (q) => q.eq("tenantId", tenantId).eq("fn", e.fn).eq("minute", e.minute))
        .unique();
      if (row)
        await ctx.db.patch(row._id, {
          count: row.count + e.count,
          totalMs: row.totalMs + e.totalMs,
          maxMs: Math.max(row.maxMs, e.maxMs),
          buckets: row.buckets.map((n, i) => n + (e.buckets[i] ?? 0)),
        });
      else
        await ctx.db.insert("functionTimings", {
          tenantId,
          fn: e.fn,
          minute: e.minute,
          count: e.count,
          totalMs: e.totalMs,
          maxMs: e.maxMs,
          buckets: e.buckets,
        });
      written++;
    }
    const old = await ctx.db
      .query("functionTimings")
      .withIndex("by_minute", (q) => q.lt("minute", Date.now() - RETENTION_MS))
      .take(PRUNE_BATCH);
    for (const r of old) await ctx.db.delete(r._id);
    return { written, pruned: old.length };
  },
});

/** The upper bound of the bucket holding the p-th percentile (an over-estimate by at most one bucket). */
function percentile(buckets: number[], p: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (!total) return null;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) if ((seen += buckets[i]) >= rank) return TIMING_BUCKETS_MS[i] ?? TIMING_BUCKETS_MS.at(-1)! * 2;
  return null;
}

const MAX_SINCE_MS = RETENTION_MS;
const MAX_ROWS_READ = 20_000;

export const slowQueries = staffQuery({
  args: { slug: v.string(), sinceMs: v.number(), limit: v.number() },
  handler: async (ctx, { slug, sinceMs, limit }) => {
    if (!Number.isFinite(sinceMs) || sinceMs <= 0 || sinceMs > MAX_SINCE_MS)
      throw appError("INVALID", "Choose a period from 1m to 7d (timings are kept 7 days).", "since");
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw appError("INVALID", "The limit must be a whole number from 1 to 200.", "limit");
    const t = await tenantBySlugX(ctx.db, slug);
    const rows = await ctx.db
      .query("functionTimings")
      .withIndex("by_tenant_minute", (q) => q.eq("tenantId", t._id).gte("minute", Date.now() - sinceMs))
      .take(MAX_ROWS_READ);
    const byFn = new Map<string, { count: number; totalMs: number; maxMs: number; buckets: number[] }>();
    for (const r of rows) {
      const a = byFn.get(r.fn) ?? byFn.set(r.fn, { count: 0, totalMs: 0, maxMs: 0, buckets: r.buckets.map(() => 0) }).get(r.fn)!;
      a.count += r.count;
      a.totalMs += r.totalMs;
      a.maxMs = Math.max(a.maxMs, r.maxMs);
      r.buckets.forEach((n, i) => (a.buckets[i] += n));
    }
    const functions = [...byFn]
      .map(([fn, a]) => ({
        fn,
        count: a.count,
        meanMs: Math.round((a.totalMs / a.count) * 10) / 10,
        p50Ms: percentile(a.buckets, 50),
        p95Ms: percentile(a.buckets, 95),
        maxMs: Math.round(a.maxMs * 10) / 10,
      }))
      .sort((a, b) => (b.p95Ms ?? 0) - (a.p95Ms ?? 0) || b.maxMs - a.maxMs)
      .slice(0, limit);
    return { slug: t.slug, sinceMs, functions, truncated: rows.length === MAX_ROWS_READ };
  },
});
