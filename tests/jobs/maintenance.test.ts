// @vitest-environment edge-runtime
// Month roll-over, the session sweep, usage-event pruning (rollups stay) and webhook-event clean-up.
import { convexTest } from "convex-test";
import rateLimiter from "@convex-dev/rate-limiter/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import schema from "../../convex/schema";
import { api, internal } from "../../convex/_generated/api";
import { applyUsage } from "../../convex/lib/usage";
import { addTenant, call, mintKey, type T, type Tenant } from "../api/world";
import { DAY_MS as DAY } from "../../lib/domain/time";

const modules = import.meta.glob("../../convex/**/*.ts");
const START = Date.UTC(2026, 0, 31, 23, 0);
let t: T;
let acme: Tenant;

beforeEach(async () => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
  t = convexTest(schema, modules);
  // The API rate limits live in the rate-limiter component (convex/lib/rateLimit.ts).
  rateLimiter.register(t);
  acme = await addTenant(t, { slug: "acme" });
});
afterEach(() => vi.useRealTimers());

const settle = () => t.finishAllScheduledFunctions(vi.runAllTimers);
const counters = () =>
  t.run(
    async (ctx) =>
      (await ctx.db
        .query("tenantCounters")
        .withIndex("by_tenant", (q) => q.eq("tenantId", acme.id))
        .unique())!,
  );

async function usage(days: number[], perDay = 1) {
  await t.run(async (ctx) => {
    const agent = (await ctx.db.get(acme.agentIds[0]))!;
    const events = days.flatMap((d) =>
      Array.from({ length: perDay }, (_, i) => ({
        agentId: agent._id,
        model: agent.model,
        inputTokens: 100,
        outputTokens: 50,
        latencyMs: 200,
        success: true,
        at: Date.now() - d * DAY - i,
      })),
    );
    await applyUsage(ctx.db, acme.id, new Map([[agent._id as string, agent]]), events);
  });
}

describe("month roll-over", () => {
  it("starts month-to-date figures again at the boundary, once; rollups keep the history", async () => {
    await usage([0]);
    const row = await counters();
    await t.run((ctx) => ctx.db.patch(row._id, { notified: ["monthlyTokens:80"] }));
    expect((await counters()).monthTokens).toBe(150);
    vi.setSystemTime(START + 2 * 3_600_000);
    expect(await t.mutation(internal.jobs.maintenance.rollMonth, {})).toEqual({ reset: 1 });
    expect(await counters()).toMatchObject({ month: "2026-02", monthTokens: 0, monthCostMicros: 0, notified: [] });
    expect(await t.mutation(internal.jobs.maintenance.rollMonth, {})).toEqual({ reset: 0 });
    expect((await t.run((ctx) => ctx.db.query("usageRollups").collect())).reduce((s, r) => s + r.inputTokens + r.outputTokens, 0)).toBe(
      150,
    );
  });
});

describe("session sweep", () => {
  it("expires idle sessions whose own scheduled check never ran, and frees their slots", async () => {
    const key = await mintKey(t, acme);
    const started = await call(t, api.runtime.sessions.start, key, { agentId: acme.agentIds[0], idleTimeoutSeconds: 60 });
    expect(started.ok).toBe(true);
    await t.run(async (ctx) => {
      for (const job of await ctx.db.system.query("_scheduled_functions").collect())
        if (job.state.kind === "pending") await ctx.scheduler.cancel(job._id);
    });
    vi.setSystemTime(START + 30_000);
    expect(await t.mutation(internal.jobs.maintenance.expireSessions, {})).toEqual({ expired: 0 });
    vi.setSystemTime(START + 61_000);
    expect(await t.mutation(internal.jobs.maintenance.expireSessions, {})).toEqual({ expired: 1 });
    expect(await t.mutation(internal.jobs.maintenance.expireSessions, {})).toEqual({ expired: 0 });
    expect((await counters()).activeSessions).toBe(0);
  });
});

describe("usage-event pruning", () => {
  it("deletes raw events past retention in batches and keeps every rollup", async () => {
    await usage([1, 89]);
    await usage([95], 1200);
    const rollupsBefore = await t.run((ctx) => ctx.db.query("usageRollups").collect());
    await t.mutation(internal.jobs.maintenance.pruneTenants, {});
    await settle();
    const left = await t.run((ctx) => ctx.db.query("usageEvents").collect());
    expect(left.map((e) => Math.round((START - e.at) / DAY)).sort((a, b) => a - b)).toEqual([1, 89]);
    expect(await t.run((ctx) => ctx.db.query("usageRollups").collect())).toEqual(rollupsBefore);
    // A shorter configured retention prunes more; running again finds nothing.
    expect(await t.mutation(internal.jobs.maintenance.pruneTenants, { retentionDays: 30 })).toMatchObject({ usageEvents: 1 });
    expect(await t.mutation(internal.jobs.maintenance.pruneTenants, { retentionDays: 30 })).toMatchObject({ usageEvents: 0 });
  });

  it("drops Idempotency-Keys after 24 hours and idle rate-limit buckets", async () => {
    // A capped key's bucket is one row; the tenant's own (5,000 a minute) is sharded and kept until it is erased.
    const key = await mintKey(t, acme, { rateLimitPerMinute: 10 });
    await call(t, api.runtime.usage.record, key, {
      items: [],
      rejected: [{ index: 0, field: "x", message: "y" }],
      idempotency: { key: "k", requestHash: "h" },
    });
    await t.mutation(internal.jobs.maintenance.pruneTenants, {});
    expect(await t.run((ctx) => ctx.db.query("idempotencyKeys").collect())).toHaveLength(1);
    vi.setSystemTime(START + DAY + 1000);
    expect(await t.mutation(internal.jobs.maintenance.pruneTenants, {})).toMatchObject({ idempotencyKeys: 1, rateBuckets: 1 });
  });
});

describe("webhook-event clean-up", () => {
  it("removes processed events after 30 days and failed ones after 90", async () => {
    await t.run(async (ctx) => {
      const base = { provider: "stripe" as const, type: "invoice.paid", tenantId: null, payload: "{}", eventCreated: 0 };
      for (const [eventId, outcome, age] of [
        ["new", "processed", 5],
        ["old", "processed", 40],
        ["dup", "duplicate", 40],
        ["failed", "failed", 40],
        ["ancient", "failed", 100],
      ] as const) {
        await ctx.db.insert("webhookEvents", { ...base, eventId, outcome, receivedAt: START - age * DAY });
      }
    });
    expect(await t.mutation(internal.jobs.maintenance.cleanWebhookEvents, {})).toEqual({ deleted: 3 });
    expect((await t.run((ctx) => ctx.db.query("webhookEvents").collect())).map((e) => e.eventId).sort()).toEqual(["failed", "new"]);
    expect(await t.mutation(internal.jobs.maintenance.cleanWebhookEvents, {})).toEqual({ deleted: 0 });
  });
});
