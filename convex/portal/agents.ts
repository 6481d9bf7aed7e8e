import { v } from "convex/values";
import { paginationOptsValidator } from "convex/server";
import { tenantQuery, tenantMutation } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { bump, getCounters } from "../lib/counters";
import { assertWithinQuota, notifySoftLimits } from "../lib/quotas";
import { audit } from "../lib/audit";
import { modelNotInPlanMessage, planAllowsModel, type ModelId } from "../../lib/domain/plans";
import { agentNameProblem } from "../../lib/domain/validation";
import { refuse } from "../lib/slugs";
import { paginateX } from "../lib/paging";
import { modelValidator } from "../schema";
import type { Doc, Id } from "../_generated/dataModel";
import { emitWebhook } from "../notifications/webhookEvents";

const sortValidator = v.union(v.literal("name"), v.literal("model"), v.literal("status"), v.literal("createdAt"));
// Each sortable column has an index that starts with tenantId; createdAt is by_tenant's implicit _creationTime order.
const SORT_INDEX = { name: "by_tenant_name", model: "by_tenant_model", status: "by_tenant_status", createdAt: "by_tenant" } as const;

/** The Agents table shows at most 100 rows a page; a little room above it. */
const MAX_AGENT_PAGE = 200;

/** Longer than any agent name (80 characters), with room for a few words more. */
const MAX_SEARCH = 100;

/** The Agents table: server-side sort, filters and search, one page at a time. */
export const list = tenantQuery({
  args: {
    paginationOpts: paginationOptsValidator,
    sort: v.optional(sortValidator),
    order: v.optional(v.union(v.literal("asc"), v.literal("desc"))),
    status: v.optional(v.union(v.literal("active"), v.literal("paused"))),
    model: v.optional(modelValidator),
    departmentId: v.optional(v.id("departments")),
    search: v.optional(v.string()),
  },
  permission: "agents.read",
  handler: async (ctx, args) => {
    const tenantId = ctx.tenant._id;
    const search = args.search?.trim() ?? "";
    if (search.length > MAX_SEARCH) throw appError("INVALID", `Search for at most ${MAX_SEARCH} characters.`, "search");
    // A search reads the search index, most relevant first, with the filters
    // inside the index: every page is full. Without one, the sort column's index.
    const query = search
      ? ctx.db.query("agents").withSearchIndex("search_name", (q) => {
          let s = q.search("name", search).eq("tenantId", tenantId);
          if (args.status) s = s.eq("status", args.status);
          if (args.model) s = s.eq("model", args.model);
          if (args.departmentId) s = s.eq("departmentId", args.departmentId);
          return s;
        })
      : ctx.db
          .query("agents")
          .withIndex(SORT_INDEX[args.sort ?? "name"], (r) => r.eq("tenantId", tenantId))
          .order(args.order ?? "asc")
          .filter((f) =>
            f.and(
              args.status ? f.eq(f.field("status"), args.status) : true,
              args.model ? f.eq(f.field("model"), args.model) : true,
              args.departmentId ? f.eq(f.field("departmentId"), args.departmentId) : true,
            ),
          );
    const result = await paginateX(query, args.paginationOpts, MAX_AGENT_PAGE);
    const departments = new Map(
      (
        await ctx.db
          .query("departments")
          .withIndex("by_tenant_name", (r) => r.eq("tenantId", tenantId))
          .collect()
      ).map((d) => [d._id, d.name]),
    );
    const page = result.page.map((a) => ({ ...a, department: a.departmentId ? (departments.get(a.departmentId) ?? null) : null }));
    return { ...result, page };
  },
});

async function checkDepartment(
  ctx: { db: { get(id: Id<"departments">): Promise<Doc<"departments"> | null> } },
  id: Id<"departments"> | undefined,
) {
  // RLS hides other tenants' departments: a foreign id reads as missing.
  if (id && !(await ctx.db.get(id))) throw appError("INVALID", "Choose one of this workspace's departments.", "departmentId");
}

