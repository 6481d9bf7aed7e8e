/**
 * overview:get against the raw events it summarizes: the same month-to-date
 * spend, breakdowns and 30-day activity as summing the events by hand, and
 * the same number of documents read however many events are behind it.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeFunctionReference } from "convex/server";
import { actingAsIdentity } from "../../lib/local/convex/auth";
import { costMicros, PLANS } from "../../lib/domain/plans";
import { applyUsage, dayOf, type UsageInput } from "../../convex/lib/usage";
import { LATENCY_BUCKETS_MS } from "../../convex/lib/latency";
import { startLocal } from "./support/local";
import type { Doc } from "../../convex/_generated/dataModel";
import { seedTenant, type Ctx, type SeededTenant } from "./support/world";
import { DAY_MS as DAY } from "../../lib/domain/time";

let t: Awaited<ReturnType<typeof startLocal>>;
let tenant: SeededTenant;
const events: UsageInput[] = [];

/** `perDay` events on each of the last `days` days (some before this month and the 30-day window), agents in turn. */
async function record(days: number, perDay: number) {
  const batch: UsageInput[] = [];
  const agents: Doc<"agents">[] = await t.query((ctx: Ctx) => Promise.all(tenant.agentIds.map((id) => ctx.db.get(id))));
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < perDay; k++) {
      const a = agents[(d + k) % agents.length];
      batch.push({
        agentId: a._id,
        model: a.model,
        inputTokens: 100 + d * 7 + k,
        outputTokens: 40 + k,
        latencyMs: 90 + ((d * 37 + k * 101) % 2500),
        success: (d + k) % 9 !== 0,
        at: Date.now() - d * DAY - k * 1000 - 60_000,
      });
    }
  }
  await t.run((ctx: Ctx) => applyUsage(ctx.db, tenant.id, new Map(agents.map((a) => [a._id as string, a])), batch));
  events.push(...batch);
}
const overview = () =>
  t
    .withIdentity({ subject: tenant.users.viewer!.externalId })
    .query(makeFunctionReference<"query">("portal/overview:get"), { slug: tenant.slug });
const docsRead = async () =>
  (
    await t.server.runtime.runQuery(
      "portal/overview:get",
      { slug: tenant.slug },
      actingAsIdentity({ subject: tenant.users.viewer!.externalId }),
    )
  ).reads.metrics.documentsRead;

beforeAll(async () => {
  t = await startLocal("overview");
  tenant = await seedTenant(t, {
    slug: "overview-co",
    name: "Overview Co",
    plan: "pro",
    roles: ["owner", "viewer"],
    agents: [
      ["Alpha", "claude-opus-4-6"],
      ["Beta", "claude-sonnet-4-5"],
      ["Gamma", "claude-haiku-4-5"],
      ["Delta", "gpt-4o"],
      ["Epsilon", "llama-3.1-8b"],
      ["Zeta", "claude-haiku-4-5"],
    ],
  });
  await record(45, 6);
});
afterAll(async () => t?.dispose());

it("matches the raw events summed by hand", async () => {
  const o = await overview();
  const month = new Date().toISOString().slice(0, 7);
  const mtd = events.filter((e) => dayOf(e.at).startsWith(month));
  const recent = events.filter((e) => dayOf(e.at) >= dayOf(Date.now() - 29 * DAY));
  const cost = (es: UsageInput[]) => es.reduce((s, e) => s + costMicros(e.model, e.inputTokens, e.outputTokens), 0);
  expect(o.monthToDate).toEqual({ tokens: mtd.reduce((s, e) => s + e.inputTokens + e.outputTokens, 0), costMicros: cost(mtd) });
  expect(o.budget.usedCents).toBe(Math.round(cost(mtd) / 10_000));
  for (const m of o.costByModel) expect(m.costMicros, m.model).toBe(cost(mtd.filter((e) => e.model === m.model)));
  const byAgent = tenant.agentIds
    .map((id) => ({ id, cost: cost(mtd.filter((e) => e.agentId === id)) }))
    .sort((a, b) => b.cost - a.cost || a.id.localeCompare(b.id));
  expect(o.topAgents.map((a: { agentId: string }) => a.agentId)).toEqual(byAgent.slice(0, 5).map((a) => a.id));
  expect(o.topAgents[0].name).toMatch(/^(Alpha|Beta|Gamma|Delta|Epsilon|Zeta)$/);
  expect(o.activity.calls).toBe(recent.length);
  expect(o.activity.errors).toBe(recent.filter((e) => !e.success).length);
  expect(o.activity.avgLatencyMs).toBe(Math.round(recent.reduce((s, e) => s + e.latencyMs, 0) / recent.length));
  // p95 comes from histogram buckets: the upper bound of the bucket holding the exact p95.
  const exact = recent.map((e) => e.latencyMs).sort((a, b) => a - b)[Math.ceil(0.95 * recent.length) - 1];
  expect(o.activity.p95LatencyMs).toBe(LATENCY_BUCKETS_MS.find((b) => exact <= b));
  expect(o.quotas.agents).toEqual({ used: 6, limit: PLANS.pro.quotas.agents, percent: 6 });
  expect(o.tenant).toMatchObject({ slug: "overview-co", plan: "pro", planName: "Pro", trialDaysLeft: null });
});

// Reads follow (day x agent x model) rows, bounded by the tenant's shape: every agent already ran every day here.
it("reads the same number of documents with ten times the events", async () => {
  const before = await docsRead();
  await record(45, 60);
  expect(events.length).toBe(45 * 66);
  expect(await docsRead()).toBe(before);
});
