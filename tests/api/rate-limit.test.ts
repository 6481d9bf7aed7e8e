// @vitest-environment edge-runtime
// Per-tenant and per-key rate limits (token buckets in @convex-dev/rate-limiter), and that one tenant's flood leaves another alone.
import { convexTest } from "convex-test";
import rateLimiter from "@convex-dev/rate-limiter/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import schema from "../../convex/schema";
import { api, components } from "../../convex/_generated/api";
import { SHARD_FROM_PER_MINUTE, secondsUntil, shardsFor } from "../../convex/lib/rateLimit";
import { addTenant, call, mintKey, type T, type Tenant } from "./world";

const modules = import.meta.glob("../../convex/**/*.ts");
// Any config reads a bucket's stored state; getValue only needs one to fill in an absent row.
const config = { kind: "token bucket" as const, rate: 1, period: 60_000 };
let t: T;
let acme: Tenant;
let globex: Tenant;

beforeEach(async () => {
  vi.useFakeTimers();
  t = convexTest(schema, modules);
  // The API rate limits live in the rate-limiter component (convex/lib/rateLimit.ts).
  rateLimiter.register(t);
  acme = await addTenant(t, { slug: "acme", overrides: { apiCallsPerMinute: 5 } });
  globex = await addTenant(t, { slug: "globex", overrides: { apiCallsPerMinute: 5 } });
});
afterEach(() => vi.useRealTimers());

describe("rate limits", () => {
  it("a tenant gets its plan's calls per minute, then RATE_LIMITED with a retry time; tokens come back over the minute", async () => {
    const key = await mintKey(t, acme);
    const remaining = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(t, api.runtime.status.quota, key, {});
      expect(res.ok).toBe(true);
      remaining.push(res.rate?.remaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const refused = await call(t, api.runtime.status.quota, key, {});
    expect(refused).toMatchObject({
      ok: false,
      error: { code: "RATE_LIMITED" },
      retryAfterSeconds: 12,
      rate: { limit: 5, remaining: 0, resetSeconds: 60 },
    });
    vi.advanceTimersByTime(11_000);
    expect((await call(t, api.runtime.status.quota, key, {})).ok).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect((await call(t, api.runtime.status.quota, key, {})).ok).toBe(true);
  });

  it("one tenant flooding at 10x its limit does not take a single call from another", async () => {
    const acmeKey = await mintKey(t, acme);
    const globexKey = await mintKey(t, globex);
    const flood = Array.from({ length: 50 }, () => call(t, api.runtime.status.quota, acmeKey, {}));
    const work = Array.from({ length: 5 }, () => call(t, api.runtime.status.agents, globexKey, { limit: 10 }));
    const [a, g] = await Promise.all([Promise.all(flood), Promise.all(work)]);
    expect(a.filter((r) => r.ok)).toHaveLength(5);
    expect(a.filter((r) => !r.ok && r.error.code === "RATE_LIMITED")).toHaveLength(45);
    expect(g.every((r) => r.ok)).toBe(true);
  });

  it("a key with its own cap is limited on its own, and its refusals do not spend the tenant's calls", async () => {
    const capped = await mintKey(t, acme, { rateLimitPerMinute: 2 });
    const free = await mintKey(t, acme);
    expect((await call(t, api.runtime.status.quota, capped, {})).rate).toEqual({ limit: 2, remaining: 1, resetSeconds: 30 });
    expect((await call(t, api.runtime.status.quota, capped, {})).ok).toBe(true);
    const refused = await call(t, api.runtime.status.quota, capped, {});
    expect(refused).toMatchObject({
      ok: false,
      error: { code: "RATE_LIMITED", message: expect.stringContaining("this key's limit of 2") },
      retryAfterSeconds: 30,
    });
    // Two of the tenant's five were used; the capped key's refusal took none.
    const rest = [];
    for (let i = 0; i < 4; i++) rest.push((await call(t, api.runtime.status.quota, free, {})).ok);
    expect(rest).toEqual([true, true, true, false]);
  });

  it("a hot tenant's bucket is sharded: never more than its limit a minute, all of it usable, then RATE_LIMITED", async () => {
    const hot = await addTenant(t, { slug: "hot", overrides: { apiCallsPerMinute: SHARD_FROM_PER_MINUTE } });
    expect(shardsFor(SHARD_FROM_PER_MINUTE)).toBe(2);
    const key = await mintKey(t, hot);
    const results = [];
    // The clock stands still (fake timers): no token comes back during the run.
    for (let i = 0; i < SHARD_FROM_PER_MINUTE + 100; i++) results.push(await call(t, api.runtime.status.quota, key, {}));
    // Each call draws from one shard of 500, so a refusal can come before the other shard is empty; the total cannot move.
    expect(results.filter((r) => r.ok)).toHaveLength(SHARD_FROM_PER_MINUTE);
    const refused = results.filter((r) => !r.ok);
    expect(refused[0]).toMatchObject({ error: { code: "RATE_LIMITED" }, rate: { limit: SHARD_FROM_PER_MINUTE, remaining: 0 } });
    expect(refused.every((r) => !r.ok && r.retryAfterSeconds! >= 1)).toBe(true);
    expect(results[0].rate).toMatchObject({ limit: SHARD_FROM_PER_MINUTE, remaining: SHARD_FROM_PER_MINUTE - 1 });
  });

  it("bucket keys are namespaced by tenant (a key's cap is <tenant>:<key>), and a refusal writes nothing", async () => {
    const capped = await mintKey(t, acme, { rateLimitPerMinute: 1 });
    await call(t, api.runtime.status.quota, capped, {});
    await call(t, api.runtime.status.quota, await mintKey(t, globex), {});
    const rows = () =>
      t.run((ctx) => ctx.runQuery(components.rateLimiter.lib.getValue, { name: "key", key: `${acme.id}:${capped._id}`, config }));
    const before = await rows();
    expect((await call(t, api.runtime.status.quota, capped, {})).ok).toBe(false);
    expect(await rows()).toEqual(before);
    const keys = await t.run(async (ctx) =>
      Promise.all(
        [
          ["tenant", acme.id],
          ["tenant", globex.id],
          ["key", `${acme.id}:${capped._id}`],
        ].map(async ([name, key]) => (await ctx.runQuery(components.rateLimiter.lib.getValue, { name, key, config })).ts > 0),
      ),
    );
    expect(keys).toEqual([true, true, true]);
  });

  it("waits round up to whole seconds", () => {
    expect(secondsUntil(0.5, 1, 60)).toBe(1);
    expect(secondsUntil(0, 1, 5000)).toBe(1);
    expect(secondsUntil(0, 1, 5)).toBe(12);
    expect(secondsUntil(3, 1, 5)).toBe(0);
  });
});
