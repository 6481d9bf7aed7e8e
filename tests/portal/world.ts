/**
 * A small world for the portal's Convex tests (convex-test): two tenants with
 * members of every role, a department, agents and some usage, written the way
 * the real functions write them (counters and rollups included).
 */
import type { TestConvex } from "convex-test";
import type { GenericMutationCtx } from "convex/server";
import schema from "../../convex/schema";
import type { DataModel, Id } from "../../convex/_generated/dataModel";
import { applyUsage, type UsageInput } from "../../convex/lib/usage";
import { getCounters } from "../../convex/lib/counters";
import { ROLES, type PlatformRole, type Role } from "../../lib/domain/permissions";
import type { ModelId, PlanId } from "../../lib/domain/plans";
import { newTenant } from "../../convex/lib/newTenant";

export type T = TestConvex<typeof schema>;
type Ctx = GenericMutationCtx<DataModel>;
export type User = { id: Id<"users">; externalId: string; email: string };
export type Tenant = {
  id: Id<"tenants">;
  slug: string;
  users: Record<Role, User>;
  departmentId: Id<"departments">;
  agentIds: Id<"agents">[];
};

export async function addUser(t: T, handle: string, platformRole: PlatformRole = "none"): Promise<User> {
  const email = `${handle}@example.test`;
  const id = await t.run((ctx: Ctx) =>
    ctx.db.insert("users", { externalId: `ext-${handle}`, email, name: handle.replace(/-/g, " "), platformRole, createdAt: Date.now() }),
  );
  return { id, externalId: `ext-${handle}`, email };
}

export async function addTenant(
  t: T,
  slug: string,
  opts: { plan?: PlanId; agents?: [string, ModelId][]; events?: UsageInput[] | ((agents: Id<"agents">[]) => UsageInput[]) } = {},
): Promise<Tenant> {
  const users = {} as Record<Role, User>;
  for (const role of ROLES) users[role] = await addUser(t, `${slug}-${role}`);
  return t.run(async (ctx: Ctx) => {
    const now = Date.now();
    const id = await newTenant(ctx.db, {
      name: `${slug} Inc`,
      slug,
      plan: opts.plan ?? "pro",
      status: "active",
      monthlyBudgetCents: 500_00,
      billingEmail: `billing@${slug}.test`,
      now,
    });
    const counters = await getCounters(ctx.db, id);
    for (const role of ROLES) await ctx.db.insert("memberships", { tenantId: id, userId: users[role].id, role, createdAt: now });
    const departmentId = await ctx.db.insert("departments", { tenantId: id, name: "Support", costCenter: "CC-100" });
    const specs = opts.agents ?? [
      ["Helper", "claude-haiku-4-5"],
      ["Coder", "claude-sonnet-4-5"],
    ];
    const agents = [];
    for (const [name, model] of specs) {
      const agentId = await ctx.db.insert("agents", { tenantId: id, name, model, status: "active", departmentId, createdAt: now });
      agents.push((await ctx.db.get(agentId))!);
    }
    await ctx.db.patch(counters._id, { agents: agents.length, members: 4 });
    const events = typeof opts.events === "function" ? opts.events(agents.map((a) => a._id)) : (opts.events ?? []);
    if (events.length) await applyUsage(ctx.db, id, new Map(agents.map((a) => [a._id as string, a])), events);
    return { id, slug, users, departmentId, agentIds: agents.map((a) => a._id) };
  });
}

export const as = (t: T, user: User) => t.withIdentity({ subject: user.externalId, email: user.email });

/** The AppErrorData a call was refused with ({ code, message, field? }). */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    const data = (error as { data?: unknown }).data;
    if (typeof data === "object" && data !== null && "code" in data) return data as { code: string; message: string; field?: string };
    throw error;
  }
  throw new Error("expected the call to be refused, but it succeeded");
}
