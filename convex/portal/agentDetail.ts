/**
 * One agent as its page and the agents table show it: settings, this month's calls,
 * tokens and cost by day, and the last day it was used. Read from the per-day
 * summaries only (usageDays: one row per tenant and day, with a breakdown by agent),
 * never raw events, so the cost does not grow with traffic. A day itemizes at most
 * MAX_ITEMIZED agents (lib/usageDays.ts); beyond that an agent's share is folded into
 * "other" and reads as no usage here.
 */
import { v } from "convex/values";
import { tenantQuery } from "../lib/functions";
import { notFound } from "../lib/errors";
import { monthOf } from "../lib/counters";
import { addTotals, keyPairKey, zeroTotals, type Totals } from "../lib/usageDays";
import { can } from "../../lib/domain/permissions";
import { DAY_MS } from "../../lib/domain/time";
import type { Id } from "../_generated/dataModel";

/** How far back "last active" looks: older usage shows as "not in the last 90 days". */
export const LOOKBACK_DAYS = 90;
/** Rows the page shows of the agent's conversations and of its API keys; more are counted and linked. */
export const SESSIONS_SHOWN = 10;
export const KEYS_SHOWN = 10;

const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);

function daysOfMonth(now: number): string[] {
  const out: string[] = [];
  for (let at = Date.parse(`${monthOf(now)}-01T00:00:00Z`); at <= now; at += DAY_MS) out.push(dayOf(at));
  return out;
}

/** The agent's page: settings, this month by day and in total, last active day. */
export const get = tenantQuery({
  // A string, not v.id: an address typed by hand answers "not found", not a validation error.
  args: { agentId: v.string() },
  permission: "agents.read",
  handler: async (ctx, { agentId }) => {
    const id = ctx.db.normalizeId("agents", agentId);
    // Row-level security hides other tenants' agents: a foreign id reads as missing.
    const agent = id ? await ctx.db.get(id) : null;
    if (!agent) throw notFound("Agent not found");
    const department = agent.departmentId ? await ctx.db.get(agent.departmentId) : null;

    const now = Date.now();
    const summaries = await ctx.db
      .query("usageDays")
      .withIndex("by_tenant_day", (q) => q.eq("tenantId", ctx.tenant._id).gte("day", dayOf(now - LOOKBACK_DAYS * DAY_MS)))
      .collect();
    const month = monthOf(now);
    const byDay = new Map(daysOfMonth(now).map((d) => [d, zeroTotals()]));
    const total = zeroTotals();
    const byKey = new Map<string, Totals>();
    const keyPrefix = keyPairKey(agent._id, "");
    let lastActiveDay: string | null = null;
    for (const s of summaries) {
      const mine = s.agents[agent._id];
      if (!mine || mine.calls === 0) continue;
      lastActiveDay = s.day; // ascending by day: the last one wins
      if (s.day.startsWith(month)) {
        addTotals(total, mine);
        addTotals(byDay.get(s.day) ?? zeroTotals(), mine);
        for (const [k, t] of Object.entries(s.keys ?? {}))
          if (k.startsWith(keyPrefix)) addTotals(byKey.get(k) ?? byKey.set(k, zeroTotals()).get(k)!, t);
      }
    }
    const conversations = await ctx.db
      .query("conversations")
      .withIndex("by_tenant_agent", (q) => q.eq("tenantId", ctx.tenant._id).eq("agentId", agent._id))
      .order("desc")
      .take(SESSIONS_SHOWN + 1);
    return {
      agent: {
        _id: agent._id,
        name: agent.name,
        model: agent.model,
        status: agent.status,
        department: department?.name ?? null,
        metadata: agent.metadata ?? {},
        createdAt: agent.createdAt,
      },
      month,
      total,
      days: [...byDay].map(([day, t]) => ({ day, ...t })),
      lastActiveDay,
      sessions: {
        rows: conversations.slice(0, SESSIONS_SHOWN).map((c) => ({
          _id: c._id,
          title: c.title,
          customer: c.customer,
          messages: c.messageCount ?? c.messages?.length ?? 0,
          createdAt: c.createdAt,
          lastMessageAt: c.lastMessageAt ?? null,
        })),
        more: conversations.length > SESSIONS_SHOWN,
      },
      // Key names and prefixes are for those who manage keys (the API keys page's rule); others see totals only.
      apiKeys: can(ctx.member.role, "apiKeys.manage") ? await keyUsage(ctx.db, byKey) : null,
    };
  },
});

/** This month's calls and tokens per API key that reported usage for the agent, busiest first. */
async function keyUsage(
  db: { get(id: Id<"apiKeys">): Promise<{ name: string; prefix: string; revokedAt?: number } | null> },
  byKey: Map<string, Totals>,
) {
  const ranked = [...byKey].sort((a, b) => b[1].calls - a[1].calls);
  const rows = [];
  for (const [k, t] of ranked.slice(0, KEYS_SHOWN)) {
    const keyId = k.slice(k.indexOf(":") + 1) as Id<"apiKeys">;
    const key = await db.get(keyId);
    rows.push({
      keyId: keyId as string,
      name: key?.name ?? "Deleted key",
      prefix: key?.prefix ?? null,
      revoked: key ? key.revokedAt !== undefined : true,
      calls: t.calls,
      tokens: t.inputTokens + t.outputTokens,
      costMicros: t.costMicros,
    });
  }
  return { rows, more: ranked.length - rows.length };
}

/** The agents table's cost this month and last active day, for every agent of the workspace with usage. */
export const stats = tenantQuery({
  args: {},
  permission: "agents.read",
  handler: async (ctx) => {
    const now = Date.now();
    const month = monthOf(now);
    const summaries = await ctx.db
      .query("usageDays")
      .withIndex("by_tenant_day", (q) => q.eq("tenantId", ctx.tenant._id).gte("day", dayOf(now - LOOKBACK_DAYS * DAY_MS)))
      .collect();
    const out: Record<string, { monthCostMicros: number; monthCalls: number; lastActiveDay: string }> = {};
    for (const s of summaries) {
      for (const [agentId, t] of Object.entries(s.agents) as [string, Totals][]) {
        if (t.calls === 0) continue;
        const row = (out[agentId] ??= { monthCostMicros: 0, monthCalls: 0, lastActiveDay: s.day });
        row.lastActiveDay = s.day;
        if (s.day.startsWith(month)) {
          row.monthCostMicros += t.costMicros;
          row.monthCalls += t.calls;
        }
      }
    }
    return { month, lookbackDays: LOOKBACK_DAYS, agents: out };
  },
});
