/**
 * A small world for runtime-API tests under convex-test: tenants seeded
 * straight into the tables (counters kept consistent), API keys minted through
 * the real apiKeys:create, and the runtime functions called the way the route
 * handlers call them (system secret + the key's SHA-256).
 */
import type { TestConvex } from "convex-test";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import type schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import { getCounters } from "../../convex/lib/counters";
import { hashApiKey } from "../../lib/domain/api/keys";
import type { ModelId, PlanId } from "../../lib/domain/plans";
import type { Id } from "../../convex/_generated/dataModel";
import { newTenant } from "../../convex/lib/newTenant";

export type T = TestConvex<typeof schema>;
export const SECRET = "api-test-system-secret-0123456789abcdef";
process.env.TENANTRY_SYSTEM_SECRET = SECRET;

export type Tenant = { id: Id<"tenants">; slug: string; owner: string; viewer: string; agentIds: Id<"agents">[] };
type Spec = {
  slug: string;
  plan?: PlanId;
  status?: "active" | "trial" | "past_due" | "suspended" | "deleted";
  models?: ModelId[];
  overrides?: Record<string, number>;
};

export async function addTenant(t: T, spec: Spec): Promise<Tenant> {
  const models = spec.models ?? ["claude-haiku-4-5", "claude-haiku-4-5"];
  return t.run(async (ctx) => {
    const now = Date.now();
    const tenantId = await newTenant(ctx.db, {
      name: `${spec.slug} Inc`,
      slug: spec.slug,
      plan: spec.plan ?? "pro",
      status: spec.status ?? "active",
      billingEmail: `billing@${spec.slug}.test`,
      now,
      ...(spec.overrides ? { quotaOverrides: spec.overrides } : {}),
    });
    const counters = await getCounters(ctx.db, tenantId);
    const users: string[] = [];
    for (const role of ["owner", "viewer"] as const) {
      const externalId = `${spec.slug}-${role}`;
      const userId = await ctx.db.insert("users", {
        externalId,
        email: `${role}@${spec.slug}.test`,
        name: `${spec.slug} ${role}`,
        platformRole: "none",
        createdAt: now,
      });
      await ctx.db.insert("memberships", { tenantId, userId, role, createdAt: now });
      users.push(externalId);
    }
    const agentIds: Id<"agents">[] = [];
    for (const [i, model] of models.entries()) {
      agentIds.push(await ctx.db.insert("agents", { tenantId, name: `${spec.slug} agent ${i}`, model, status: "active", createdAt: now }));
    }
    await ctx.db.patch(counters._id, { agents: models.length, members: 2 });
    return { id: tenantId, slug: spec.slug, owner: users[0], viewer: users[1], agentIds };
  });
}

/** Registers a fresh key through the real mutation, as the tenant's owner (as the page's server action does). */
export async function mintKey(t: T, tenant: Tenant, opts: { name?: string; rateLimitPerMinute?: number } = {}) {
  const created = await t
    .withIdentity({ subject: tenant.owner })
    .mutation(api.portal.apiKeys.create, { slug: tenant.slug, name: opts.name ?? "runtime", rateLimitPerMinute: opts.rateLimitPerMinute });
  return { ...created, keyHash: await hashApiKey(created.key) };
}

type Door = { secret: string; keyHash: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any door function: args and value are read off the reference
type DoorRef = FunctionReference<"mutation", "public", Door & Record<string, any>, any>;
/** Calls a runtime function as the route does. */
export function call<Ref extends DoorRef>(
  t: T,
  ref: Ref,
  key: { keyHash: string },
  args: Omit<FunctionArgs<Ref>, keyof Door>,
): Promise<FunctionReturnType<Ref>> {
  const run = t.mutation as (r: Ref, a: FunctionArgs<Ref>) => Promise<FunctionReturnType<Ref>>;
  return run(ref, { ...args, secret: SECRET, keyHash: key.keyHash } as FunctionArgs<Ref>);
}

export const event = (agentId: string, extra: Record<string, unknown> = {}) => ({
  agentId,
  inputTokens: 100,
  outputTokens: 50,
  latencyMs: 300,
  success: true,
  ...extra,
});

/** The data of a refused Convex call (code, message, field), or a failure if it succeeded. */
export async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string; field?: string }> {
  try {
    await p;
  } catch (e) {
    return (e as { data: { code: string; message: string; field?: string } }).data;
  }
  throw new Error("expected a refusal");
}
