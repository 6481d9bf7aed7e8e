/**
 * The benchmarks' usage seed (bench:cli, bench:move): tenant SLUG with COUNT usage events over
 * 90 days and eight agents, written through the real recording path (applyUsage, in mutations
 * of 2,000 events). A data dir that already holds the tenant is reused when it was seeded with
 * the same count, and refused otherwise.
 */
import type { ConvexLocalHandle } from "../../lib/local/convex/index";
import { applyUsage, type UsageInput } from "../../convex/lib/usage";
import { getCounters } from "../../convex/lib/counters";
import type { Doc } from "../../convex/_generated/dataModel";
import type { ModelId } from "../../lib/domain/plans";
import { DAY_MS } from "../../lib/domain/time";
import { MAIN_PLACEMENT } from "../../lib/domain/placement";

const BATCH = 2_000;
const DAYS = 90;
const AGENTS: [string, ModelId][] = [
  ["Customer Support", "claude-sonnet-4-5"],
  ["Code Reviewer", "claude-opus-4-6"],
  ["Data Analyst", "claude-opus-4-6"],
  ["Email Assistant", "claude-haiku-4-5"],
  ["Research Bot", "gpt-4o"],
  ["Ticket Triage", "claude-haiku-4-5"],
  ["Sales Outreach", "claude-sonnet-4-5"],
  ["Inventory Watch", "llama-3.1-8b"],
];

export async function seedUsage(t: ConvexLocalHandle, slug: string, count: number, log: (s: string) => void) {
  const name = `Bench ${slug} ${count}`;
  const seeded = await t.query((ctx) =>
    ctx.db
      .query("tenants")
      .withIndex("by_slug", (q: { eq(f: string, v: string): unknown }) => q.eq("slug", slug))
      .unique(),
  );
  if (seeded) {
    if (seeded.name !== name) throw new Error(`the data dir holds "${seeded.name}", not ${count} events: use another --data-dir`);
    return log(`  ${slug}: reusing ${count.toLocaleString()} events\n`);
  }
  const { tenantId, agents } = await t.run(async (ctx) => {
    const now = Date.now();
    const tenantId = await ctx.db.insert("tenants", {
      name,
      slug,
      plan: "enterprise",
      status: "active",
      statusSince: now,
      billingEmail: `billing@${slug}.test`,
      // Where a new tenant goes (convex/lib/newTenant.ts): shard main, the control plane itself.
      placement: MAIN_PLACEMENT,
      placementVersion: 1,
      createdAt: now,
      updatedAt: now,
    });
    const agents: Doc<"agents">[] = [];
    for (const [agentName, model] of AGENTS)
      agents.push(
        (await ctx.db.get(await ctx.db.insert("agents", { tenantId, name: agentName, model, status: "active", createdAt: now })))!,
      );
    const counters = await getCounters(ctx.db, tenantId);
    await ctx.db.patch(counters._id, { agents: agents.length });
    return { tenantId, agents };
  });
  const byId = new Map(agents.map((a: Doc<"agents">) => [a._id as string, a]));
  const now = Date.now();
  const today = now - (now % DAY_MS);
  const began = Date.now();
  for (let done = 0; done < count;) {
    const n = Math.min(BATCH, count - done);
    const batch: UsageInput[] = Array.from({ length: n }, (_, k) => {
      const i = done + k;
      const a = i % AGENTS.length;
      const x = (i * DAYS) / count;
      const daysAgo = DAYS - 1 - Math.floor(x);
      const at = today - daysAgo * DAY_MS + Math.floor((x - Math.floor(x)) * (daysAgo === 0 ? now - today : DAY_MS));
      return {
        agentId: agents[a]._id,
        model: AGENTS[a][1],
        inputTokens: 400 + (i % 5000),
        outputTokens: 150 + (i % 1500),
        latencyMs: 300 + (i % 900),
        success: i % 57 !== 0,
        at,
      };
    });
    await t.run((ctx) => applyUsage(ctx.db, tenantId, byId, batch));
    done += n;
    log(
      `\r  ${slug}: ${done.toLocaleString()}/${count.toLocaleString()} events (${Math.round(done / ((Date.now() - began) / 1000)).toLocaleString()}/s)   `,
    );
  }
  log("\n");
}
