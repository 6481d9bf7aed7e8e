/**
 * For `npm run bench:admin` and the admin tests (internal: admin key only).
 * `seedTenants` writes synthetic tenants in bulk: registry row, owner, agents,
 * raw usage events and the rollups and counters they add up to, written
 * directly (not event by event through applyUsage) so 10,000 tenants and a
 * million events load in minutes. It goes through the same trigger-wrapped
 * writer as everything else, so the directory and platform sums are exact.
 * `measure` runs an admin view's loader and reports the documents it read.
 */
import { v } from "convex/values";
import { internalMutation, internalQuery } from "../lib/functions";
import { applyUsage, dayOf } from "../lib/usage";
import { getCounters, monthOf } from "../lib/counters";
import { newTenant } from "../lib/newTenant";
import { DAY_MS } from "../../lib/domain/time";
import { bucketOf, emptyBuckets } from "../lib/latency";
import { costMicros, PLANS, type ModelId, type PlanId } from "../../lib/domain/plans";
import { loadTenantsPage } from "../admin/tenants";
import { loadOverview } from "../admin/overview";
import { loadTenantDetail } from "../admin/tenantDetail";
import type { Doc, Id } from "../_generated/dataModel";

const WORDS = [
  "Northwind",
  "Contoso",
  "Fabrikam",
  "Tailspin",
  "Wingtip",
  "Litware",
  "Adventure",
  "Proseware",
  "Lucerne",
  "Margie",
  "Trey",
  "Woodgrove",
  "Coho",
  "Alpine",
  "Blue",
  "Fourth",
  "Graphic",
  "Humongous",
  "Relecloud",
  "Wide",
];
const SUFFIX = ["Labs", "Group", "Systems", "Works", "Partners"];

function rng(seed: number) {
  let h = (seed * 2654435761) >>> 0;
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return ((h ^= h >>> 16) >>> 0) / 4294967296;
  };
}

function specOf(i: number) {
  const r = rng(i + 1);
  const plan: PlanId = i % 10 < 6 ? "starter" : i % 10 < 9 ? "pro" : "enterprise";
  const x = r();
  const status: Doc<"tenants">["status"] =
    x < 0.8 ? "active" : x < 0.88 ? "trial" : x < 0.93 ? "past_due" : x < 0.98 ? "suspended" : "deleted";
  const name = `${WORDS[i % WORDS.length]} ${String(i).padStart(5, "0")} ${SUFFIX[Math.floor(i / WORDS.length) % SUFFIX.length]}`;
  return { r, plan, status, name, slug: name.toLowerCase().replace(/\s+/g, "-") };
}

