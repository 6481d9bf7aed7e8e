/**
 * POST /api/v1/usage: one event or a batch of up to 500, each checked on its
 * own (shape, agent of this tenant, model of this plan, monthly-token hard
 * limit) with a result per item; the accepted ones go through applyUsage, so
 * events, rollups and counters change in this one transaction. Items the
 * route already found malformed arrive as `rejected`, so the stored answer to
 * an Idempotency-Key covers the whole request.
 */
import { v } from "convex/values";
import { apiMutation } from "../lib/apiDoor";
import { applyUsage, type UsageInput } from "../lib/usage";
import { getCounters } from "../lib/counters";
import { notifySoftLimits, quotasOf } from "../lib/quotas";
import { appError, type AppErrorData } from "../lib/errors";
import { once, idempotencyValidator } from "./idempotency";
import { tokenGate } from "./status";
import { recordQuotaReached } from "../notifications/quotaReached";
import { echoName, MAX_BATCH, parseUsageEvent } from "../../lib/domain/api/validate";
import { modelNotInPlanMessage, planAllowsModel, type ModelId } from "../../lib/domain/plans";
import type { Doc, Id } from "../_generated/dataModel";

const eventValidator = v.object({
  agentId: v.string(),
  model: v.optional(v.string()),
  inputTokens: v.number(),
  outputTokens: v.number(),
  latencyMs: v.number(),
  success: v.boolean(),
  at: v.optional(v.number()),
  sessionId: v.optional(v.string()),
});

export type ItemResult =
  { index: number; status: "recorded"; model: ModelId; routedFrom?: ModelId } | { index: number; status: "rejected"; error: AppErrorData };

/** Our own messages are short; one handed in by the route is clipped so the answer stays bounded. */
const MAX_MESSAGE = 300;
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const reject = (index: number, code: AppErrorData["code"], message: string, field?: string): ItemResult => ({
  index,
  status: "rejected",
  error: field ? { code, message: clip(message, MAX_MESSAGE), field: echoName(field) } : { code, message: clip(message, MAX_MESSAGE) },
});

export const record = apiMutation({
  args: {
    items: v.array(v.object({ index: v.number(), event: eventValidator })),
    rejected: v.array(v.object({ index: v.number(), field: v.string(), message: v.string() })),
    idempotency: idempotencyValidator,
  },
  access: "report",
  handler: async (ctx, { items, rejected, idempotency }) => {
    const { tenant, now } = ctx;
    return once(ctx.db, tenant._id, "usage", idempotency, now, async () => {
      if (items.length + rejected.length > MAX_BATCH) throw appError("INVALID", `At most ${MAX_BATCH} events per request.`, "events");
      const results: ItemResult[] = rejected.map((r) => reject(r.index, "INVALID", r.message, r.field));
      const counters = await getCounters(ctx.db, tenant._id);
      const agents = new Map<string, Doc<"agents"> | null>();
      const sessions = new Set<Id<"agentSessions">>();
      const accepted: UsageInput[] = [];
      let used = counters.monthTokens;
      for (const { index, event } of items) {
        const parsed = parseUsageEvent(event, now);
        if (!parsed.ok) {
          results.push(reject(index, "INVALID", parsed.message, parsed.field));
          continue;
        }
        const e = parsed.value;
        if (!agents.has(e.agentId)) {
          const id = ctx.db.normalizeId("agents", e.agentId);
          // RLS: another tenant's agent reads as missing, the same answer as an id that never existed.
          agents.set(e.agentId, id ? await ctx.db.get(id) : null);
        }
        const agent = agents.get(e.agentId);
        if (!agent) {
          results.push(reject(index, "NOT_FOUND", "No agent with this id in this workspace.", "agentId"));
          continue;
        }
        const requested = e.model ?? agent.model;
        if (!planAllowsModel(tenant.plan, requested)) {
          results.push(reject(index, "INVALID", modelNotInPlanMessage(tenant.plan, requested), "model"));
          continue;
        }
        if (e.sessionId) {
          const sid = ctx.db.normalizeId("agentSessions", e.sessionId);
          const session = sid ? await ctx.db.get(sid) : null;
          if (!session) {
            results.push(reject(index, "NOT_FOUND", "No session with this id in this workspace.", "sessionId"));
            continue;
          }
          if (session.status === "active") sessions.add(session._id);
        }
        const gate = tokenGate(tenant, used, requested);
        if (!gate.ok) {
          await recordQuotaReached(ctx.db, tenant, gate.error);
          results.push({ index, status: "rejected", error: gate.error });
          continue;
        }
        used += e.inputTokens + e.outputTokens;
        accepted.push({
          agentId: agent._id,
          model: gate.model,
          inputTokens: e.inputTokens,
          outputTokens: e.outputTokens,
          latencyMs: e.latencyMs,
          success: e.success,
          at: e.at ?? now,
          apiKeyId: ctx.apiKey._id,
        });
        results.push(
          gate.routedFrom
            ? { index, status: "recorded", model: gate.model, routedFrom: gate.routedFrom }
            : { index, status: "recorded", model: gate.model },
        );
      }
      let monthAdded = 0;
      if (accepted.length > 0) {
        const byId = new Map<string, Doc<"agents">>();
        for (const a of agents.values()) if (a) byId.set(a._id, a);
        monthAdded = (await applyUsage(ctx.db, tenant._id, byId, accepted)).monthTokens;
        await notifySoftLimits(ctx.db, tenant, "monthlyTokens", counters.monthTokens + monthAdded);
      }
      for (const id of sessions) {
        const s = (await ctx.db.get(id))!;
        await ctx.db.patch(id, { lastSeenAt: now, expiresAt: now + s.idleTimeoutMs });
      }
      results.sort((a, b) => a.index - b.index);
      const recorded = results.filter((r) => r.status === "recorded").length;
      const limit = quotasOf(tenant).monthlyTokens;
      return { recorded, rejected: results.length - recorded, results, monthlyTokens: { used: counters.monthTokens + monthAdded, limit } };
    });
  },
});
