/**
 * Usage and costs for a chosen period, from the per-day rollups only (never
 * raw events): calls, tokens and cost by day, and breakdowns by model, agent
 * and department. Money stays in integer micro-dollars here; the page rounds
 * to cents once, on the totals it shows, so they match the rollups exactly.
 */
import { v } from "convex/values";
import { tenantQuery } from "./lib/functions";
import { appError } from "./lib/errors";
import { MODELS, type ModelId } from "../lib/plans";
import type { Id } from "./_generated/dataModel";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_PERIOD_DAYS = 366;

type Totals = { calls: number; errors: number; inputTokens: number; outputTokens: number; costMicros: number };
const zero = (): Totals => ({ calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 });
function add(into: Totals, r: Totals) {
  into.calls += r.calls;
  into.errors += r.errors;
  into.inputTokens += r.inputTokens;
  into.outputTokens += r.outputTokens;
  into.costMicros += r.costMicros;
}

function dayNumber(day: string, field: string): number {
  const at = Date.parse(`${day}T00:00:00Z`);
  if (!DAY.test(day) || Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day) {
    throw appError("INVALID", "Use a real date as YYYY-MM-DD.", field);
  }
  return at / 86_400_000;
}

/** Every day from `from` to `to`, so days without calls still appear (as zero) in charts. */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) out.push(new Date(at).toISOString().slice(0, 10));
  return out;
}

export const report = tenantQuery({
  args: { from: v.string(), to: v.string() },
  permission: "usage.read",
  handler: async (ctx, { from, to }) => {
    const span = dayNumber(to, "to") - dayNumber(from, "from") + 1;
    if (span < 1) throw appError("INVALID", "The end date must be on or after the start date.", "to");
    if (span > MAX_PERIOD_DAYS) throw appError("INVALID", `Choose a period of at most ${MAX_PERIOD_DAYS} days.`, "from");
    const rollups = await ctx.db
      .query("usageRollups")
      .withIndex("by_tenant_day", (q) => q.eq("tenantId", ctx.tenant._id).gte("day", from).lte("day", to))
      .collect();

    const total = zero();
    const byDay = new Map(daysBetween(from, to).map((d) => [d, zero()]));
    const byModel = new Map<ModelId, Totals>();
    const byAgent = new Map<Id<"agents">, Totals>();
    const byDepartment = new Map<Id<"departments"> | null, Totals>();
    const bucket = <K>(map: Map<K, Totals>, key: K) => map.get(key) ?? map.set(key, zero()).get(key)!;
    for (const r of rollups) {
      add(total, r);
      add(bucket(byDay, r.day), r);
      add(bucket(byModel, r.model), r);
      add(bucket(byAgent, r.agentId), r);
      add(bucket(byDepartment, r.departmentId), r);
    }

    const byCost = <T extends Totals>(a: T, b: T) => b.costMicros - a.costMicros || b.calls - a.calls;
    const agents = await Promise.all(
      [...byAgent].map(async ([agentId, t]) => ({ key: agentId as string, label: (await ctx.db.get(agentId))?.name ?? "Deleted agent", ...t })),
    );
    const departments = await Promise.all(
      [...byDepartment].map(async ([departmentId, t]) => {
        const d = departmentId ? await ctx.db.get(departmentId) : null;
        const label = departmentId === null ? "No department" : d ? d.name : "Deleted department";
        return { key: departmentId ?? "none", label, costCenter: d?.costCenter ?? null, ...t };
      }),
    );
    return {
      from,
      to,
      total,
      days: [...byDay].map(([day, t]) => ({ day, ...t })),
      models: [...byModel].map(([model, t]) => ({ key: model as string, label: MODELS[model].label, ...t })).sort(byCost),
      agents: agents.sort(byCost),
      departments: departments.sort(byCost),
    };
  },
});
