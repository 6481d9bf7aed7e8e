// @vitest-environment edge-runtime
// Issue 17, the seed's "suggest upgrade": an /api/v1 answer near the rate limit carries an upgrade hint
// beside the unchanged X-RateLimit-* / 429 / Retry-After contract, and a workspace refused with a 429 in
// the last day gets the portal's banner (read inside the tenant door, per workspace).
import { convexTest } from "convex-test";
import rateLimiter from "@convex-dev/rate-limiter/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import { ALERT_RULES } from "../../lib/domain/notifications/rules";
import { UPGRADE_HINT_HEADER } from "../../lib/domain/api/rateHint";
import { addTenant, call, mintKey, refusal, type T, type Tenant } from "./world";

const modules = import.meta.glob("../../convex/**/*.ts");
let t: T;
let acme: Tenant;
let globex: Tenant;

// The routes reach Convex through callDoor only; here it calls the same functions in convex-test.
vi.mock("@/lib/server/api/convex", () => ({
  callDoor: (ref: Parameters<typeof call>[1], keyHash: string, args: Record<string, unknown>) => call(t, ref, { keyHash }, args),
}));
const { GET: getQuota } = await import("@/app/api/v1/quota/route");

const get = (key: string) => getQuota(new Request("http://localhost:3000/api/v1/quota", { headers: { Authorization: `Bearer ${key}` } }));
const headersOf = (res: Response) => ({
  status: res.status,
  limit: res.headers.get("X-RateLimit-Limit"),
  remaining: res.headers.get("X-RateLimit-Remaining"),
  retryAfter: res.headers.get("Retry-After"),
  hint: res.headers.get(UPGRADE_HINT_HEADER),
});
/** Calls until the first 429 (the bucket refills between the test's steps). */
async function drain(key: string) {
  for (let i = 0; i < 20; i++) if ((await get(key)).status === 429) return;
  throw new Error("never refused");
}
const recent = (tenant: Tenant, who: string = tenant.owner) =>
  t.withIdentity({ subject: who }).query(api.portal.apiLimits.recent, { slug: tenant.slug });

beforeEach(async () => {
  vi.useFakeTimers();
  t = convexTest(schema, modules);
  rateLimiter.register(t);
  acme = await addTenant(t, { slug: "acme", overrides: { apiCallsPerMinute: 10 } });
  globex = await addTenant(t, { slug: "globex", overrides: { apiCallsPerMinute: 10 } });
});
afterEach(() => vi.useRealTimers());

describe("the upgrade hint header", () => {
  it("is absent below the warning fraction, present from it on and on the 429, which keeps its own headers", async () => {
    expect(ALERT_RULES.rateLimitWarnFraction).toBe(0.8);
    const { key } = await mintKey(t, acme);
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(headersOf(await get(key)));
    // Calls 1-7 leave 9..3 of 10 (under 80% used); call 8 leaves 2 (80% used).
    expect(answers.slice(0, 7).map((a) => a.hint)).toEqual(Array(7).fill(null));
    expect(answers.slice(7, 10).map((a) => [a.status, a.remaining, a.hint])).toEqual([
      [200, "2", "8 of 10 calls per minute used; a higher plan raises the limit (workspace Billing page)."],
      [200, "1", "9 of 10 calls per minute used; a higher plan raises the limit (workspace Billing page)."],
      [200, "0", "10 of 10 calls per minute used; a higher plan raises the limit (workspace Billing page)."],
    ]);
    expect(answers[10]).toEqual({
      status: 429,
      limit: "10",
      remaining: "0",
      retryAfter: "6",
      hint: "10 of 10 calls per minute used; a higher plan raises the limit (workspace Billing page).",
    });
    // A minute later the bucket is full again: no hint.
    vi.advanceTimersByTime(60_000);
    expect(headersOf(await get(key)).hint).toBeNull();
  });
});

describe("the portal banner after 429s", () => {
  it("shows for the refused workspace only, for a day after its last 429, to every member who reads usage", async () => {
    const { key } = await mintKey(t, acme);
    for (let i = 0; i < 10; i++) expect((await get(key)).status).toBe(200);
    // Near the limit is not refused: no banner yet.
    expect(await recent(acme)).toMatchObject({ limitedAt: null, showBanner: false });

    const refusedAt = Date.now();
    expect((await get(key)).status).toBe(429);
    expect(await recent(acme)).toEqual({ limitedAt: refusedAt, showBanner: true, perMinute: 10 });
    expect((await recent(acme, acme.viewer)).showBanner).toBe(true);
    expect(await recent(globex)).toMatchObject({ limitedAt: null, showBanner: false });
    // Another workspace's member learns nothing about acme: the tenant door answers NOT_FOUND.
    expect((await refusal(recent(acme, globex.owner))).code).toBe("NOT_FOUND");

    // A flood of 429s writes the marker at most once a minute; a later 429 moves the day's window on.
    vi.advanceTimersByTime(30_000);
    await drain(key);
    expect((await recent(acme)).limitedAt).toBe(refusedAt);
    vi.advanceTimersByTime(40_000);
    const later = Date.now();
    await drain(key);
    expect((await recent(acme)).limitedAt).toBe(later);

    vi.advanceTimersByTime(ALERT_RULES.rateLimitBannerMs - 1);
    expect((await recent(acme)).showBanner).toBe(true);
    vi.advanceTimersByTime(1);
    expect((await recent(acme)).showBanner).toBe(false);
  });
});
