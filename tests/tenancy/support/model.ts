/**
 * A small model of the tenancy rules for the property test: given who calls,
 * which tenant they name and what the model knows, the answer the real
 * functions must give. Written from lib/domain/permissions.ts, lib/domain/plans.ts and the
 * rules in the issue (last owner stays, only owners touch owners), not from
 * the implementation, so the two are checked against each other.
 */
import { can, type Permission, type Role } from "../../../lib/domain/permissions";
import { effectiveQuotas, PLANS, type ModelId, type PlanId } from "../../../lib/domain/plans";
import type { Id } from "../../../convex/_generated/dataModel";

type OpSpec = { fn: string; kind: "query" | "mutation"; permission: Permission | null; restrictedOk?: boolean };
export const OPS = {
  create: { fn: "portal/agents:create", kind: "mutation", permission: "agents.write" },
  update: { fn: "portal/agents:update", kind: "mutation", permission: "agents.write" },
  setStatus: { fn: "portal/agents:setStatus", kind: "mutation", permission: "agents.write" },
  remove: { fn: "portal/agents:remove", kind: "mutation", permission: "agents.write" },
  removeMember: { fn: "portal/team:remove", kind: "mutation", permission: "team.manage" },
  leave: { fn: "portal/team:leave", kind: "mutation", permission: "tenant.read", restrictedOk: true },
  list: { fn: "portal/agents:list", kind: "query", permission: "agents.read" },
  members: { fn: "portal/team:members", kind: "query", permission: "team.read" },
  overview: { fn: "portal/overview:get", kind: "query", permission: "usage.read" },
  getBySlug: { fn: "account/tenants:getBySlug", kind: "query", permission: "tenant.read" },
  listMine: { fn: "account/tenants:listMine", kind: "query", permission: null },
} as const satisfies Record<string, OpSpec>;
export type OpKind = keyof typeof OPS;
/** `home`: name one of the caller's own tenants (most real calls do); `own`: pick an agent or member of the named tenant. */
export type Op = { kind: OpKind; user: number; tenant: number; home: boolean; pick: number; own: boolean; name: string; model: ModelId };

export type ModelTenant = {
  id: Id<"tenants">;
  slug: string;
  plan: PlanId;
  status: "active" | "suspended";
  agentQuota?: number;
  /** user key -> membership */
  members: Map<string, { id: string; role: Role }>;
  agents: Set<string>;
};
export type ModelUser = { key: string; staff: boolean };
export type Target = { agentId: string; membershipId: string };

const ownerCount = (t: ModelTenant) => [...t.members.values()].filter((m) => m.role === "owner").length;

/** The code (or "ok") the call must answer with. */
export function expectedAnswer(op: Op, user: ModelUser, tenant: ModelTenant, target: Target): string {
  const spec: OpSpec = OPS[op.kind];
  if (spec.permission === null) return "ok";
  const role = tenant.members.get(user.key)?.role;
  if (!role && !user.staff) return "NOT_FOUND";
  // Staff viewing as the tenant read what an owner reads, and write nothing.
  if (!can(role ?? "owner", spec.permission)) return "FORBIDDEN";
  if (spec.kind === "mutation" && !role) return "FORBIDDEN"; // staff view as the tenant read-only
  if (spec.kind === "mutation" && !spec.restrictedOk && tenant.status === "suspended") return "TENANT_SUSPENDED";
  const nameOk = op.name.trim().length >= 1 && op.name.trim().length <= 80;
  switch (op.kind) {
    case "create": {
      if (!nameOk || !PLANS[tenant.plan].models.includes(op.model)) return "INVALID";
      const limit = effectiveQuotas(tenant.plan, tenant.agentQuota === undefined ? undefined : { agents: tenant.agentQuota }).agents;
      return limit !== null && tenant.agents.size >= limit ? "QUOTA_EXCEEDED" : "ok";
    }
    case "update":
      if (!tenant.agents.has(target.agentId)) return "NOT_FOUND";
      return nameOk ? "ok" : "INVALID";
    case "setStatus":
    case "remove":
      return tenant.agents.has(target.agentId) ? "ok" : "NOT_FOUND";
    case "removeMember": {
      const victim = [...tenant.members.values()].find((m) => m.id === target.membershipId);
      if (!victim) return "NOT_FOUND";
      if (role !== "owner" && victim.role === "owner") return "FORBIDDEN";
      return victim.role === "owner" && ownerCount(tenant) < 2 ? "CONFLICT" : "ok";
    }
    case "leave":
      return role === "owner" && ownerCount(tenant) < 2 ? "CONFLICT" : "ok";
    default:
      return "ok";
  }
}

export function argsFor(op: Op, tenant: ModelTenant, target: Target): Record<string, unknown> {
  const slug = tenant.slug;
  switch (op.kind) {
    case "create":
      return { slug, name: op.name, model: op.model };
    case "update":
      return { slug, agentId: target.agentId, name: op.name };
    case "setStatus":
      return { slug, agentId: target.agentId, status: "paused" };
    case "remove":
      return { slug, agentId: target.agentId };
    case "removeMember":
      return { slug, membershipId: target.membershipId };
    case "list":
      return { slug, paginationOpts: { numItems: 200, cursor: null } };
    case "listMine":
      return {};
    default:
      return { slug };
  }
}

/** Every string in a value, and every object carrying a tenantId. */
export function walk(value: unknown, visit: (s: string) => void, withTenant: (o: { tenantId: unknown }) => void) {
  if (typeof value === "string") visit(value);
  else if (Array.isArray(value)) value.forEach((v) => walk(v, visit, withTenant));
  else if (value && typeof value === "object") {
    if ("tenantId" in value) withTenant(value as { tenantId: unknown });
    Object.values(value).forEach((v) => walk(v, visit, withTenant));
  }
}
