/**
 * Seeding tenancy tests straight into the database (inline mutations through
 * convex-local's `run`), with counters kept consistent the way the real
 * functions keep them, and usage recorded through the real applyUsage path.
 */
import type { GenericMutationCtx } from "convex/server";
import type { ConvexLocalHandle } from "../../../lib/local/convex/index";
import type { DataModel, Doc, Id } from "../../../convex/_generated/dataModel";
import type { PlatformRole, Role } from "../../../lib/domain/permissions";
import type { ModelId, PlanId } from "../../../lib/domain/plans";
import { applyUsage } from "../../../convex/lib/usage";
import { getCounters } from "../../../convex/lib/counters";
import { TENANT_TABLES } from "../../../convex/lib/tables";
import { DAY_MS } from "../../../lib/domain/time";
import { newTenant } from "../../../convex/lib/newTenant";

export type Ctx = GenericMutationCtx<DataModel>;
export type SeededUser = { id: Id<"users">; externalId: string; email: string };
export type SeededTenant = {
  id: Id<"tenants">;
  slug: string;
  name: string;
  plan: PlanId;
  users: Partial<Record<Role, SeededUser>>;
  departmentId: Id<"departments">;
  agentIds: Id<"agents">[];
};
export type TenantSpec = {
  slug: string;
  name: string;
  plan: PlanId;
  roles: Role[];
  agents?: [name: string, model: ModelId][];
  usageEvents?: number;
  quotaOverrides?: { agents?: number };
  status?: "active" | "past_due" | "suspended";
};

/** A directory user (not a member of anything); `platformRole` makes staff. */
export async function seedUser(t: ConvexLocalHandle, externalId: string, platformRole: PlatformRole = "none"): Promise<SeededUser> {
  const email = `${externalId}@example.test`;
  const id = await t.run((ctx: Ctx) =>
    ctx.db.insert("users", { externalId, email, name: externalId, platformRole, createdAt: Date.now() }),
  );
  return { id, externalId, email };
}

export async function seedTenant(t: ConvexLocalHandle, spec: TenantSpec): Promise<SeededTenant> {
  const users: SeededTenant["users"] = {};
  for (const role of spec.roles) users[role] = await seedUser(t, `${spec.slug}-${role}`);
  const agents = spec.agents ?? [[`${spec.name} Agent`, "claude-haiku-4-5"]];
  return t.run(async (ctx: Ctx) => {
    const now = Date.now();
    const tenantId = await newTenant(ctx.db, {
      name: spec.name,
      slug: spec.slug,
      plan: spec.plan,
      status: spec.status ?? "active",
      ...(spec.quotaOverrides ? { quotaOverrides: spec.quotaOverrides } : {}),
      monthlyBudgetCents: 100_00,
      billingEmail: `billing@${spec.slug}.test`,
      now,
    });
    const counters = await getCounters(ctx.db, tenantId);
    for (const role of spec.roles) await ctx.db.insert("memberships", { tenantId, userId: users[role]!.id, role, createdAt: now });
    const departmentId = await ctx.db.insert("departments", { tenantId, name: `${spec.name} Department`, costCenter: "CC-1" });
    const agentDocs: Doc<"agents">[] = [];
    for (const [name, model] of agents) {
      const id = await ctx.db.insert("agents", { tenantId, name, model, status: "active", departmentId, createdAt: now });
      agentDocs.push((await ctx.db.get(id))!);
    }
    await ctx.db.patch(counters._id, { agents: agents.length, members: spec.roles.length, storageBytes: 1_000_000 });
    const events = Array.from({ length: spec.usageEvents ?? 0 }, (_, i) => {
      const agent = agentDocs[i % agentDocs.length];
      return {
        agentId: agent._id,
        model: agent.model,
        inputTokens: 100 + i,
        outputTokens: 50,
        latencyMs: 200 + i * 10,
        success: i % 7 !== 0,
        at: now - i * 3_600_000,
      };
    });
    await applyUsage(ctx.db, tenantId, new Map(agentDocs.map((a) => [a._id as string, a])), events);
    return { id: tenantId, slug: spec.slug, name: spec.name, plan: spec.plan, users, departmentId, agentIds: agentDocs.map((a) => a._id) };
  });
}

