/**
 * The tenant overview: month-to-date spend, where it goes, 30-day activity and
 * quota use. Built from the counters row and at most 31 days of rollups, so
 * its reads do not grow with history (measured by `npm run bench:dashboard`).
 */
import { tenantQuery } from "../lib/functions";
import { quotasOf } from "../lib/quotas";
import { monthOf } from "../lib/counters";
import { activityFrom, activityStartOf } from "../lib/tenantActivity";
import { MODELS, PLANS, quotaPercent, type ModelId } from "../../lib/domain/plans";
import type { Doc, Id } from "../_generated/dataModel";
import { DAY_MS } from "../../lib/domain/time";

const TOP_AGENTS = 5;

type Totals = { calls: number; tokens: number; costMicros: number };
const add = (into: Totals, r: Doc<"usageRollups">) => {
  into.calls += r.calls;
  into.tokens += r.inputTokens + r.outputTokens;
  into.costMicros += r.costMicros;
};
const quota = (used: number, limit: number | null) => ({ used, limit, percent: quotaPercent(used, limit) });
/** Highest cost first, ties in `key` order, so the top five are the same on every read. */
const byCost =
  <K extends string>(key: K) =>
  (a: Totals & Record<K, string>, b: Totals & Record<K, string>) =>
    b.costMicros - a.costMicros || a[key].localeCompare(b[key]);

export const get = tenantQuery({
  args: {},
  permission: "usage.read",
  handler: async (ctx) => {
    const { tenant } = ctx;
    const now = Date.now();
    const month = monthOf(now);
    const monthStart = `${month}-01`;
    const activityStart = activityStartOf(now);
    // One bounded range covers both windows: this month and the last 30 days.
    const from = monthStart < activityStart ? monthStart : activityStart;
    const rollups = await ctx.db
      .query("usageRollups")
      .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenant._id).gte("day", from))
      .collect();
    const counters = await ctx.db
      .query("tenantCounters")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
      .unique();
    // A counters row from last month is reset by the next write; until then this month is zero.
    const current = counters?.month === month ? counters : null;

    const models = new Map<ModelId, Totals>();
    const agents = new Map<Id<"agents">, Totals>();
    for (const r of rollups) {
      if (r.day < monthStart) continue;
      if (!models.has(r.model)) models.set(r.model, { calls: 0, tokens: 0, costMicros: 0 });
      if (!agents.has(r.agentId)) agents.set(r.agentId, { calls: 0, tokens: 0, costMicros: 0 });
      add(models.get(r.model)!, r);
      add(agents.get(r.agentId)!, r);
    }

    const top = [...agents.entries()]
      .map(([agentId, t]) => ({ agentId, ...t }))
      .sort(byCost("agentId"))
      .slice(0, TOP_AGENTS);
    const topAgents = await Promise.all(top.map(async (a) => ({ ...a, name: (await ctx.db.get(a.agentId))?.name ?? "Deleted agent" })));
    const q = quotasOf(tenant);
    const monthTokens = current?.monthTokens ?? 0;
    const monthCostMicros = current?.monthCostMicros ?? 0;
    const budgetCents = tenant.monthlyBudgetCents ?? null;
    const usedCents = Math.round(monthCostMicros / 10_000);
    return {
      tenant: {
        name: tenant.name,
        slug: tenant.slug,
        plan: tenant.plan,
        planName: PLANS[tenant.plan].name,
        status: tenant.status,
        trialDaysLeft: tenant.status === "trial" && tenant.trialEndsAt ? Math.max(0, Math.ceil((tenant.trialEndsAt - now) / DAY_MS)) : null,
      },
      month,
      monthToDate: { tokens: monthTokens, costMicros: monthCostMicros },
      budget: { monthlyBudgetCents: budgetCents, usedCents, percent: budgetCents ? quotaPercent(usedCents, budgetCents) : null },
      costByModel: [...models.entries()].map(([model, t]) => ({ model, label: MODELS[model].label, ...t })).sort(byCost("model")),
      topAgents,
      activity: activityFrom(rollups.filter((r) => r.day >= activityStart)),
      quotas: {
        agents: quota(counters?.agents ?? 0, q.agents),
        monthlyTokens: quota(monthTokens, q.monthlyTokens),
        storageBytes: quota(counters?.storageBytes ?? 0, q.storageBytes),
        concurrentSessions: quota(counters?.activeSessions ?? 0, q.concurrentSessions),
      },
    };
  },
});
