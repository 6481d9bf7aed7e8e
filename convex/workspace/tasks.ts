/**
 * Tasks (seed 000): title, assignee, priority, status, project (`studio/<id>`
 * accepted), optional mission. Listed by project, assignee or status a page at
 * a time, always inside the key's tenant and scope.
 */
import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import { apiMutation } from "../lib/apiDoor";
import { appError } from "../lib/errors";
import { MAX_DESCRIPTION, MAX_TITLE, PRIORITIES, TASK_STATUSES } from "../../lib/domain/workspace/limits";
import { agentNameProblem, projectProblem } from "../../lib/domain/workspace/namespaces";
import { checkedX, cursorX, enumX, intX, objectX, optCheckedX, optEnumX, optStringX, stringX } from "../../lib/domain/workspace/input";
import { boundScope, iso, missionX, readX, taskX } from "./scoping";
import { pageX } from "./memories";

export const taskOut = (t: Doc<"tasks">) => ({
  id: t._id as string,
  title: t.title,
  description: t.description ?? null,
  assignedTo: t.assignedTo ?? null,
  priority: t.priority,
  status: t.status,
  project: t.project,
  missionId: (t.missionId as string | undefined) ?? null,
  createdBy: t.createdBy,
  dispatchedBy: t.dispatchedBy ?? null,
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
});

const assignee = (s: string) => agentNameProblem(s, "assignedTo");

export const create = apiMutation({
  args: { input: v.any() },
  access: "report",
  handler: async (ctx, { input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const body = readX(() =>
      objectX(input, ["title", "description", "assignedTo", "priority", "status", "project", "missionId", "createdBy"]),
    );
    const fields = readX(() => ({
      title: stringX(body, "title", MAX_TITLE),
      description: optStringX(body, "description", MAX_DESCRIPTION),
      assignedTo: optCheckedX(body, "assignedTo", assignee),
      priority: enumX(body, "priority", PRIORITIES, "medium"),
      status: enumX(body, "status", TASK_STATUSES, "todo"),
      project: checkedX(body, "project", projectProblem),
      createdBy: optCheckedX(body, "createdBy", (s) => agentNameProblem(s, "createdBy")) ?? "api",
    }));
    const missionId = readX(() => optStringX(body, "missionId", 64));
    const mission = missionId ? await missionX(ctx.db, tenantId, scope, missionId) : null;
    const id = await ctx.db.insert("tasks", {
      tenantId,
      scope,
      ...fields,
      ...(mission ? { missionId: mission._id } : {}),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    return taskOut((await ctx.db.get("tasks", id))!);
  },
});

export const list = apiMutation({
  args: { input: v.any() },
  access: "read",
  handler: async (ctx, { input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const body = readX(() => objectX(input, ["project", "assignedTo", "status", "missionId", "limit", "cursor"]));
    const f = readX(() => ({
      project: optCheckedX(body, "project", projectProblem),
      assignedTo: optCheckedX(body, "assignedTo", assignee),
      status: optEnumX(body, "status", TASK_STATUSES),
      limit: intX(body, "limit", 1, 200, 50),
      cursor: cursorX(body),
    }));
    const missionId = readX(() => optStringX(body, "missionId", 64));
    const mission = missionId ? await missionX(ctx.db, tenantId, scope, missionId) : null;
    const base = ctx.db.query("tasks");
    // The most selective filter picks the index; the others narrow the range's rows.
    const q = mission
      ? base.withIndex("by_tenant_scope_mission", (r) => r.eq("tenantId", tenantId).eq("scope", scope).eq("missionId", mission._id))
      : f.project !== undefined
        ? base.withIndex("by_tenant_scope_project", (r) => r.eq("tenantId", tenantId).eq("scope", scope).eq("project", f.project!))
        : f.assignedTo !== undefined
          ? base.withIndex("by_tenant_scope_assignee", (r) => r.eq("tenantId", tenantId).eq("scope", scope).eq("assignedTo", f.assignedTo))
          : f.status !== undefined
            ? base.withIndex("by_tenant_scope_status", (r) => r.eq("tenantId", tenantId).eq("scope", scope).eq("status", f.status!))
            : base.withIndex("by_tenant_scope_updated", (r) => r.eq("tenantId", tenantId).eq("scope", scope));
    const filtered = q
      .order("desc")
      .filter((r) =>
        r.and(
          f.project !== undefined ? r.eq(r.field("project"), f.project) : true,
          f.assignedTo !== undefined ? r.eq(r.field("assignedTo"), f.assignedTo) : true,
          f.status !== undefined ? r.eq(r.field("status"), f.status) : true,
        ),
      );
    const page = await pageX(filtered, f.cursor, f.limit);
    return { tasks: page.page.map(taskOut), nextCursor: page.isDone ? null : page.continueCursor };
  },
});

export const update = apiMutation({
  args: { taskId: v.string(), input: v.any() },
  access: "report",
  handler: async (ctx, { taskId, input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const task = await taskX(ctx.db, tenantId, scope, taskId, "id");
    const body = readX(() => objectX(input, ["title", "description", "assignedTo", "priority", "status", "project"]));
    if (Object.keys(body).length === 0) throw appError("INVALID", "Send at least one field to change.", "body");
    const patch = readX(() => ({
      ...(body.title !== undefined ? { title: stringX(body, "title", MAX_TITLE) } : {}),
      ...(body.description !== undefined ? { description: optStringX(body, "description", MAX_DESCRIPTION) } : {}),
      ...(body.assignedTo !== undefined ? { assignedTo: optCheckedX(body, "assignedTo", assignee) } : {}),
      ...(body.priority !== undefined ? { priority: enumX(body, "priority", PRIORITIES) } : {}),
      ...(body.status !== undefined ? { status: enumX(body, "status", TASK_STATUSES) } : {}),
      ...(body.project !== undefined ? { project: checkedX(body, "project", projectProblem) } : {}),
    }));
    await ctx.db.patch("tasks", task._id, { ...patch, updatedAt: ctx.now });
    return taskOut((await ctx.db.get("tasks", task._id))!);
  },
});
