// Budget alerts at 80, 90 and 100 percent: one notification and one outbox email per threshold per month.
import { vi, describe, it, expect, beforeAll, afterAll } from "vitest";
vi.mock("server-only", () => ({}));
import { billingEnv, billingState, recordUsage, scratchDir, seedTenant, startWorld, type World } from "./support/world";

const dataDir = scratchDir("budget");
billingEnv(dataDir);

let world: World;
beforeAll(async () => {
  world = await startWorld(dataDir);
});
afterAll(() => world.dispose());

// claude-haiku-4-5 input costs $1 per million tokens: with a $10 budget, 1M tokens is 10%.
const M = 1_000_000;
const alerts = async (tenantId: string) => {
  const state = await billingState(world.t, tenantId);
  return {
    notifications: state.notifications.filter((n: { kind: string }) => n.kind.startsWith("budget.")).map((n: { kind: string }) => n.kind),
    emails: state.outbox.filter((m: { kind: string }) => m.kind.startsWith("budget.")),
  };
};

describe("monthly budget alerts", () => {
  it("fire once at each of 80, 90 and 100 percent", async () => {
    const { tenantId, users } = await seedTenant(world.t, { slug: "budget-steps", budgetCents: 10_00 });
    await recordUsage(world.t, tenantId, 7.9 * M);
    expect((await alerts(tenantId)).notifications).toEqual([]);
    await recordUsage(world.t, tenantId, 0.1 * M);
    await recordUsage(world.t, tenantId, 0.5 * M);
    expect((await alerts(tenantId)).notifications).toEqual(["budget.80"]);
    await recordUsage(world.t, tenantId, 1 * M);
    await recordUsage(world.t, tenantId, 1 * M);
    await recordUsage(world.t, tenantId, 3 * M);
    const { notifications, emails } = await alerts(tenantId);
    expect(notifications.sort()).toEqual(["budget.100", "budget.80", "budget.90"]);
    expect(emails).toHaveLength(3);
    expect(emails.find((e: { kind: string }) => e.kind === "budget.100")).toMatchObject({
      status: "pending",
      to: expect.arrayContaining(["billing@budget-steps.test", users.owner.email]),
      subject: expect.stringContaining("100%"),
    });
  });

  it("announce only the highest threshold when one write crosses several", async () => {
    const { tenantId } = await seedTenant(world.t, { slug: "budget-jump", budgetCents: 10_00 });
    await recordUsage(world.t, tenantId, 9.5 * M);
    expect((await alerts(tenantId)).notifications).toEqual(["budget.90"]);
    await recordUsage(world.t, tenantId, 0.2 * M);
    expect((await alerts(tenantId)).notifications).toEqual(["budget.90"]);
    await recordUsage(world.t, tenantId, 0.3 * M);
    expect((await alerts(tenantId)).notifications.sort()).toEqual(["budget.100", "budget.90"]);
  });

  it("start again in a new month", async () => {
    const { tenantId } = await seedTenant(world.t, { slug: "budget-month", budgetCents: 10_00 });
    await recordUsage(world.t, tenantId, 8 * M);
    // The counters row still says last month: the next write starts this month from zero.
    await world.t.run(async (ctx) => {
      const row = await ctx.db
        .query("tenantCounters")
        .withIndex("by_tenant", (q: { eq: (f: string, v: string) => unknown }) => q.eq("tenantId", tenantId))
        .unique();
      await ctx.db.patch(row._id, { month: "2000-01" });
    });
    await recordUsage(world.t, tenantId, 7 * M);
    expect((await alerts(tenantId)).notifications).toEqual(["budget.80"]);
    await recordUsage(world.t, tenantId, 1 * M);
    expect((await alerts(tenantId)).notifications).toEqual(["budget.80", "budget.80"]);
  });

  it("stay silent without a budget", async () => {
    const { tenantId } = await seedTenant(world.t, { slug: "budget-none", budgetCents: 0 });
    await recordUsage(world.t, tenantId, 50 * M);
    expect(await alerts(tenantId)).toEqual({ notifications: [], emails: [] });
  });
});
