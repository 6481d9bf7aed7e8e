/**
 * The portal's view of the agent workspace (members of the tenant, by role):
 * memories by namespace and text, the task board, missions, conversations with
 * their threads, and messages per channel, each in one scope the page picks
 * (environment and team switchers; `production:` by default).
 */
import { v } from "convex/values";
import { paginationOptsValidator } from "convex/server";
import { tenantMutation, tenantQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { paginateX } from "../lib/paging";
import { scopeKey, scopeNameProblem } from "../../lib/domain/workspace/scopes";
import { TASK_STATUSES } from "../../lib/domain/workspace/limits";
import { chargeStorage, DEFAULT_SCOPE } from "./scoping";
import { memoryOut } from "./memories";
import { deleteMemory } from "./embeddings";
import { taskOut } from "./tasks";
import { missionOut } from "./missions";
import { conversationMessageOut, conversationOut } from "./conversations";
import { messageOut } from "./messages";

const scopeArgs = { environment: v.optional(v.string()), team: v.optional(v.union(v.string(), v.null())) };
function scopeX(environment?: string, team?: string | null): string {
  if (environment === undefined) return team ? scopeKey({ environment: "production", team }) : DEFAULT_SCOPE;
  const why = scopeNameProblem(environment, "environment") ?? (team ? scopeNameProblem(team, "team") : null);
  if (why) throw appError("INVALID", why, team && scopeNameProblem(team, "team") ? "team" : "environment");
  return scopeKey({ environment, team: team ?? null });
}

export const memories = tenantQuery({
  args: { ...scopeArgs, namespace: v.optional(v.string()), search: v.optional(v.string()), paginationOpts: paginationOptsValidator },
  permission: "agents.read",
  handler: async (ctx, { environment, team, namespace, search, paginationOpts }) => {
    const tenantId = ctx.tenant._id;
    const scope = scopeX(environment, team);
    if (search !== undefined && search.trim() !== "") {
      if (search.length > 500) throw appError("INVALID", "Search for at most 500 characters.", "search");
      const rows = await ctx.db
        .query("memories")
        .withSearchIndex("search_content", (q) => {
          const s = q.search("content", search).eq("tenantId", tenantId).eq("scope", scope);
          return namespace ? s.eq("namespace", namespace) : s;
        })
        .take(50);
      return { page: rows.map((m) => memoryOut(m)), isDone: true, continueCursor: "" };
    }
    const q = namespace
      ? ctx.db
          .query("memories")
          .withIndex("by_tenant_scope_namespace", (r) => r.eq("tenantId", tenantId).eq("scope", scope).eq("namespace", namespace))
      : ctx.db.query("memories").withIndex("by_tenant_scope_created", (r) => r.eq("tenantId", tenantId).eq("scope", scope));
    const page = await paginateX(q.order("desc"), paginationOpts);
    return { ...page, page: page.page.map((m) => memoryOut(m)) };
  },
});

export const removeMemory = tenantMutation({
  args: { memoryId: v.string() },
  permission: "agents.write",
  handler: async (ctx, { memoryId }) => {
    const id = ctx.db.normalizeId("memories", memoryId);
    const row = id ? await ctx.db.get("memories", id) : null;
    if (!row) throw appError("NOT_FOUND", "No memory with this id in this workspace.", "memoryId");
    await deleteMemory(ctx.db, row);
    await chargeStorage(ctx.db, ctx.tenant, null, -row.bytes);
    return { deleted: true };
  },
});

/** The board: up to 100 of the newest tasks per status, optionally one project's or one agent's. */
export const board = tenantQuery({
  args: { ...scopeArgs, project: v.optional(v.string()), assignedTo: v.optional(v.string()) },
  permission: "agents.read",
  handler: async (ctx, { environment, team, project, assignedTo }) => {
    const tenantId = ctx.tenant._id;
    const scope = scopeX(environment, team);
    const columns = await Promise.all(
      TASK_STATUSES.map(async (status) => {
        const rows = await ctx.db
          .query("tasks")
          .withIndex("by_tenant_scope_status", (r) => r.eq("tenantId", tenantId).eq("scope", scope).eq("status", status))
          .order("desc")
          .filter((r) =>
            r.and(project ? r.eq(r.field("project"), project) : true, assignedTo ? r.eq(r.field("assignedTo"), assignedTo) : true),
          )
          .take(100);
        return { status, tasks: rows.map(taskOut) };
      }),
    );
    const missions = await ctx.db
      .query("missions")
      .withIndex("by_tenant_scope_updated", (r) => r.eq("tenantId", tenantId).eq("scope", scope))
      .order("desc")
      .take(100);
    return { columns, missions: missions.filter((m) => !project || m.project === project).map(missionOut) };
  },
});

export const conversations = tenantQuery({
  args: { ...scopeArgs, paginationOpts: paginationOptsValidator },
  permission: "agents.read",
  handler: async (ctx, { environment, team, paginationOpts }) => {
    const scope = scopeX(environment, team);
    const page = await paginateX(
      ctx.db
        .query("conversations")
        .withIndex("by_tenant_scope_created", (r) => r.eq("tenantId", ctx.tenant._id).eq("scope", scope))
        .order("desc"),
      paginationOpts,
    );
    return { ...page, page: page.page.map(conversationOut) };
  },
});

export const thread = tenantQuery({
  args: { conversationId: v.string() },
  permission: "agents.read",
  handler: async (ctx, { conversationId }) => {
    const id = ctx.db.normalizeId("conversations", conversationId);
    const c = id ? await ctx.db.get("conversations", id) : null;
    if (!c) throw appError("NOT_FOUND", "No conversation with this id in this workspace.", "conversationId");
    const rows = await ctx.db
      .query("conversationMessages")
      .withIndex("by_tenant_conversation", (r) => r.eq("tenantId", ctx.tenant._id).eq("conversationId", c._id))
      .take(500);
    const inline = (c.messages ?? []).map((m, i) => ({
      id: `${c._id}:${i}`,
      role: m.role,
      content: m.content,
      model: null,
      inputTokens: null,
      outputTokens: null,
      latencyMs: null,
      usageEventId: null,
      createdAt: new Date(c.createdAt + i).toISOString(),
    }));
    return {
      conversation: { ...conversationOut(c), scope: c.scope ?? DEFAULT_SCOPE },
      messages: [...inline, ...rows.map(conversationMessageOut)],
    };
  },
});

/** The channels of a scope (newest activity first) and the latest messages of one. */
export const messages = tenantQuery({
  args: { ...scopeArgs, channel: v.optional(v.string()) },
  permission: "agents.read",
  handler: async (ctx, { environment, team, channel }) => {
    const tenantId = ctx.tenant._id;
    const scope = scopeX(environment, team);
    const channels = await ctx.db
      .query("messageChannels")
      .withIndex("by_tenant_scope_channel", (r) => r.eq("tenantId", tenantId).eq("scope", scope))
      .take(200);
    const chosen = channel ?? channels.sort((a, b) => b.updatedAt - a.updatedAt)[0]?.channel ?? null;
    const rows = chosen
      ? await ctx.db
          .query("messages")
          .withIndex("by_tenant_scope_channel_seq", (r) => r.eq("tenantId", tenantId).eq("scope", scope).eq("channel", chosen))
          .order("desc")
          .take(100)
      : [];
    return {
      channels: channels.map((c) => ({ channel: c.channel, count: c.lastSeq, updatedAt: c.updatedAt })),
      channel: chosen,
      messages: rows.reverse().map(messageOut),
    };
  },
});