/** Inserts an agent the way agents.create does (row and counter together). */
export async function seedAgent(t: ConvexLocalHandle, tenantId: Id<"tenants">, name: string): Promise<Id<"agents">> {
  return t.run(async (ctx: Ctx) => {
    const id = await ctx.db.insert("agents", { tenantId, name, model: "claude-haiku-4-5", status: "active", createdAt: Date.now() });
    const counters = await getCounters(ctx.db, tenantId);
    await ctx.db.patch(counters._id, { agents: counters.agents + 1 });
    return id;
  });
}

/** A membership the way an accepted invitation adds one: the row and the members counter together. */
export const addMembership = (t: ConvexLocalHandle, tenantId: Id<"tenants">, userId: Id<"users">, role: Role): Promise<Id<"memberships">> =>
  t.run(async (ctx: Ctx) => {
    const id = await ctx.db.insert("memberships", { tenantId, userId, role, createdAt: Date.now() });
    const counters = await getCounters(ctx.db, tenantId);
    await ctx.db.patch(counters._id, { members: counters.members + 1 });
    return id;
  });

/** A new directory user who is a member of the tenant. */
export async function seedMember(
  t: ConvexLocalHandle,
  tenantId: Id<"tenants">,
  externalId: string,
  role: Role,
): Promise<Id<"memberships">> {
  return addMembership(t, tenantId, (await seedUser(t, externalId)).id, role);
}

export const seedDepartment = (t: ConvexLocalHandle, tenantId: Id<"tenants">, name: string) =>
  t.run((ctx: Ctx) => ctx.db.insert("departments", { tenantId, name, costCenter: "CC-7" }));

export const seedInvitation = (t: ConvexLocalHandle, tenantId: Id<"tenants">, invitedBy: Id<"users">, email: string) =>
  t.run((ctx: Ctx) =>
    ctx.db.insert("invitations", {
      tenantId,
      email,
      role: "member",
      tokenHash: "0".repeat(64),
      invitedBy,
      status: "pending",
      expiresAt: Date.now() + DAY_MS,
      createdAt: Date.now(),
    }),
  );

export const seedApiKey = (t: ConvexLocalHandle, tenantId: Id<"tenants">, createdBy: Id<"users">, name: string) =>
  t.run((ctx: Ctx) =>
    ctx.db.insert("apiKeys", { tenantId, name, prefix: name.slice(0, 8), hash: `hash-${name}`, createdBy, createdAt: Date.now() }),
  );

export const seedRedirect = (t: ConvexLocalHandle, tenantId: Id<"tenants">, slug: string) =>
  t.run((ctx: Ctx) => ctx.db.insert("slugRedirects", { tenantId, slug }));

/** An id of a row that existed and was deleted: what "missing" looks like, to compare refusals with. */
export const missingId = (t: ConvexLocalHandle, insert: (ctx: Ctx) => Promise<string>): Promise<string> =>
  t.run(async (ctx: Ctx) => {
    const id = await insert(ctx);
    await ctx.db.delete(id as never);
    return id;
  });

/** Every row a tenant owns (tenant tables, its registry row, its audit entries), for "unchanged" checks and leak markers. */
export async function tenantRows(t: ConvexLocalHandle, tenantId: Id<"tenants">): Promise<Record<string, unknown[]>> {
  return t.query(async (ctx: Ctx) => {
    const out: Record<string, unknown[]> = { tenants: [await ctx.db.get(tenantId)] };
    for (const table of [...TENANT_TABLES, "auditLogs"] as const) {
      // Test-sized data: a scan is simplest, and it would also catch a row filed under the wrong index.
      out[table] = (await ctx.db.query(table).collect()).filter((r) => r.tenantId === tenantId);
    }
    return out;
  });
}
