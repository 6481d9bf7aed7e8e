/**
 * The seeds' world for workspace tests: convex-local on the project's convex/
 * folder, the real /api/v1 route handlers and /api/mcp reaching it through the
 * app's own Convex clients, tenants seeded like the tenancy tests, API keys
 * registered by hash (as portal/apiKeys:create stores them) and bound to
 * scopes through the real settings mutation.
 */
import { randomBytes } from "node:crypto";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { hashApiKey } from "../../lib/domain/api/keys";
import { startProjectBackend, type ProjectBackend } from "../support/convex-local";
import { seedTenant, type Ctx, type SeededTenant } from "../tenancy/support/world";

export const SYSTEM_SECRET = "w".repeat(40);

export async function startWorkspaceBackend(label: string): Promise<ProjectBackend> {
  const t = await startProjectBackend(label, { secret: SYSTEM_SECRET });
  Object.assign(process.env, { CONVEX_LOCAL_URL: t.url, TENANTRY_SYSTEM_SECRET: SYSTEM_SECRET });
  return t;
}

/** A company of the seeds: agents `tau` and `pi` (plus any others), an owner. */
export const seedCompany = (t: ProjectBackend, slug: string, agents: string[] = ["tau", "pi"]): Promise<SeededTenant> =>
  seedTenant(t, { slug, name: slug, plan: "pro", roles: ["owner"], agents: agents.map((a) => [a, "claude-haiku-4-5"]) });

/** A new API key of `tenant` (plaintext), bound to `environment`/`team` when given. */
export async function mintKey(t: ProjectBackend, tenant: SeededTenant, scope?: { environment: string; team?: string }): Promise<string> {
  const key = `tnt_${randomBytes(32).toString("hex")}`;
  const hash = await hashApiKey(key);
  const id = await t.run((ctx: Ctx) =>
    ctx.db.insert("apiKeys", {
      tenantId: tenant.id,
      name: "runtime",
      prefix: key.slice(0, 12),
      hash,
      createdBy: tenant.users.owner!.id,
      createdAt: Date.now(),
    }),
  );
  if (scope) await bind(t, tenant, "apiKey", id, scope);
  return key;
}

const asOwner = (t: ProjectBackend, tenant: SeededTenant) =>
  t.withIdentity({ subject: tenant.users.owner!.externalId, email: tenant.users.owner!.email, name: "owner" });

/** Creates the environment / team when missing, then binds the key or agent through workspace/settings:bindScope. */
export async function bind(
  t: ProjectBackend,
  tenant: SeededTenant,
  kind: "apiKey" | "agent",
  id: Id<"apiKeys"> | Id<"agents">,
  scope: { environment: string; team?: string },
) {
  const owner = asOwner(t, tenant);
  const now = await owner.query(api.workspace.settings.overview, { slug: tenant.slug });
  if (!now.environments.includes(scope.environment))
    await owner.mutation(api.workspace.settings.createEnvironment, { slug: tenant.slug, name: scope.environment });
  if (scope.team && !now.teams.includes(scope.team))
    await owner.mutation(api.workspace.settings.createTeam, { slug: tenant.slug, name: scope.team });
  await owner.mutation(api.workspace.settings.bindScope, {
    slug: tenant.slug,
    kind,
    id,
    environment: scope.environment,
    team: scope.team ?? null,
  });
}

/** Calls a route handler as a runtime would: bearer key, JSON body; answers status and parsed body. */
export async function callRoute(
  handler: (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>,
  method: string,
  path: string,
  key: string,
  body?: unknown,
  id?: string,
): Promise<{ status: number; body: Record<string, unknown> & { code?: string } }> {
  const request = new Request(`http://localhost:3000${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const res = await handler(request, { params: Promise.resolve({ id: id ?? "" }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
