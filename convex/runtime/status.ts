/**
 * Read side of the agent-runtime API (GET /api/v1/quota, GET /api/v1/agents),
 * and the monthly-token hard limit shared by usage and sessions. Called only
 * through the API-key door (convex/lib/apiDoor.ts).
 */
import { v } from "convex/values";
import { apiMutation } from "../lib/apiDoor";
import { appError, type AppErrorData } from "../lib/errors";
import { getCounters, monthOf } from "../lib/counters";
import { quotasOf } from "../lib/quotas";
import { FREE_MODEL, PLANS, SOFT_LIMITS, quotaPercent, type ModelId, type QuotaKey } from "../../lib/domain/plans";
import type { Doc } from "../_generated/dataModel";

/**
 * The seed's hard limit on monthly tokens: once used >= limit, a plan whose
 * policy is "free_model" has calls routed to the free model, any other plan
 * is refused.
 */
export type TokenGate = { ok: true; model: ModelId; routedFrom?: ModelId } | { ok: false; error: AppErrorData };

export function tokenGate(tenant: Doc<"tenants">, used: number, model: ModelId): TokenGate {
  const limit = quotasOf(tenant).monthlyTokens;
  if (limit === null || used < limit) return { ok: true, model };
  if (PLANS[tenant.plan].tokenLimitPolicy === "free_model")
    return model === FREE_MODEL ? { ok: true, model } : { ok: true, model: FREE_MODEL, routedFrom: model };
  return {
    ok: false,
    error: { code: "QUOTA_EXCEEDED", message: `Monthly token quota exceeded. Current: ${used}, Max: ${limit}. Upgrade your plan.` },
  };
}

/** What a runtime should expect at each limit, in words a program can switch on. */
function atLimit(tenant: Doc<"tenants">, key: QuotaKey): string {
  if (key === "monthlyTokens") return PLANS[tenant.plan].tokenLimitPolicy === "free_model" ? "route_to_free_model" : "refuse";
  if (key === "storageBytes") return "refuse_uploads";
  if (key === "apiCallsPerMinute") return "http_429_retry_after";
  return "refuse";
}

function nextMonthStart(now: number): string {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString();
}

export const quota = apiMutation({
  args: {},
  access: "read",
  handler: async (ctx) => {
    const { tenant, now } = ctx;
    const counters = await getCounters(ctx.db, tenant._id);
    const limits = quotasOf(tenant);
    const used: Record<Exclude<QuotaKey, "apiCallsPerMinute">, number> = {
      agents: counters.agents,
      monthlyTokens: counters.monthTokens,
      storageBytes: counters.storageBytes,
      concurrentSessions: counters.activeSessions,
    };
    const quotas: Record<string, unknown> = {};
    for (const [key, n] of Object.entries(used) as [Exclude<QuotaKey, "apiCallsPerMinute">, number][]) {
      const limit = limits[key];
      quotas[key] = {
        limit,
        used: n,
        remaining: limit === null ? null : Math.max(0, limit - n),
        percent: quotaPercent(n, limit),
        softLimits: [...SOFT_LIMITS],
        atLimit: atLimit(tenant, key),
      };
    }
    const rate = ctx.rate;
    quotas.apiCallsPerMinute = {
      limit: limits.apiCallsPerMinute,
      remaining: rate?.remaining ?? null,
      resetSeconds: rate?.resetSeconds ?? 0,
      keyLimit: ctx.apiKey.rateLimitPerMinute ?? null,
      atLimit: atLimit(tenant, "apiCallsPerMinute"),
    };
    return {
      tenant: { slug: tenant.slug, plan: tenant.plan, status: tenant.status },
      period: { month: monthOf(now), resetsAt: nextMonthStart(now) },
      tokenLimitPolicy: PLANS[tenant.plan].tokenLimitPolicy,
      freeModel: FREE_MODEL,
      quotas,
    };
  },
});

const AGENT_PAGE_MAX = 200;

export const agents = apiMutation({
  args: { limit: v.number(), after: v.optional(v.number()) },
  access: "read",
  handler: async (ctx, { limit, after }) => {
    if (!Number.isInteger(limit) || limit < 1 || limit > AGENT_PAGE_MAX)
      throw appError("INVALID", `limit must be a whole number from 1 to ${AGENT_PAGE_MAX}.`, "limit");
    const tenantId = ctx.tenant._id;
    // Keyset pagination on the tenant index's creation order: the cursor is a plain number, so no cursor can fail to parse.
    const rows = await ctx.db
      .query("agents")
      .withIndex("by_tenant", (q) =>
        after === undefined ? q.eq("tenantId", tenantId) : q.eq("tenantId", tenantId).gt("_creationTime", after),
      )
      .take(limit + 1);
    const page = rows.slice(0, limit);
    const departments = new Map(
      (
        await ctx.db
          .query("departments")
          .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId))
          .collect()
      ).map((d) => [d._id as string, d.name]),
    );
    const allowedModels = [...PLANS[ctx.tenant.plan].models];
    return {
      agents: page.map((a) => ({
        id: a._id as string,
        name: a.name,
        model: a.model,
        status: a.status,
        department: a.departmentId ? (departments.get(a.departmentId) ?? null) : null,
        allowedModels,
      })),
      nextCursor: rows.length > limit ? String(page[page.length - 1]._creationTime) : null,
    };
  },
});
