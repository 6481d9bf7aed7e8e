/**
 * Usage and costs for a chosen period, from the per-day summaries only (never
 * raw events; one row per day, see lib/usageDays.ts): calls, tokens and cost
 * by day, and breakdowns by model, agent and department. Money stays in integer
 * micro-dollars here; the page rounds to cents once, on the totals it shows,
 * so they match the rollups exactly.
 */
import { v } from "convex/values";
import { tenantQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { MODELS, type ModelId } from "../../lib/domain/plans";
import type { Id } from "../_generated/dataModel";
import { addTotals, departmentKey, MAX_ITEMIZED, OTHER, zeroTotals, type Totals } from "../lib/usageDays";
import { DAY_MS } from "../../lib/domain/time";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_PERIOD_DAYS = 366;
const OTHER_AGENTS = `Other agents (beyond ${MAX_ITEMIZED} in a day)`;
const OTHER_DEPARTMENTS = `Other departments (beyond ${MAX_ITEMIZED} in a day)`;

function dayNumber(day: string, field: string): number {
  const at = Date.parse(`${day}T00:00:00Z`);
  if (!DAY.test(day) || Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day) {
    throw appError("INVALID", "Use a real date as YYYY-MM-DD.", field);
  }
  return at / DAY_MS;
}

/** Every day from `from` to `to`, so days without calls still appear (as zero) in charts. */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += DAY_MS)
    out.push(new Date(at).toISOString().slice(0, 10));
  return out;
}

export const report = tenantQuery({
  args: { from: v.string(), to: v.string() },
  permission: "usage.read",
  handler: async (ctx, { from, to }) => {
    const span = dayNumber(to, "to") - dayNumber(from, "from") + 1;
    if (span < 1) throw appError("INVALID", "The end date must be on or after the start date.", "to");
    if (span > MAX_PERIOD_DAYS) throw appError("INVALID", `Choose a period of at most ${MAX_PERIOD_DAYS} days.`, "from");
    const summaries = await ctx.db
      .query("usageDays")
      .withIndex("by_tenant_day", (q) => q.eq("tenantId", ctx.tenant._id).gte("day", from).lte("day", to))
      .collect();

    const total = zeroTotals();
    const byDay = new Map(daysBetween(from, to).map((d) => [d, zeroTotals()]));
    const byModel = new Map<string, Totals>();
    const byAgent = new Map<string, Totals>();
    const byDepartment = new Map<string, Totals>();
    const bucket = (map: Map<string, Totals>, key: string) => map.get(key) ?? map.set(key, zeroTotals()).get(key)!;
    const fold = (map: Map<string, Totals>, parts: Record<string, Totals>) => {
      for (const [key, t] of Object.entries(parts)) addTotals(bucket(map, key), t);
    };
    for (const s of summaries) {
      addTotals(total, s.total);
      addTotals(bucket(byDay, s.day), s.total);
      fold(byModel, s.models);
      fold(byAgent, s.agents);
      fold(byDepartment, s.departments);
    }

    const byCost = <T extends Totals>(a: T, b: T) => b.costMicros - a.costMicros || b.calls - a.calls;
    const agents = await Promise.all(
      [...byAgent].map(async ([key, t]) => ({
        key,
        label: key === OTHER ? OTHER_AGENTS : ((await ctx.db.get(key as Id<"agents">))?.name ?? "Deleted agent"),
        ...t,
      })),
    );
    const departments = await Promise.all(
      [...byDepartment].map(async ([key, t]) => {
        const d = key === departmentKey(null) || key === OTHER ? null : await ctx.db.get(key as Id<"departments">);
        const label = key === departmentKey(null) ? "No department" : key === OTHER ? OTHER_DEPARTMENTS : d ? d.name : "Deleted department";
        return { key, label, costCenter: d?.costCenter ?? null, ...t };
      }),
    );
    return {
      from,
      to,
      total,
      days: [...byDay].map(([day, t]) => ({ day, ...t })),
      models: [...byModel].map(([model, t]) => ({ key: model, label: MODELS[model as ModelId]?.label ?? model, ...t })).sort(byCost),
      agents: agents.sort(byCost),
      departments: departments.sort(byCost),
    };
  },
});
