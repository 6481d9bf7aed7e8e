// @vitest-environment edge-runtime
// The daily health check: quota warnings at 90%, usage spikes (3x the daily average) and inactivity, each once per period.
import { convexTest } from "convex-test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import schema from "../../convex/schema";
import { api, internal } from "../../convex/_generated/api";
import { applyUsage } from "../../convex/lib/usage";
import { addTenant, type T, type Tenant } from "../api/world";
import { DAY_MS as DAY } from "../../lib/domain/time";

const modules = import.meta.glob("../../convex/**/*.ts");
const NOW = Date.UTC(2026, 3, 15, 6);
let t: T;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
  t = convexTest(schema, modules);
});
afterEach(() => vi.useRealTimers());

async function tenant(slug: string, ageDays: number, tokensByDaysAgo: Record<number, number> = {}): Promise<Tenant> {
  const tn = await addTenant(t, { slug });
  await t.run(async (ctx) => {
    await ctx.db.patch(tn.id, { createdAt: NOW - ageDays * DAY });
    const agent = (await ctx.db.get(tn.agentIds[0]))!;
    const events = Object.entries(tokensByDaysAgo).map(([d, tokens]) => ({
      agentId: agent._id,
      model: agent.model,
      inputTokens: tokens,
      outputTokens: 0,
      latencyMs: 100,
      success: true,
      at: NOW - Number(d) * DAY,
    }));
    await applyUsage(ctx.db, tn.id, new Map([[agent._id as string, agent]]), events);
  });
  return tn;
}
const steady = (days: number, tokens: number) => Object.fromEntries(Array.from({ length: days }, (_, i) => [i + 2, tokens]));
const check = async () => {
  const out = await t.mutation(internal.jobs.health.dailyHealthCheck, {});
  await t.finishAllScheduledFunctions(vi.runAllTimers);
  return out;
};
const notes = (tn: Tenant) =>
  t.run(async (ctx) => (await ctx.db.query("notifications").collect()).filter((n) => n.tenantId === tn.id).map((n) => n.kind));
const alerts = () => t.run(async (ctx) => (await ctx.db.query("staffAlerts").collect()).map((a) => [a.details.slug, a.kind, a.period]));

describe("daily health check", () => {
  it("flags a spike, a tenant near a quota and an inactive one, once each; a steady tenant is left alone", async () => {
    const spiky = await tenant("spiky", 60, { ...steady(30, 1_000), 1: 5_000 });
    const calm = await tenant("calm", 60, { ...steady(30, 1_000), 1: 2_500 });
    const full = await tenant("full", 60, { 1: 100 });
    const row = await t.run(
      async (ctx) =>
        (await ctx.db
          .query("tenantCounters")
          .withIndex("by_tenant", (q) => q.eq("tenantId", full.id))
          .unique())!,
    );
    await t.run((ctx) => ctx.db.patch(row._id, { monthTokens: 46_000_000 }));
    const idle = await tenant("idle", 45);
    const young = await tenant("young", 3);
    const gone = await tenant("gone", 90);
    await t.run((ctx) => ctx.db.patch(gone.id, { status: "deleted" }));

    expect(await check()).toEqual({ spiky: ["usage_spike"], full: ["quota:monthlyTokens"], idle: ["inactive"] });
    expect(await alerts()).toEqual([
      ["spiky", "usage_spike", "2026-04-14"],
      ["idle", "inactive", "2026-04"],
    ]);
    expect(await notes(full)).toEqual(["quota.monthlyTokens.90"]);
    expect(await notes(idle)).toEqual(["health.inactive"]);
    for (const tn of [calm, young, gone, spiky]) expect(await notes(tn)).toEqual([]);

    // Idempotent: the same day again raises nothing new.
    expect(await check()).toEqual({});
    expect(await alerts()).toHaveLength(2);
  });

  it("staff read the alerts; tenant members cannot", async () => {
    await tenant("idle", 45);
    await check();
    await t.run((ctx) =>
      ctx.db.insert("users", { externalId: "staff", email: "staff@tenantry.test", name: "Staff", platformRole: "support", createdAt: NOW }),
    );
    expect(await t.withIdentity({ subject: "staff" }).query(api.jobs.health.alerts, {})).toEqual([
      expect.objectContaining({ kind: "inactive" }),
    ]);
    await expect(t.withIdentity({ subject: "idle-owner" }).query(api.jobs.health.alerts, {})).rejects.toThrow();
  });
});
