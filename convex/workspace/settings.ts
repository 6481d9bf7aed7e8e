/**
 * Workspace settings for the portal (admins): environments besides
 * `production`, teams, which scope each API key and agent is bound to, and the
 * user-context fields conversations carry. Every change is audited.
 */
import { v } from "convex/values";
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Id } from "../_generated/dataModel";
import { tenantMutation, tenantQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { audit } from "../lib/audit";
import {
  DEFAULT_ENVIRONMENT,
  MAX_ENVIRONMENTS,
  MAX_TEAMS,
  scopeKey,
  scopeNameProblem,
  scopeOfKey,
} from "../../lib/domain/workspace/scopes";
import { CONTEXT_TYPES, contextFieldNameProblem, MAX_CONTEXT_FIELDS } from "../../lib/domain/workspace/context";
import { boundScope } from "./scoping";

type Db = GenericDatabaseWriter<DataModel>;
const literals = <T extends string>(xs: readonly T[]) => v.union(...xs.map((x) => v.literal(x)));

export const overview = tenantQuery({
  args: {},
  permission: "agents.read",
  handler: async (ctx) => {
    const tenantId = ctx.tenant._id;
    const envs = await ctx.db
      .query("environments")
      .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId))
      .take(MAX_ENVIRONMENTS);
    const teams = await ctx.db
      .query("teams")
      .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId))
      .take(MAX_TEAMS);
    const fields = await ctx.db
      .query("contextFields")
      .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId))
      .take(50);
    const keys = await ctx.db
      .query("apiKeys")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
      .take(200);
    const agents = await ctx.db
      .query("agents")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
      .take(500);
    return {
      environments: [DEFAULT_ENVIRONMENT, ...envs.map((e) => e.name)],
      teams: teams.map((t) => t.name),
      contextFields: fields.map((f) => ({ name: f.name, type: f.type })),
      apiKeys: await Promise.all(
        keys
          .filter((k) => !k.revokedAt)
          .map(async (k) => ({
            id: k._id as string,
            name: k.name,
            prefix: k.prefix,
            ...scopeOfKey(await boundScope(ctx.db, tenantId, "apiKey", k._id)),
          })),
      ),
      agents: await Promise.all(
        agents.map(async (a) => ({ id: a._id as string, name: a.name, ...scopeOfKey(await boundScope(ctx.db, tenantId, "agent", a._id)) })),
      ),
    };
  },
});

async function namesOf(db: Db, tenantId: Id<"tenants">, table: "environments" | "teams") {
  return (
    await db
      .query(table)
      .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId))
      .take(MAX_TEAMS + 1)
  ).map((r) => r.name);
}

export const createEnvironment = tenantMutation({
  args: { name: v.string() },
  permission: "settings.manage",
  handler: async (ctx, { name }) => {
    const why = scopeNameProblem(name, "environment");
    if (why) throw appError("INVALID", why, "name");
    const existing = await namesOf(ctx.db, ctx.tenant._id, "environments");
    if (name === DEFAULT_ENVIRONMENT || existing.includes(name))
      throw appError("CONFLICT", `An environment named "${name}" already exists.`, "name");
    if (existing.length + 1 >= MAX_ENVIRONMENTS)
      throw appError("INVALID", `At most ${MAX_ENVIRONMENTS} environments per workspace.`, "name");
    await ctx.db.insert("environments", { tenantId: ctx.tenant._id, name, createdAt: Date.now() });
    await audit(ctx.db, { tenantId: ctx.tenant._id, actor: ctx.user, action: "workspace.environment.create", target: name });
    return { name };
  },
});

