/**
 * Agent sessions (POST/DELETE /api/v1/sessions): each active session holds one
 * slot of the tenant's concurrent-sessions quota, counted in tenantCounters in
 * the same mutation that starts or ends it, so 100 parallel starts against a
 * limit of 25 admit exactly 25. A session nobody ends expires after its idle
 * timeout: a scheduled check at expiresAt, with the sessions sweep in
 * jobs/maintenance as the safety net.
 */
import { v } from "convex/values";
import { apiMutation } from "../lib/apiDoor";
import { internalMutation } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { bump, getCounters } from "../lib/counters";
import { assertWithinQuota, notifySoftLimits } from "../lib/quotas";
import { once, idempotencyValidator } from "./idempotency";
import { tokenGate } from "./status";
import { parseSessionStart } from "../../lib/domain/api/validate";
import { modelNotInPlanMessage, planAllowsModel } from "../../lib/domain/plans";
import { internal } from "../_generated/api";
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc } from "../_generated/dataModel";

type Db = GenericDatabaseWriter<DataModel>;

export function sessionView(s: Doc<"agentSessions">) {
  return {
    id: s._id as string,
    agentId: s.agentId as string,
    model: s.model,
    status: s.status,
    startedAt: new Date(s.startedAt).toISOString(),
    lastSeenAt: new Date(s.lastSeenAt).toISOString(),
    expiresAt: new Date(s.expiresAt).toISOString(),
    idleTimeoutSeconds: Math.round(s.idleTimeoutMs / 1000),
    ...(s.endedAt !== undefined ? { endedAt: new Date(s.endedAt).toISOString() } : {}),
  };
}

/** Ends an active session as expired and frees its slot; anything else is left alone. */
export async function expireSession(db: Db, session: Doc<"agentSessions">, now: number): Promise<boolean> {
  if (session.status !== "active" || session.expiresAt > now) return false;
  await db.patch(session._id, { status: "expired", endedAt: now });
  await bump(db, session.tenantId, "activeSessions", -1);
  return true;
}

export const start = apiMutation({
  args: {
    agentId: v.string(),
    model: v.optional(v.string()),
    idleTimeoutSeconds: v.optional(v.number()),
    idempotency: idempotencyValidator,
  },
  access: "write",
  handler: async (ctx, { idempotency, ...body }) => {
    const { tenant, now } = ctx;
    return once(ctx.db, tenant._id, "sessions", idempotency, now, async () => {
      const parsed = parseSessionStart(body);
      if (!parsed.ok) throw appError("INVALID", parsed.message, parsed.field);
      const input = parsed.value;
      const agentId = ctx.db.normalizeId("agents", input.agentId);
      const agent = agentId ? await ctx.db.get(agentId) : null;
      if (!agent) throw appError("NOT_FOUND", "No agent with this id in this workspace.", "agentId");
      if (agent.status === "paused") throw appError("CONFLICT", `${agent.name} is paused; resume it before starting sessions.`, "agentId");
      const requested = input.model ?? agent.model;
      if (!planAllowsModel(tenant.plan, requested)) throw appError("INVALID", modelNotInPlanMessage(tenant.plan, requested), "model");
      const counters = await getCounters(ctx.db, tenant._id);
      const gate = tokenGate(tenant, counters.monthTokens, requested);
      if (!gate.ok) throw appError(gate.error.code, gate.error.message);
      assertWithinQuota(tenant, "concurrentSessions", counters.activeSessions);
      const idleTimeoutMs = input.idleTimeoutSeconds * 1000;
      const id = await ctx.db.insert("agentSessions", {
        tenantId: tenant._id,
        agentId: agent._id,
        apiKeyId: ctx.apiKey._id,
        model: gate.model,
        status: "active",
        idleTimeoutMs,
        startedAt: now,
        lastSeenAt: now,
        expiresAt: now + idleTimeoutMs,
      });
      await bump(ctx.db, tenant._id, "activeSessions", 1);
      await notifySoftLimits(ctx.db, tenant, "concurrentSessions", counters.activeSessions + 1);
      await ctx.scheduler.runAt(now + idleTimeoutMs, internal.runtime.sessions.expireIfIdle, { sessionId: id });
      const view = sessionView((await ctx.db.get(id))!);
      return gate.routedFrom ? { ...view, routedFrom: gate.routedFrom } : view;
    });
  },
});

async function own(db: Db, raw: string): Promise<Doc<"agentSessions">> {
  const id = db.normalizeId("agentSessions", raw);
  const session = id ? await db.get(id) : null;
  if (!session) throw notFound("No session with this id in this workspace.");
  return session;
}

/** Ending is idempotent: ending an ended session answers the same; an expired one is a conflict (its slot is long gone). */
export const end = apiMutation({
  args: { sessionId: v.string() },
  access: "report",
  handler: async (ctx, { sessionId }) => {
    const session = await own(ctx.db, sessionId);
    if (session.status === "expired")
      throw appError("CONFLICT", "This session already expired after being idle; start a new one.", "sessionId");
    if (session.status === "active") {
      await ctx.db.patch(session._id, { status: "ended", endedAt: ctx.now });
      await bump(ctx.db, ctx.tenant._id, "activeSessions", -1);
    }
    return sessionView((await ctx.db.get(session._id))!);
  },
});

export const heartbeat = apiMutation({
  args: { sessionId: v.string() },
  access: "report",
  handler: async (ctx, { sessionId }) => {
    const session = await own(ctx.db, sessionId);
    if (session.status !== "active")
      throw appError("CONFLICT", `This session has ${session.status === "ended" ? "ended" : "expired"}; start a new one.`, "sessionId");
    await ctx.db.patch(session._id, { lastSeenAt: ctx.now, expiresAt: ctx.now + session.idleTimeoutMs });
    return sessionView((await ctx.db.get(session._id))!);
  },
});

/** Scheduled at a session's expiry time; a session kept alive since then is checked again at its new time. */
export const expireIfIdle = internalMutation({
  args: { sessionId: v.id("agentSessions") },
  handler: async (ctx, { sessionId }) => {
    const session = await ctx.db.get(sessionId);
    if (!session || session.status !== "active") return { expired: false };
    const now = Date.now();
    if (await expireSession(ctx.db, session, now)) {
      console.log(
        JSON.stringify({ job: "sessions.expireIfIdle", tenantId: session.tenantId, sessionId, idleMs: now - session.lastSeenAt }),
      );
      return { expired: true };
    }
    await ctx.scheduler.runAt(session.expiresAt, internal.runtime.sessions.expireIfIdle, { sessionId });
    return { expired: false };
  },
});
