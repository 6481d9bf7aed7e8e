/**
 * The agent quota under real concurrency: 200 agents.create calls fired at
 * once by four members over twenty separate HTTP clients, against a starter
 * tenant whose agent quota staff raised to 100. Convex mutations are
 * serializable and the check reads the maintained counter inside the
 * mutation, so exactly 100 win, whatever the interleaving.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeFunctionReference } from "convex/server";
import { ConvexHttpClient } from "convex/browser";
import { startLocal } from "./support/local";
import { seedTenant, type Ctx, type SeededTenant } from "./support/world";

const create = makeFunctionReference<"mutation">("portal/agents:create");
let t: Awaited<ReturnType<typeof startLocal>>;
let tenant: SeededTenant;

beforeAll(async () => {
  t = await startLocal("quota-race");
  tenant = await seedTenant(t, {
    slug: "race-co",
    name: "Race Co",
    plan: "starter",
    roles: ["owner", "admin", "member"],
    agents: [],
    quotaOverrides: { agents: 100 },
  });
});
afterAll(async () => t?.dispose());

it("200 concurrent creations at a quota of 100: exactly 100 succeed, the rest are refused with the seed's message", async () => {
  const members = [tenant.users.owner!, tenant.users.admin!, tenant.users.member!];
  // Twenty distinct clients (each its own ConvexHttpClient), ten calls each, all in flight together.
  const clients = Array.from({ length: 20 }, (_, i) => {
    const u = members[i % members.length];
    return t.withIdentity({ subject: u.externalId, email: u.email });
  });
  const calls = Array.from({ length: 200 }, (_, i) =>
    clients[i % clients.length].mutation(create, { slug: tenant.slug, name: `Racer ${i}`, model: "claude-haiku-4-5" }),
  );
  const results = await Promise.allSettled(calls);
  const won = results.filter((r) => r.status === "fulfilled");
  const lost = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { data?: unknown }).data] : []));
  expect(won).toHaveLength(100);
  expect(lost).toHaveLength(100);
  for (const data of lost) {
    expect(data).toEqual({ code: "QUOTA_EXCEEDED", message: "Agent quota exceeded. Current: 100, Max: 100. Upgrade your plan." });
  }

  const state = await t.query(async (ctx: Ctx) => ({
    rows: (
      await ctx.db
        .query("agents")
        .withIndex("by_tenant", (q) => q.eq("tenantId", tenant.id))
        .collect()
    ).length,
    counters: (await ctx.db
      .query("tenantCounters")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenant.id))
      .unique())!,
    notices: (
      await ctx.db
        .query("notifications")
        .withIndex("by_tenant_created", (q) => q.eq("tenantId", tenant.id))
        .collect()
    ).map((n) => n.kind),
  }));
  expect(state.rows).toBe(100);
  expect(state.counters.agents).toBe(100);
  // Soft limits fire once each, at the creation that crossed them, not once per racer.
  expect(state.notices.sort()).toEqual(["quota.agents.80", "quota.agents.90"]);
});

it("a client that is not a member gets NOT_FOUND, not the quota message", async () => {
  const outsider = new ConvexHttpClient(t.url, { logger: false });
  await expect(outsider.mutation(create, { slug: tenant.slug, name: "Nope", model: "claude-haiku-4-5" })).rejects.toMatchObject({
    data: { code: "NOT_FOUND" },
  });
});
