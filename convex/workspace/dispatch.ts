/**
 * Dispatch (seed 001's `_handoff/dispatch`): an orchestrator hands a task to a
 * worker agent. It succeeds only when the worker is an agent of the same
 * tenant bound to the same scope (environment and team) as the calling key;
 * otherwise the answer is "not found", the same for another tenant's agent,
 * another scope's, or no agent at all. The task and a `dispatch` message on
 * the worker's channel are written together.
 */
import { v } from "convex/values";
import { apiMutation } from "../lib/apiDoor";
import { appError } from "../lib/errors";
import { MAX_DESCRIPTION, MAX_TITLE, PRIORITIES, storageCost } from "../../lib/domain/workspace/limits";
import { agentNameProblem, projectProblem } from "../../lib/domain/workspace/namespaces";
import { checkedX, enumX, objectX, optCheckedX, optStringX, stringX } from "../../lib/domain/workspace/input";
import { assertStorage, boundScope, chargeStorage, readX } from "./scoping";
import { messageOut, ownWorkspaceX, postMessage } from "./messages";
import { taskOut } from "./tasks";

export const dispatch = apiMutation({
  args: { input: v.any() },
  access: "report",
  handler: async (ctx, { input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const body = readX(() => objectX(input, ["from", "to", "title", "description", "priority", "project", "tenantId"]));
    ownWorkspaceX(ctx, body);
    const f = readX(() => ({
      from: checkedX(body, "from", (s) => agentNameProblem(s, "from")),
      to: checkedX(body, "to", (s) => agentNameProblem(s, "to")),
      title: stringX(body, "title", MAX_TITLE),
      description: optStringX(body, "description", MAX_DESCRIPTION),
      priority: enumX(body, "priority", PRIORITIES, "medium"),
      project: optCheckedX(body, "project", projectProblem) ?? "dispatch",
    }));
    const workers = await ctx.db
      .query("agents")
      .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId).eq("name", f.to))
      .take(10);
    let worker = null;
    for (const a of workers) if ((await boundScope(ctx.db, tenantId, "agent", a._id)) === scope && a.status === "active") worker = a;
    if (!worker) throw appError("NOT_FOUND", `No agent named "${f.to}" to dispatch to in this workspace and scope.`, "to");
    const content = `dispatch: ${f.title}`;
    const bytes = storageCost(content);
    const counters = await assertStorage(ctx.db, ctx.tenant, bytes);
    const taskId = await ctx.db.insert("tasks", {
      tenantId,
      scope,
      title: f.title,
      ...(f.description !== undefined ? { description: f.description } : {}),
      assignedTo: f.to,
      priority: f.priority,
      status: "todo",
      project: f.project,
      createdBy: f.from,
      dispatchedBy: f.from,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const message = await postMessage(ctx.db, tenantId, scope, { channel: f.to, from: f.from, content, kind: "dispatch", taskId }, ctx.now);
    await chargeStorage(ctx.db, ctx.tenant, counters, bytes);
    return { task: taskOut((await ctx.db.get("tasks", taskId))!), message: messageOut(message) };
  },
});
