/** Missions (seed 000): a pilot agent, a project (`studio/<id>` accepted), a status; tasks link to one. */
import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import { apiMutation } from "../lib/apiDoor";
import { appError } from "../lib/errors";
import { MAX_DESCRIPTION, MAX_TITLE, MISSION_STATUSES } from "../../lib/domain/workspace/limits";
import { agentNameProblem, projectProblem } from "../../lib/domain/workspace/namespaces";
import { checkedX, cursorX, enumX, intX, objectX, optCheckedX, optEnumX, optStringX, stringX } from "../../lib/domain/workspace/input";
import { boundScope, iso, missionX, readX } from "./scoping";
import { pageX } from "./memories";

export const missionOut = (m: Doc<"missions">) => ({
  id: m._id as string,
  title: m.title,
  description: m.description ?? null,
  pilot: m.pilot,
  project: m.project,
  status: m.status,
  createdBy: m.createdBy,
  createdAt: iso(m.createdAt),
  updatedAt: iso(m.updatedAt),
});
const pilot = (s: string) => agentNameProblem(s, "pilot");

export const create = apiMutation({
  args: { input: v.any() },
  access: "report",
  handler: async (ctx, { input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const body = readX(() => objectX(input, ["title", "description", "pilot", "project", "status", "createdBy"]));
    const fields = readX(() => ({
      title: stringX(body, "title", MAX_TITLE),
      description: optStringX(body, "description", MAX_DESCRIPTION),
      pilot: checkedX(body, "pilot", pilot),
      project: checkedX(body, "project", projectProblem),
      status: enumX(body, "status", MISSION_STATUSES, "planned"),
      createdBy: optCheckedX(body, "createdBy", (s) => agentNameProblem(s, "createdBy")) ?? "api",
    }));
    const id = await ctx.db.insert("missions", { tenantId, scope, ...fields, createdAt: ctx.now, updatedAt: ctx.now });
    return missionOut((await ctx.db.get("missions", id))!);
  },
});

export const list = apiMutation({
  args: { input: v.any() },
  access: "read",
  handler: async (ctx, { input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const body = readX(() => objectX(input, ["project", "pilot", "status", "limit", "cursor"]));
    const f = readX(() => ({
      project: optCheckedX(body, "project", projectProblem),
      pilot: optCheckedX(body, "pilot", pilot),
      status: optEnumX(body, "status", MISSION_STATUSES),
      limit: intX(body, "limit", 1, 200, 50),
      cursor: cursorX(body),
    }));
    const q =
      f.project !== undefined
        ? ctx.db
            .query("missions")
            .withIndex("by_tenant_scope_project", (r) => r.eq("tenantId", tenantId).eq("scope", scope).eq("project", f.project!))
        : ctx.db.query("missions").withIndex("by_tenant_scope_updated", (r) => r.eq("tenantId", tenantId).eq("scope", scope));
    const filtered = q
      .order("desc")
      .filter((r) =>
        r.and(
          f.pilot !== undefined ? r.eq(r.field("pilot"), f.pilot) : true,
          f.status !== undefined ? r.eq(r.field("status"), f.status) : true,
        ),
      );
    const page = await pageX(filtered, f.cursor, f.limit);
    return { missions: page.page.map(missionOut), nextCursor: page.isDone ? null : page.continueCursor };
  },
});

export const update = apiMutation({
  args: { missionId: v.string(), input: v.any() },
  access: "report",
  handler: async (ctx, { missionId, input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const mission = await missionX(ctx.db, tenantId, scope, missionId, "id");
    const body = readX(() => objectX(input, ["title", "description", "pilot", "status", "project"]));
    if (Object.keys(body).length === 0) throw appError("INVALID", "Send at least one field to change.", "body");
    const patch = readX(() => ({
      ...(body.title !== undefined ? { title: stringX(body, "title", MAX_TITLE) } : {}),
      ...(body.description !== undefined ? { description: optStringX(body, "description", MAX_DESCRIPTION) } : {}),
      ...(body.pilot !== undefined ? { pilot: checkedX(body, "pilot", pilot) } : {}),
      ...(body.status !== undefined ? { status: enumX(body, "status", MISSION_STATUSES) } : {}),
      ...(body.project !== undefined ? { project: checkedX(body, "project", projectProblem) } : {}),
    }));
    await ctx.db.patch("missions", mission._id, { ...patch, updatedAt: ctx.now });
    return missionOut((await ctx.db.get("missions", mission._id))!);
  },
});
