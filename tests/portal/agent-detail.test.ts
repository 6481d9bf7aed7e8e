// @vitest-environment edge-runtime
/**
 * The agent page and the agents table's usage columns (portal/agentDetail): this
 * month's figures and the last active day come from the per-day summaries, per
 * agent; an id that is not this workspace's agent reads as not found.
 */
import { convexTest } from "convex-test";
import { beforeEach, describe, expect, it } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { addTenant, addUser, as, refusal, type T, type Tenant } from "./world";
import { applyUsage, type UsageInput } from "../../convex/lib/usage";
import { syncTenant } from "../../convex/lib/platformStats";

const modules = import.meta.glob("../../convex/**/*.ts");
const day = (at: number) => new Date(at).toISOString().slice(0, 10);
let t: T;
let acme: Tenant;
let globex: Tenant;
// The day before this month began: always last month, always inside the 90-day look-back.
const lastMonth = Date.parse(`${new Date().toISOString().slice(0, 7)}-01T12:00:00Z`) - 86_400_000;

const call = (agentId: Id<"agents">, at: number, tokens: number): UsageInput => ({
  agentId,
  model: "claude-haiku-4-5",
  inputTokens: tokens,
  outputTokens: tokens,
  latencyMs: 100,
  success: true,
  at,
});

beforeEach(async () => {
  t = convexTest(schema, modules);
  const now = Date.now();
  acme = await addTenant(t, "acme", {
    agents: [
      ["Busy", "claude-haiku-4-5"],
      ["Quiet", "claude-haiku-4-5"],
      ["Never", "claude-haiku-4-5"],
    ],
    events: ([busy, quiet]) => [
      call(busy!, now, 1000),
      call(busy!, now, 3000),
      call(busy!, lastMonth, 5000),
      call(quiet!, lastMonth, 2000),
    ],
  });
  globex = await addTenant(t, "globex");
});

describe("agentDetail", () => {
  it("gives an agent's month by day, its total and last active day; last month's calls only count for last active", async () => {
    const [busy, quiet, never] = acme.agentIds;
    const viewer = as(t, acme.users.viewer);
    const b = await viewer.query(api.portal.agentDetail.get, { slug: "acme", agentId: busy! });
    expect(b.agent.name).toBe("Busy");
    expect(b.total.calls).toBe(2);
    expect(b.total.inputTokens).toBe(4000);
    expect(b.total.costMicros).toBeGreaterThan(0);
    expect(b.lastActiveDay).toBe(day(Date.now()));
    expect(b.days).toHaveLength(new Date().getUTCDate());
    expect(b.days.reduce((n, d) => n + d.costMicros, 0)).toBe(b.total.costMicros);

    const q = await viewer.query(api.portal.agentDetail.get, { slug: "acme", agentId: quiet! });
    expect(q.total.calls).toBe(0);
    expect(q.lastActiveDay).toBe(day(lastMonth));
    expect((await viewer.query(api.portal.agentDetail.get, { slug: "acme", agentId: never! })).lastActiveDay).toBeNull();

    const stats = await viewer.query(api.portal.agentDetail.stats, { slug: "acme" });
    expect(stats.agents[busy!]).toEqual({ monthCostMicros: b.total.costMicros, monthCalls: 2, lastActiveDay: day(Date.now()) });
    expect(stats.agents[quiet!]).toEqual({ monthCostMicros: 0, monthCalls: 0, lastActiveDay: day(lastMonth) });
    expect(stats.agents[never!]).toBeUndefined();
  });

  it("answers not found for another workspace's agent, a made-up id and a non-member", async () => {
    const owner = as(t, acme.users.owner);
    for (const agentId of [globex.agentIds[0]!, "not-an-id"]) {
      expect((await refusal(owner.query(api.portal.agentDetail.get, { slug: "acme", agentId }))).code).toBe("NOT_FOUND");
    }
    const stranger = as(t, await addUser(t, "stranger"));
    expect((await refusal(stranger.query(api.portal.agentDetail.get, { slug: "acme", agentId: acme.agentIds[0]! }))).code).toBe(
      "NOT_FOUND",
    );
    // globex's stats hold nothing of acme's agents.
    const g = await as(t, globex.users.owner).query(api.portal.agentDetail.stats, { slug: "globex" });
    expect(Object.keys(g.agents).some((id) => acme.agentIds.includes(id as Id<"agents">))).toBe(false);
  });
});

