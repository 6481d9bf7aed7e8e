// @vitest-environment edge-runtime
// Retention: a tenant soft-deleted 30 days ago is erased in batches, Stripe and Clerk are told (cloud mode),
// a restored tenant is left alone, and a minimal record stays.
import { convexTest } from "convex-test";
import rateLimiter from "@convex-dev/rate-limiter/test";
import workpool from "@convex-dev/workpool/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import schema from "../../convex/schema";
import { api, components, internal } from "../../convex/_generated/api";
import { TENANT_TABLES } from "../../convex/lib/tables";
import { applyUsage } from "../../convex/lib/usage";
import { lastRateLimitedAt, noteRateLimited } from "../../convex/lib/rateLimitHint";
import { addTenant, call, type T, type Tenant } from "../api/world";
import { DAY_MS as DAY } from "../../lib/domain/time";

const modules = import.meta.glob("../../convex/**/*.ts");
const START = Date.UTC(2026, 2, 3, 12);
let t: T;
let doomed: Tenant;
let keeper: Tenant;

beforeEach(async () => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
  t = convexTest(schema, modules);
  // The API rate limits live in the rate-limiter component (convex/lib/rateLimit.ts).
  rateLimiter.register(t);
  // The outside release runs in the purge pool (convex/jobs/purgePool.ts).
  workpool.register(t, "purgePool");
  doomed = await addTenant(t, { slug: "doomed" });
  keeper = await addTenant(t, { slug: "keeper" });
  await t.run(async (ctx) => {
    await ctx.db.patch(doomed.id, { stripeSubscriptionId: "sub_doomed", clerkOrgId: "org_doomed" });
    // More rows than one hard-delete batch (2000), so erasing has to continue itself.
    const agent = (await ctx.db.get(doomed.agentIds[0]))!;
    const events = Array.from({ length: 2500 }, (_, i) => ({
      agentId: agent._id,
      model: agent.model,
      inputTokens: 10,
      outputTokens: 5,
      latencyMs: 100,
      success: true,
      at: START - i * 60_000,
    }));
    await applyUsage(ctx.db, doomed.id, new Map([[agent._id as string, agent]]), events);
    const key = await ctx.db.insert("apiKeys", {
      tenantId: doomed.id,
      name: "k",
      prefix: "tnt_00000000",
      hash: "h",
      createdBy: (await ctx.db.query("users").first())!._id,
      createdAt: START,
    });
    const storageId = await ctx.storage.store(new Blob(["stored bytes"]));
    await ctx.db.insert("files", {
      tenantId: doomed.id,
      storageId,
      name: "f.txt",
      contentType: "text/plain",
      size: 12,
      apiKeyId: key,
      createdAt: START,
    });
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.CLERK_SECRET_KEY;
});

const owned = (tenantId: string) =>
  t.run(async (ctx) => {
    let n = 0;
    for (const table of [...TENANT_TABLES, "auditLogs"] as const)
      n += (await ctx.db.query(table).collect()).filter((r: { tenantId: string | null }) => r.tenantId === tenantId).length;
    return n;
  });
/** Deletes through the real owner action; the hard delete it schedules is then dropped, as if lost. */
async function softDelete(tenant: Tenant) {
  await t.withIdentity({ subject: tenant.owner }).mutation(api.portal.lifecycle.remove, { slug: tenant.slug, confirmSlug: tenant.slug });
  await t.run(async (ctx) => {
    for (const job of await ctx.db.system.query("_scheduled_functions").collect())
      if (job.state.kind === "pending") await ctx.scheduler.cancel(job._id);
  });
  expect(
    await t.run(
      async (ctx) => (await ctx.db.system.query("_scheduled_functions").collect()).filter((j) => j.state.kind === "pending").length,
    ),
  ).toBe(0);
}
const retention = async () => {
  await t.mutation(internal.jobs.retention.capture, {});
  await t.finishAllScheduledFunctions(vi.runAllTimers);
};

describe("retention", () => {
  it("erases every row 30 days after deletion, tells Stripe and Clerk once, and leaves a minimal record", async () => {
    process.env.STRIPE_SECRET_KEY = "sk_test_x";
    process.env.CLERK_SECRET_KEY = "sk_test_y";
    const calls: string[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url} ${(init.headers as Record<string, string>).Authorization}`);
      return new Response("{}", { status: 200 });
    });
    // A capped key's call leaves a bucket in the rate-limiter component, keyed "<tenant>:<key>".
    const apiKey = (await t.run((ctx) => ctx.db.query("apiKeys").collect())).find((k) => k.tenantId === doomed.id)!;
    await t.run((ctx) => ctx.db.patch(apiKey._id, { rateLimitPerMinute: 10 }));
    expect(await call(t, api.runtime.status.quota, { keyHash: apiKey.hash }, {})).toMatchObject({ ok: true });
    const bucketTs = () =>
      t.run(
        async (ctx) =>
          (
            await ctx.runQuery(components.rateLimiter.lib.getValue, {
              name: "key",
              key: `${doomed.id}:${apiKey._id}`,
              config: { kind: "token bucket", rate: 10, period: 60_000 },
            })
          ).ts,
      );
    expect(await bucketTs()).toBeGreaterThan(0);
    // A 429 leaves the portal banner's marker bucket, keyed by the tenant alone.
    await t.run((ctx) => noteRateLimited(ctx, doomed.id));
    const markerTs = () => t.run(async (ctx) => lastRateLimitedAt(ctx, doomed.id));
    expect(await markerTs()).not.toBeNull();
    await softDelete(doomed);
    vi.setSystemTime(START + 29 * DAY);
    await retention();
    expect(await t.run((ctx) => ctx.db.get(doomed.id))).not.toBeNull();
    expect(calls).toEqual([]);

    vi.setSystemTime(START + 30 * DAY + 1);
    await retention();
    expect(await t.run((ctx) => ctx.db.get(doomed.id))).toBeNull();
    expect(await owned(doomed.id)).toBe(0);
    expect(await bucketTs()).toBe(0);
    expect(await markerTs()).toBeNull();
    expect(await t.run((ctx) => ctx.db.system.query("_storage").collect())).toEqual([]);
    expect(calls).toEqual([
      "DELETE https://api.stripe.com/v1/subscriptions/sub_doomed Bearer sk_test_x",
      "DELETE https://api.webhooks.clerk.com/v1/organizations/org_doomed Bearer sk_test_y",
    ]);
    const [purge] = await t.run((ctx) => ctx.db.query("tenantPurges").collect());
    expect(purge).toMatchObject({ slug: "doomed", status: "done", outcome: "stripe subscription: done; clerk organization: done" });
    expect(purge.stripeSubscriptionId).toBeUndefined();
    const records = await t.run(async (ctx) => (await ctx.db.query("auditLogs").collect()).filter((a) => a.tenantId === null));
    expect(records).toEqual([expect.objectContaining({ action: "tenant.hard_delete", target: "doomed" })]);
    // The other tenant is untouched, and running again changes nothing.
    expect(await owned(keeper.id)).toBeGreaterThan(0);
    await retention();
    expect(calls).toHaveLength(2);
  });

  it("a tenant restored within the window is kept, and its purge is let go", async () => {
    await softDelete(doomed);
    vi.setSystemTime(START + 10 * DAY);
    await retention();
    await t.withIdentity({ subject: doomed.owner }).mutation(api.portal.lifecycle.restore, { slug: "doomed" });
    vi.setSystemTime(START + 31 * DAY);
    await retention();
    expect((await t.run((ctx) => ctx.db.get(doomed.id)))!.status).toBe("active");
    expect(await t.run((ctx) => ctx.db.query("tenantPurges").collect())).toEqual([expect.objectContaining({ status: "cancelled" })]);
  });

  it("in local mode nothing outside is called; a failing provider is retried, then reported to staff", async () => {
    await softDelete(doomed);
    vi.setSystemTime(START + 31 * DAY);
    await retention();
    expect((await t.run((ctx) => ctx.db.query("tenantPurges").collect()))[0]).toMatchObject({
      status: "done",
      outcome: expect.stringContaining("nothing outside"),
    });

    await softDelete(keeper);
    process.env.STRIPE_SECRET_KEY = "sk_test_x";
    await t.run((ctx) => ctx.db.patch(keeper.id, { stripeSubscriptionId: "sub_keeper" }));
    const attempts: number[] = [];
    vi.stubGlobal("fetch", async () => {
      attempts.push(Date.now());
      return new Response("down", { status: 503 });
    });
    for (let day = 62; day < 70; day++) {
      vi.setSystemTime(START + day * DAY);
      await retention();
    }
    expect(attempts).toHaveLength(5);
    // The pool's backoff: 2 h doubling per try, each with jitter of at most -50% (convex/jobs/purgePool.ts).
    const HOUR = 3_600_000;
    attempts.slice(1).forEach((at, i) => expect(at - attempts[i]).toBeGreaterThanOrEqual(2 ** i * HOUR));
    const purge = (await t.run((ctx) => ctx.db.query("tenantPurges").collect())).find((p) => p.slug === "keeper");
    expect(purge).toMatchObject({ status: "done", outcome: "stripe subscription: HTTP 503" });
    expect(await t.run((ctx) => ctx.db.query("staffAlerts").collect())).toEqual([expect.objectContaining({ kind: "purge_failed" })]);
  });
});
