/**
 * The admin console's maintained aggregates (tenantDirectory, platformCounters)
 * equal what a full scan computes, after the demo seed and after a random
 * sequence of real mutations: tenants created, usage recorded, suspended,
 * re-planned, deleted, restored, hard-deleted. Every write goes through the
 * public or internal functions, so the triggers are what keeps them exact.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLANS } from "../../lib/domain/plans";
import { as, call, ok, OWNER, scanPlatform, STAFF, startLocal, tenantBySlug, type Local } from "./support";

let t: Local;
beforeAll(async () => {
  t = await startLocal("stats");
}, 120_000);
afterAll(async () => t?.dispose());

/** Expected sums, computed from the source tables the slow way. */
async function expected(days = true) {
  const s = await scanPlatform(t);
  const sums: Record<string, Record<string, number>> = {};
  const add = (key: string, name: string, n: number) => {
    sums[key] ??= {};
    sums[key][name] = (sums[key][name] ?? 0) + n;
  };
  for (const tenant of s.tenants) {
    const c = s.counters.find((x) => x.tenantId === tenant._id);
    add("tenants", `n:${tenant.plan}:${tenant.status}`, 1);
    add("tenants", `portal/agents:${tenant.status}`, c?.agents ?? 0);
    add("tenants", "mrrCents", ["active", "past_due"].includes(tenant.status) ? PLANS[tenant.plan].priceCents : 0);
    if (c) {
      add(`month:${c.month}`, "costMicros", c.monthCostMicros);
      add(`month:${c.month}`, "tokens", c.monthTokens);
    }
  }
  if (days) for (const r of s.rollups) add(`day:${r.day}`, "calls", r.calls);
  return { sums, scan: s };
}

/** `days: false` after a hard delete: per-day history deliberately keeps the erased tenant's calls. */
async function expectConsistent(days = true) {
  const { sums, scan } = await expected(days);
  const actual: Record<string, Record<string, number>> = {};
  for (const row of scan.platform)
    for (const [name, n] of Object.entries(row.values)) {
      actual[row.key] ??= {};
      actual[row.key][name] = (actual[row.key][name] ?? 0) + n;
    }
  for (const [key, values] of Object.entries(sums)) {
    for (const [name, n] of Object.entries(values)) expect(actual[key]?.[name] ?? 0, `${key} ${name}`).toBe(n);
  }
  // Counts no tenant explains must be zero (a leftover would mean drift).
  for (const name of Object.keys(actual.tenants ?? {}))
    if (name.startsWith("n:")) expect(actual.tenants[name], name).toBe(sums.tenants?.[name] ?? 0);
  // One directory row per tenant, mirroring it.
  expect(scan.directory.map((d) => d.tenantId).sort()).toEqual(scan.tenants.map((x) => x._id).sort());
  for (const d of scan.directory) {
    const tenant = scan.tenants.find((x) => x._id === d.tenantId)!;
    const c = scan.counters.find((x) => x.tenantId === d.tenantId);
    expect({ name: d.name, slug: d.slug, plan: d.plan, status: d.status, agents: d.agents, cost: d.monthCostMicros }).toEqual({
      name: tenant.name,
      slug: tenant.slug,
      plan: tenant.plan,
      status: tenant.status,
      agents: c?.agents ?? 0,
      cost: c?.monthCostMicros ?? 0,
    });
  }
}

describe("platform aggregates", () => {
  it("match a full scan after the demo seed", async () => {
    await expectConsistent();
    const summary = await ok(as(t, STAFF), "query", "admin/tenants:summary");
    expect(summary.total).toBe(4);
    expect(summary.byStatus).toMatchObject({ active: 2, trial: 1, suspended: 1, past_due: 0 });
    // acme (pro) and globex (starter) pay; initech is on trial, umbrella suspended.
    expect(summary.mrrCents).toBe(PLANS.pro.priceCents + PLANS.starter.priceCents);
    expect(summary.usageCostMicros).toBeGreaterThan(0);
    // The overview's per-day calls are the rollups' calls for that day, over all tenants.
    const overview = await ok(as(t, STAFF), "query", "admin/overview:get");
    const { scan } = await expected();
    for (const { day, calls } of overview.trend)
      expect(calls, day).toBe(scan.rollups.filter((r) => r.day === day).reduce((n, r) => n + r.calls, 0));
    expect(overview.trend.some((d: { calls: number }) => d.calls > 0)).toBe(true);
    expect(overview.topByCost.map((r: { slug: string }) => r.slug)).toEqual(
      [...scan.directory]
        .filter((d) => d.monthCostMicros > 0)
        .sort((a, b) => b.monthCostMicros - a.monthCostMicros)
        .slice(0, 5)
        .map((d) => d.slug),
    );
  });

  it("stay exact through a random sequence of real operations", async () => {
    let n = 0;
    let applied = 0;
    const admin = as(t, STAFF);
    const op = fc.oneof(
      fc.constant("create"),
      fc.constant("usage"),
      fc.constant("suspend"),
      fc.constant("reactivate"),
      fc.constantFrom("starter", "pro", "enterprise").map((p) => `plan:${p}`),
      fc.constant("delete"),
      fc.constant("restore"),
      fc.constant("agent"),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 10 }), async (ops) => {
        for (const o of ops) {
          const slugs = (await scanPlatform(t)).tenants.map((x) => x.slug);
          const target = await tenantBySlug(t, slugs[n++ % slugs.length]);
          const result = await run(o, target._id);
          if (result.ok) applied++;
        }
        await expectConsistent();
      }),
      { numRuns: 8 },
    );
    // Refusals (suspending a suspended tenant...) are part of the mix, but most operations act.
    expect(applied).toBeGreaterThan(20);

    async function run(o: string, tenantId: string) {
      if (o === "create")
        return call(as(t, OWNER), "mutation", "account/tenants:create", {
          name: `Random Co ${n}`,
          slug: `random-co-${n}`,
          plan: "starter",
        });
      if (o === "usage") return call(t, "mutation", "dev/seed:usageDay", { slug: "acme", daysAgo: n % 20 });
      if (o === "suspend") return call(admin, "mutation", "admin/actions:suspend", { tenantId, reason: "property test" });
      if (o === "reactivate") return call(admin, "mutation", "admin/actions:reactivate", { tenantId });
      if (o === "delete") return call(admin, "mutation", "admin/actions:softDelete", { tenantId, reason: "property test" });
      if (o === "restore") return call(admin, "mutation", "admin/actions:restore", { tenantId });
      if (o === "agent")
        return call(as(t, OWNER), "mutation", "portal/agents:create", { slug: "acme", name: `Agent ${n}`, model: "claude-haiku-4-5" });
      return call(admin, "mutation", "admin/actions:changePlan", { tenantId, plan: o.slice(5) });
    }
  });

  it("follow a hard delete down to zero for that tenant", async () => {
    const admin = as(t, STAFF);
    const globex = await tenantBySlug(t, "globex");
    if (globex.status !== "deleted")
      await ok(admin, "mutation", "admin/actions:softDelete", { tenantId: globex._id, reason: "hard delete test" });
    await ok(admin, "mutation", "admin/purge:hardDelete", { tenantId: globex._id, confirmSlug: "globex", overrideRetention: true });
    await t.finishAllScheduledFunctions();
    expect(await tenantBySlug(t, "globex")).toBeNull();
    await expectConsistent(false);
  });
});