export const seedTenants = internalMutation({
  args: { from: v.number(), count: v.number(), eventsPerTenant: v.number(), now: v.optional(v.number()) },
  handler: async (ctx, { from, count, eventsPerTenant, now = Date.now() }) => {
    let events = 0;
    for (let i = from; i < from + count; i++) {
      const { r, plan, status, name, slug } = specOf(i);
      const createdAt = now - Math.floor(30 + r() * 700) * DAY_MS;
      const tenantId = await newTenant(ctx.db, {
        name,
        slug,
        plan,
        status,
        statusSince: now - DAY_MS,
        billingEmail: `billing@${slug}.test`,
        monthlyBudgetCents: 500_00,
        ...(status === "deleted" ? { deletedAt: now - DAY_MS, hardDeleteAt: now + 29 * DAY_MS, restoreStatus: "active" as const } : {}),
        createdAt,
        updatedAt: now,
      });
      const userId = await ctx.db.insert("users", {
        externalId: `bench_${slug}`,
        email: `owner@${slug}.test`,
        name: `Owner of ${name}`,
        platformRole: "none",
        createdAt,
      });
      await ctx.db.insert("memberships", { tenantId, userId, role: "owner", createdAt });
      const departmentId = await ctx.db.insert("departments", { tenantId, name: "Operations", costCenter: "CC-1" });
      const models = PLANS[plan].models;
      const agents: { id: Id<"agents">; model: ModelId }[] = [];
      for (let a = 0; a < 2 + Math.floor(r() * 5); a++) {
        const model = models[Math.floor(r() * models.length)];
        agents.push({
          id: await ctx.db.insert("agents", { tenantId, name: `Agent ${a + 1}`, model, status: "active", departmentId, createdAt }),
          model,
        });
      }
      const rollups = new Map<string, Omit<Doc<"usageRollups">, "_id" | "_creationTime">>();
      let monthTokens = 0,
        monthCost = 0;
      for (let e = 0; e < eventsPerTenant; e++) {
        const agent = agents[Math.floor(r() * agents.length)];
        const at = now - Math.floor(r() * 30 * DAY_MS);
        const inputTokens = 200 + Math.floor(r() * 4000),
          outputTokens = 100 + Math.floor(r() * 1500);
        const latencyMs = 200 + Math.floor(r() * r() * 4000),
          success = r() > 0.02;
        const cost = costMicros(agent.model, inputTokens, outputTokens);
        await ctx.db.insert("usageEvents", {
          tenantId,
          agentId: agent.id,
          model: agent.model,
          inputTokens,
          outputTokens,
          costMicros: cost,
          latencyMs,
          success,
          at,
        });
        const day = dayOf(at),
          key = `${day}|${agent.id}`;
        const row = rollups.get(key) ?? {
          tenantId,
          day,
          model: agent.model,
          agentId: agent.id,
          departmentId,
          calls: 0,
          inputTokens: 0,
          outputTokens: 0,
          costMicros: 0,
          errors: 0,
          latencySumMs: 0,
          latencyBuckets: emptyBuckets(),
        };
        row.calls++;
        row.inputTokens += inputTokens;
        row.outputTokens += outputTokens;
        row.costMicros += cost;
        row.errors += success ? 0 : 1;
        row.latencySumMs += latencyMs;
        row.latencyBuckets[bucketOf(latencyMs)]++;
        rollups.set(key, row);
        if (monthOf(at) === monthOf(now)) {
          monthTokens += inputTokens + outputTokens;
          monthCost += cost;
        }
      }
      for (const row of rollups.values()) await ctx.db.insert("usageRollups", row);
      // newTenant made the counters row; the bench sets it to what it just wrote.
      await ctx.db.patch((await getCounters(ctx.db, tenantId))._id, {
        agents: agents.length,
        members: 1,
        storageBytes: Math.floor(r() * 5e9),
        activeSessions: 0,
        month: monthOf(now),
        monthTokens,
        monthCostMicros: monthCost,
        notified: [],
        lastActiveDay: [...rollups.values()].reduce((a, row) => (row.day > a ? row.day : a), "") || undefined,
      });
      events += eventsPerTenant;
    }
    return { tenants: count, events };
  },
});

/**
 * More usage for one tenant through the real applyUsage, on (day, agent) pairs
 * that already have rollups: the bench re-measures documents read afterwards,
 * which must not change with the number of events.
 */
export const addEvents = internalMutation({
  args: { slug: v.string(), count: v.number() },
  handler: async (ctx, { slug, count }) => {
    const tenant = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .unique();
    if (!tenant) throw new Error(`no tenant ${slug}`);
    const now = Date.now();
    const rollups = await ctx.db
      .query("usageRollups")
      .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenant._id).gte("day", dayOf(now - 29 * DAY_MS)))
      .collect();
    const agents = new Map<string, Doc<"agents">>();
    for (const r of rollups) if (!agents.has(r.agentId)) agents.set(r.agentId, (await ctx.db.get(r.agentId))!);
    const events = Array.from({ length: count }, (_, i) => {
      const r = rollups[i % rollups.length];
      const at = Math.min(now - 1000, Date.parse(`${r.day}T12:00:00Z`));
      return { agentId: r.agentId, model: r.model, inputTokens: 500, outputTokens: 200, latencyMs: 400, success: true, at };
    });
    await applyUsage(ctx.db, tenant._id, agents, events);
    return events.length;
  },
});

/** Runs one admin view's loader as the named staff user and reports what it read. */
export const measure = internalQuery({
  args: { view: v.union(v.literal("tenants"), v.literal("overview"), v.literal("detail")), staffEmail: v.string(), args: v.any() },
  handler: async (ctx, { view, staffEmail, args }) => {
    // The staff door's own read: the caller's directory row.
    await ctx.db
      .query("users")
      .withIndex("by_email", (q) => q.eq("email", staffEmail))
      .first();
    if (view === "tenants") await loadTenantsPage(ctx.db, args);
    else if (view === "overview") await loadOverview(ctx.db);
    else await loadTenantDetail(ctx.db, args.slug);
    const m = await ctx.meta.getTransactionMetrics();
    return { documentsRead: m.documentsRead.used, bytesRead: m.bytesRead.used };
  },
});