export const createTeam = tenantMutation({
  args: { name: v.string() },
  permission: "settings.manage",
  handler: async (ctx, { name }) => {
    const why = scopeNameProblem(name, "team");
    if (why) throw appError("INVALID", why, "name");
    const existing = await namesOf(ctx.db, ctx.tenant._id, "teams");
    if (existing.includes(name)) throw appError("CONFLICT", `A team named "${name}" already exists.`, "name");
    if (existing.length >= MAX_TEAMS) throw appError("INVALID", `At most ${MAX_TEAMS} teams per workspace.`, "name");
    await ctx.db.insert("teams", { tenantId: ctx.tenant._id, name, createdAt: Date.now() });
    await audit(ctx.db, { tenantId: ctx.tenant._id, actor: ctx.user, action: "workspace.team.create", target: name });
    return { name };
  },
});

/** Binds an API key or an agent of this workspace to an existing environment and optional team. */
export const bindScope = tenantMutation({
  args: { kind: literals(["apiKey", "agent"] as const), id: v.string(), environment: v.string(), team: v.union(v.string(), v.null()) },
  permission: "settings.manage",
  handler: async (ctx, { kind, id, environment, team }) => {
    const tenantId = ctx.tenant._id;
    const subject = kind === "apiKey" ? ctx.db.normalizeId("apiKeys", id) : ctx.db.normalizeId("agents", id);
    const row = subject ? await ctx.db.get(subject) : null;
    if (!row)
      throw appError(
        "NOT_FOUND",
        kind === "apiKey" ? "No API key with this id in this workspace." : "No agent with this id in this workspace.",
        "id",
      );
    if (environment !== DEFAULT_ENVIRONMENT && !(await namesOf(ctx.db, tenantId, "environments")).includes(environment))
      throw appError("INVALID", `No environment named "${environment.slice(0, 40)}"; create it first.`, "environment");
    if (team !== null && !(await namesOf(ctx.db, tenantId, "teams")).includes(team))
      throw appError("INVALID", `No team named "${team.slice(0, 40)}"; create it first.`, "team");
    const scope = scopeKey({ environment, team });
    const existing = await ctx.db
      .query("scopeBindings")
      .withIndex("by_tenant_subject", (q) => q.eq("tenantId", tenantId).eq("kind", kind).eq("subjectId", row._id))
      .unique();
    const before = existing?.scope;
    if (existing) await ctx.db.patch("scopeBindings", existing._id, { scope, updatedAt: Date.now() });
    else await ctx.db.insert("scopeBindings", { tenantId, kind, subjectId: row._id, scope, updatedAt: Date.now() });
    await audit(ctx.db, { tenantId, actor: ctx.user, action: `workspace.scope.bind_${kind}`, target: row._id, before, after: scope });
    return { environment, team };
  },
});

export const addContextField = tenantMutation({
  args: { name: v.string(), type: literals(CONTEXT_TYPES) },
  permission: "settings.manage",
  handler: async (ctx, { name, type }) => {
    const why = contextFieldNameProblem(name);
    if (why) throw appError("INVALID", why, "name");
    const tenantId = ctx.tenant._id;
    const rows = await ctx.db
      .query("contextFields")
      .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId))
      .take(MAX_CONTEXT_FIELDS + 1);
    if (rows.some((r) => r.name === name)) throw appError("CONFLICT", `A context field named "${name}" already exists.`, "name");
    if (rows.length >= MAX_CONTEXT_FIELDS) throw appError("INVALID", `At most ${MAX_CONTEXT_FIELDS} context fields.`, "name");
    await ctx.db.insert("contextFields", { tenantId, name, type, createdAt: Date.now() });
    await audit(ctx.db, { tenantId, actor: ctx.user, action: "workspace.context_field.add", target: name, after: { type } });
    return { name, type };
  },
});

export const removeContextField = tenantMutation({
  args: { name: v.string() },
  permission: "settings.manage",
  handler: async (ctx, { name }) => {
    const tenantId = ctx.tenant._id;
    const row = await ctx.db
      .query("contextFields")
      .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId).eq("name", name))
      .unique();
    if (!row) throw appError("NOT_FOUND", "No context field with this name.", "name");
    await ctx.db.delete("contextFields", row._id);
    await audit(ctx.db, { tenantId, actor: ctx.user, action: "workspace.context_field.remove", target: name });
    return { removed: name };
  },
});
