/**
 * Conversations with end users (seed 004) through the runtime API. The
 * tenant's backend creates one with `userContext` (checked against the
 * owner-declared fields); its messages are rows, each model call optionally
 * recorded as a usage event and linked. Reads made with a conversationId
 * (recall, history) are filtered by that conversation's context server-side.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { apiMutation } from "../lib/apiDoor";
import { appError } from "../lib/errors";
import { applyUsage } from "../lib/usage";
import { getCounters } from "../lib/counters";
import { tokenGate } from "../runtime/status";
import { MAX_MESSAGE_CONTENT, MAX_TITLE, MESSAGE_ROLES, storageCost } from "../../lib/domain/workspace/limits";
import { readContext } from "../../lib/domain/workspace/context";
import { modelNotInPlanMessage, planAllowsModel } from "../../lib/domain/plans";
import { MAX_LATENCY_MS, MAX_TOKENS_PER_EVENT } from "../../lib/domain/api/validate";
import { cursorX, enumX, intX, objectX, optIntX, optObjectX, optStringX, stringX } from "../../lib/domain/workspace/input";
import { assertStorage, boundScope, chargeStorage, contextFieldsOf, conversationX, iso, readX } from "./scoping";
import { pageX } from "./memories";

export const conversationOut = (c: Doc<"conversations">) => ({
  id: c._id as string,
  agentId: c.agentId as string,
  title: c.title,
  userIdentifier: c.userIdentifier ?? c.customer,
  userContext: c.userContext ?? {},
  messageCount: c.messageCount ?? c.messages?.length ?? 0,
  lastMessageAt: c.lastMessageAt ? iso(c.lastMessageAt) : null,
  createdAt: iso(c.createdAt),
});
export const conversationMessageOut = (m: Doc<"conversationMessages">) => ({
  id: m._id as string,
  role: m.role,
  content: m.content,
  model: m.model ?? null,
  inputTokens: m.inputTokens ?? null,
  outputTokens: m.outputTokens ?? null,
  latencyMs: m.latencyMs ?? null,
  usageEventId: (m.usageEventId as string | undefined) ?? null,
  createdAt: iso(m.createdAt),
});

export const create = apiMutation({
  args: { input: v.any() },
  access: "write",
  handler: async (ctx, { input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const body = readX(() => objectX(input, ["agentId", "userIdentifier", "userContext", "title"]));
    const agentIdText = readX(() => stringX(body, "agentId", 64));
    const userIdentifier = readX(() => stringX(body, "userIdentifier", 200));
    const title = readX(() => optStringX(body, "title", MAX_TITLE)) ?? `Conversation with ${userIdentifier}`;
    const given = readX(() => optObjectX(body, "userContext")) ?? {};
    const context = readContext(given, await contextFieldsOf(ctx.db, tenantId));
    if (!context.ok) throw appError("INVALID", context.message, context.field);
    const aid = ctx.db.normalizeId("agents", agentIdText);
    const agent = aid ? await ctx.db.get("agents", aid) : null;
    if (!agent || (await boundScope(ctx.db, tenantId, "agent", agent._id)) !== scope)
      throw appError("NOT_FOUND", "No agent with this id in this workspace and scope.", "agentId");
    const id = await ctx.db.insert("conversations", {
      tenantId,
      agentId: agent._id,
      title,
      customer: userIdentifier,
      sample: false,
      createdAt: ctx.now,
      scope,
      userIdentifier,
      userContext: context.values,
      contextKey: context.key,
      messageCount: 0,
    });
    return conversationOut((await ctx.db.get("conversations", id))!);
  },
});

/** One message; an agent message with `usage` records that model call as a usage event and links it. */
export const append = apiMutation({
  args: { conversationId: v.string(), input: v.any() },
  access: "report",
  handler: async (ctx, { conversationId, input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const conversation = await conversationX(ctx.db, tenantId, scope, conversationId, "id");
    const body = readX(() => objectX(input, ["role", "content", "usage"]));
    const role = readX(() => enumX(body, "role", MESSAGE_ROLES));
    const content = readX(() => stringX(body, "content", MAX_MESSAGE_CONTENT));
    const usage = readX(() => {
      const u = optObjectX(body, "usage");
      if (!u) return undefined;
      objectX(u, ["model", "inputTokens", "outputTokens", "latencyMs"], "usage");
      return {
        model: optStringX(u, "model", 64),
        inputTokens: intX(u, "inputTokens", 0, MAX_TOKENS_PER_EVENT),
        outputTokens: intX(u, "outputTokens", 0, MAX_TOKENS_PER_EVENT),
        latencyMs: optIntX(u, "latencyMs", 0, MAX_LATENCY_MS) ?? 0,
      };
    });
    const bytes = storageCost(content);
    await assertStorage(ctx.db, ctx.tenant, bytes);
    let link: { model: string; usageEventId: Id<"usageEvents">; inputTokens: number; outputTokens: number; latencyMs: number } | null =
      null;
    if (usage) {
      const agent = await ctx.db.get("agents", conversation.agentId);
      if (!agent) throw appError("NOT_FOUND", "This conversation's agent was deleted.", "usage");
      const requested = usage.model ?? agent.model;
      if (!planAllowsModel(ctx.tenant.plan, requested))
        throw appError("INVALID", modelNotInPlanMessage(ctx.tenant.plan, requested), "usage.model");
      const gate = tokenGate(ctx.tenant, (await getCounters(ctx.db, tenantId)).monthTokens, requested);
      if (!gate.ok) throw appError(gate.error.code, gate.error.message, "usage");
      await applyUsage(ctx.db, tenantId, new Map([[agent._id as string, agent]]), [
        {
          agentId: agent._id,
          model: gate.model,
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          latencyMs: usage.latencyMs,
          success: true,
          at: ctx.now,
          // Which key reported it: the agent page's API usage by key (issue 18).
          apiKeyId: ctx.apiKey._id,
        },
      ]);
      // The event just written is this tenant's newest at this instant (one transaction, one event).
      const event = await ctx.db
        .query("usageEvents")
        .withIndex("by_tenant_at", (q) => q.eq("tenantId", tenantId).eq("at", ctx.now))
        .order("desc")
        .first();
      link = {
        model: gate.model,
        usageEventId: event!._id,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        latencyMs: usage.latencyMs,
      };
    }
    const id = await ctx.db.insert("conversationMessages", {
      tenantId,
      conversationId: conversation._id,
      role,
      content,
      ...(link ?? {}),
      bytes,
      createdAt: ctx.now,
    });
    await ctx.db.patch("conversations", conversation._id, {
      messageCount: (conversation.messageCount ?? 0) + 1,
      lastMessage: content.slice(0, 200),
      lastMessageAt: ctx.now,
    });
    // Reported usage (applyUsage) may have written the counters since: charge on the row as it is now.
    await chargeStorage(ctx.db, ctx.tenant, null, bytes);
    return conversationMessageOut((await ctx.db.get("conversationMessages", id))!);
  },
});

export const history = apiMutation({
  args: { conversationId: v.string(), input: v.any() },
  access: "read",
  handler: async (ctx, { conversationId, input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const conversation = await conversationX(ctx.db, tenantId, scope, conversationId, "id");
    const body = readX(() => objectX(input, ["limit", "cursor"]));
    const limit = readX(() => intX(body, "limit", 1, 200, 100));
    const cursor = readX(() => cursorX(body));
    const page = await pageX(
      ctx.db
        .query("conversationMessages")
        .withIndex("by_tenant_conversation", (q) => q.eq("tenantId", tenantId).eq("conversationId", conversation._id)),
      cursor,
      limit,
    );
    // A cursor from another list is refused (a deployment does so itself; convex-local reads from
    // wherever its key points, which under row-level security is still this tenant's other rows).
    if (page.page.some((m) => m.conversationId !== conversation._id))
      throw appError("INVALID", "cursor must be the nextCursor of a previous page of this list.", "cursor");
    return {
      conversation: conversationOut(conversation),
      messages: page.page.map(conversationMessageOut),
      nextCursor: page.isDone ? null : page.continueCursor,
    };
  },
});

export const list = apiMutation({
  args: { input: v.any() },
  access: "read",
  handler: async (ctx, { input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const body = readX(() => objectX(input, ["limit", "cursor"]));
    const limit = readX(() => intX(body, "limit", 1, 200, 50));
    const cursor = readX(() => cursorX(body));
    const page = await pageX(
      ctx.db
        .query("conversations")
        .withIndex("by_tenant_scope_created", (q) => q.eq("tenantId", tenantId).eq("scope", scope))
        .order("desc"),
      cursor,
      limit,
    );
    return { conversations: page.page.map(conversationOut), nextCursor: page.isDone ? null : page.continueCursor };
  },
});