function checkModel(plan: Doc<"tenants">["plan"], model: ModelId) {
  if (!planAllowsModel(plan, model)) throw appError("INVALID", modelNotInPlanMessage(plan, model), "model");
}

function checkName(name: string) {
  refuse(agentNameProblem(name), "name");
  return name.trim();
}

export const create = tenantMutation({
  args: { name: v.string(), model: modelValidator, departmentId: v.optional(v.id("departments")) },
  permission: "agents.write",
  handler: async (ctx, args) => {
    const name = checkName(args.name);
    checkModel(ctx.tenant.plan, args.model);
    await checkDepartment(ctx, args.departmentId);
    const counters = await getCounters(ctx.db, ctx.tenant._id);
    assertWithinQuota(ctx.tenant, "agents", counters.agents);
    const id = await ctx.db.insert("agents", {
      tenantId: ctx.tenant._id,
      name,
      model: args.model,
      status: "active",
      ...(args.departmentId ? { departmentId: args.departmentId } : {}),
      createdAt: Date.now(),
    });
    await bump(ctx.db, ctx.tenant._id, "agents", 1);
    await notifySoftLimits(ctx.db, ctx.tenant, "agents", counters.agents + 1);
    await emitWebhook(ctx.db, ctx.tenant, "agent.created", { agent: { id, name, model: args.model } });
    await audit(ctx.db, {
      tenantId: ctx.tenant._id,
      actor: ctx.user,
      action: "agent.create",
      target: id,
      after: { name, model: args.model },
    });
    return id;
  },
});

export const update = tenantMutation({
  args: {
    agentId: v.id("agents"),
    name: v.optional(v.string()),
    model: v.optional(modelValidator),
    departmentId: v.optional(v.union(v.id("departments"), v.null())),
  },
  permission: "agents.write",
  handler: async (ctx, { agentId, ...patch }) => {
    const agent = await ctx.db.get(agentId);
    if (!agent) throw notFound("Agent not found");
    const next: Partial<Doc<"agents">> = {};
    if (patch.name !== undefined) next.name = checkName(patch.name);
    if (patch.model !== undefined) {
      checkModel(ctx.tenant.plan, patch.model);
      next.model = patch.model;
    }
    if (patch.departmentId !== undefined) {
      await checkDepartment(ctx, patch.departmentId ?? undefined);
      next.departmentId = patch.departmentId ?? undefined;
    }
    await ctx.db.patch(agentId, next);
    await audit(ctx.db, {
      tenantId: ctx.tenant._id,
      actor: ctx.user,
      action: "agent.update",
      target: agentId,
      before: { name: agent.name, model: agent.model },
      after: next,
    });
  },
});

export const setStatus = tenantMutation({
  args: { agentId: v.id("agents"), status: v.union(v.literal("active"), v.literal("paused")) },
  permission: "agents.write",
  handler: async (ctx, { agentId, status }) => {
    const agent = await ctx.db.get(agentId);
    if (!agent) throw notFound("Agent not found");
    await ctx.db.patch(agentId, { status });
    await audit(ctx.db, {
      tenantId: ctx.tenant._id,
      actor: ctx.user,
      action: `agent.${status === "paused" ? "pause" : "resume"}`,
      target: agentId,
    });
  },
});

export const remove = tenantMutation({
  args: { agentId: v.id("agents") },
  permission: "agents.write",
  handler: async (ctx, { agentId }) => {
    const agent = await ctx.db.get(agentId);
    if (!agent) throw notFound("Agent not found");
    await ctx.db.delete(agentId);
    await bump(ctx.db, ctx.tenant._id, "agents", -1);
    await emitWebhook(ctx.db, ctx.tenant, "agent.deleted", { agent: { id: agentId, name: agent.name } });
    await audit(ctx.db, {
      tenantId: ctx.tenant._id,
      actor: ctx.user,
      action: "agent.delete",
      target: agentId,
      before: { name: agent.name },
    });
  },
});