describe("admin tenants list", () => {
  it("shows each tenant's members and MRR by the platform's rule", async () => {
    const staff = as(t, await addUser(t, "staff", "support"));
    // convex-test runs no triggers: write the directory rows and sums as the triggers would.
    await t.run(async (ctx) => {
      await ctx.db.patch(globex.id, { status: "trial" });
      for (const id of [acme.id, globex.id]) await syncTenant(ctx.db, id, await ctx.db.get(id));
    });
    const { rows } = await staff.query(api.admin.tenants.list, { sort: "name" });
    const a = rows.find((r) => r.slug === "acme")!;
    const g = rows.find((r) => r.slug === "globex")!;
    expect(a.users).toBe(4);
    expect(a.mrrCents).toBe(299_00); // pro, active
    expect(g.mrrCents).toBe(0); // trials pay no fee yet
    const summary = await staff.query(api.admin.tenants.summary, {});
    expect(summary.agents).toBe(5);
    expect(summary.mrrCents).toBe(rows.reduce((n, r) => n + r.mrrCents, 0));
  });
});

describe("agentDetail sessions and API keys (issue 18)", () => {
  it("lists the agent's newest conversations, capped with a 'more', and this month's usage per API key for admins only", async () => {
    const [busy, quiet] = acme.agentIds;
    const now = Date.now();
    const keys = await t.run(async (ctx) => {
      const make = (name: string) =>
        ctx.db.insert("apiKeys", {
          tenantId: acme.id,
          name,
          prefix: `tnry_${name}`,
          hash: `h-${name}`,
          createdBy: acme.users.owner.id,
          createdAt: now,
        });
      return { ci: await make("ci"), bot: await make("bot") };
    });
    await t.run(async (ctx) => {
      const agents = new Map((await Promise.all([busy!, quiet!].map((id) => ctx.db.get(id)))).map((a) => [a!._id as string, a!]));
      await applyUsage(ctx.db, acme.id, agents, [
        { ...call(busy!, now, 100), apiKeyId: keys.ci },
        { ...call(busy!, now, 100), apiKeyId: keys.ci },
        { ...call(busy!, now, 50), apiKeyId: keys.bot },
        { ...call(busy!, lastMonth, 999), apiKeyId: keys.bot }, // last month: not this month's
        { ...call(quiet!, now, 70), apiKeyId: keys.bot }, // another agent's
        call(busy!, now, 10), // no key (the console's own usage)
      ]);
      for (let i = 0; i < 12; i++)
        await ctx.db.insert("conversations", {
          tenantId: acme.id,
          agentId: busy!,
          title: `Chat ${i}`,
          customer: `c${i}`,
          sample: false,
          createdAt: now + i,
        });
      await ctx.db.insert("conversations", {
        tenantId: acme.id,
        agentId: quiet!,
        title: "Quiet chat",
        customer: "q",
        sample: false,
        createdAt: now,
      });
    });

    const admin = await as(t, acme.users.admin).query(api.portal.agentDetail.get, { slug: "acme", agentId: busy! });
    expect(admin.sessions.rows.map((s) => s.title)).toEqual(Array.from({ length: 10 }, (_, i) => `Chat ${11 - i}`));
    expect(admin.sessions.more).toBe(true);
    expect(admin.apiKeys!.rows.map((k) => [k.name, k.calls, k.tokens])).toEqual([
      ["ci", 2, 400],
      ["bot", 1, 100],
    ]);
    expect(admin.apiKeys!.more).toBe(0);

    const quietView = await as(t, acme.users.admin).query(api.portal.agentDetail.get, { slug: "acme", agentId: quiet! });
    expect(quietView.sessions).toEqual({ rows: [expect.objectContaining({ title: "Quiet chat" })], more: false });
    expect(quietView.apiKeys!.rows.map((k) => [k.name, k.calls])).toEqual([["bot", 1]]);

    // A viewer sees the sessions, not which keys called (key names are the API keys page's, for admins).
    const viewer = await as(t, acme.users.viewer).query(api.portal.agentDetail.get, { slug: "acme", agentId: busy! });
    expect(viewer.sessions.rows).toHaveLength(10);
    expect(viewer.apiKeys).toBeNull();
  });
});
