/**
 * Recording usage: each event is appended and folded into its rollup row
 * (tenant x day x model x agent x department), its day's summary (./usageDays.ts)
 * and the tenant's month-to-date counters in the same transaction, so
 * dashboards never scan raw events.
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { costMicros, type ModelId } from "../../lib/domain/plans";
import { bucketOf, emptyBuckets } from "./latency";
import { getCounters, monthOf } from "./counters";
import { checkBudgetAlerts } from "./billing/budget";
import { recordUsageDays, type DayItem } from "./usageDays";
import { minuteOfDay } from "../../lib/domain/uptime";

type Db = GenericDatabaseWriter<DataModel>;
export type UsageInput = {
  agentId: Id<"agents">;
  model: ModelId;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  success: boolean;
  at: number;
  /** The API key that reported it (runtime API): the agent page's per-key usage. */
  apiKeyId?: Id<"apiKeys">;
};

export const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);

/** Appends events for one tenant and updates rollups and counters; returns total cost. */
export async function applyUsage(db: Db, tenantId: Id<"tenants">, agents: Map<string, Doc<"agents">>, events: UsageInput[]) {
  const rollups = new Map<string, Doc<"usageRollups"> | Omit<Doc<"usageRollups">, "_id" | "_creationTime">>();
  const byDay = new Map<string, DayItem[]>();
  let monthTokens = 0;
  let monthCost = 0;
  const thisMonth = monthOf(Date.now());
  for (const e of events) {
    const agent = agents.get(e.agentId);
    if (!agent) continue;
    const cost = costMicros(e.model, e.inputTokens, e.outputTokens);
    const { apiKeyId, ...event } = e;
    await db.insert("usageEvents", { tenantId, ...event, costMicros: cost });
    const day = dayOf(e.at);
    const departmentId = agent.departmentId ?? null;
    const key = `${day}|${e.model}|${e.agentId}|${departmentId}`;
    let row = rollups.get(key);
    if (!row) {
      row = (await db
        .query("usageRollups")
        .withIndex("by_tenant_key", (q) =>
          q.eq("tenantId", tenantId).eq("day", day).eq("model", e.model).eq("agentId", e.agentId).eq("departmentId", departmentId),
        )
        .unique()) ?? {
        tenantId,
        day,
        model: e.model,
        agentId: e.agentId,
        departmentId,
        calls: 0,
        inputTokens: 0,
        outputTokens: 0,
        costMicros: 0,
        errors: 0,
        latencySumMs: 0,
        latencyBuckets: emptyBuckets(),
      };
      row = { ...row, latencyBuckets: [...row.latencyBuckets] };
      rollups.set(key, row);
    }
    row.calls += 1;
    row.inputTokens += e.inputTokens;
    row.outputTokens += e.outputTokens;
    row.costMicros += cost;
    row.errors += e.success ? 0 : 1;
    row.latencySumMs += e.latencyMs;
    row.latencyBuckets[bucketOf(e.latencyMs)] += 1;
    const totals = { calls: 1, errors: e.success ? 0 : 1, inputTokens: e.inputTokens, outputTokens: e.outputTokens, costMicros: cost };
    (byDay.get(day) ?? byDay.set(day, []).get(day)!).push({
      key: { model: e.model, agentId: e.agentId, departmentId, apiKeyId },
      totals,
      minute: minuteOfDay(e.at),
    });
    if (monthOf(e.at) === thisMonth) {
      monthTokens += e.inputTokens + e.outputTokens;
      monthCost += cost;
    }
  }
  for (const row of rollups.values()) {
    if ("_id" in row) {
      const { _id, _creationTime, ...fields } = row;
      await db.replace(_id, fields);
    } else await db.insert("usageRollups", row);
  }
  await recordUsageDays(db, tenantId, byDay);
  const counters = await getCounters(db, tenantId);
  // The newest day with usage rides on the counters patch this batch makes anyway: the admin
  // directory copies it (platformStats) without reading usage per tenant.
  const newest = [...byDay.keys()].reduce((a, b) => (b > a ? b : a), counters.lastActiveDay ?? "");
  await db.patch(counters._id, {
    monthTokens: counters.monthTokens + monthTokens,
    monthCostMicros: counters.monthCostMicros + monthCost,
    ...(newest && newest !== counters.lastActiveDay ? { lastActiveDay: newest } : {}),
  });
  // Budget alerts (80/90/100%) belong to the write that moves the spend.
  if (monthCost > 0) await checkBudgetAlerts(db, tenantId);
  return { monthTokens, monthCost };
}
