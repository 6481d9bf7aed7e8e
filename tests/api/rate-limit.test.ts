// @vitest-environment edge-runtime
// Per-tenant and per-key rate limits (token buckets in Convex), and that one tenant's flood leaves another alone.
import { convexTest } from "convex-test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import { refill, secondsUntil } from "../../convex/lib/rateLimit";
import { addTenant, call, mintKey, type T, type Tenant } from "./world";

const modules = import.meta.glob("../../convex/**/*.ts");
let t: T;
let acme: Tenant;
let globex: Tenant;

beforeEach(async () => {
  vi.useFakeTimers();
  t = convexTest(schema, modules);
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

  it("bucket arithmetic: refill is continuous and capped; waits round up to whole seconds", () => {
    expect(refill(0, 0, 60, 30_000)).toBe(30);
    expect(refill(50, 0, 60, 60_000)).toBe(60);
    expect(refill(10, 5_000, 60, 1_000)).toBe(10);
    expect(secondsUntil(0.5, 1, 60)).toBe(1);
    expect(secondsUntil(0, 1, 5000)).toBe(1);
    expect(secondsUntil(0, 1, 5)).toBe(12);
    expect(secondsUntil(3, 1, 5)).toBe(0);
  });
});
