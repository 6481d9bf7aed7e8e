/**
 * Routing a tenant's calls (issue 20): the Next server asks the control plane,
 * with the system secret, where a tenant lives and at which URL, then caches
 * the answer (lib/server/scaling/routing.ts). One indexed read of the tenant
 * by slug, plus one of its deployment's row when it is not on main.
 */
import { v } from "convex/values";
import { systemQuery } from "../lib/functions";
import { placementValidator } from "../lib/schema/platform";
import { MAIN_SHARD, placementDeployment } from "../../lib/domain/placement";
import { deploymentByName, placementOf } from "./read";
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc } from "../_generated/dataModel";

const routeValidator = v.object({
  placement: placementValidator,
  version: v.number(),
  deployment: v.string(),
  url: v.union(v.string(), v.null()),
  usable: v.boolean(),
});

async function routeOf(db: GenericDatabaseReader<DataModel>, tenant: Doc<"tenants">) {
  const { placement, version } = placementOf(tenant);
  const deployment = placementDeployment(placement);
  const row = await deploymentByName(db, deployment);
  if (deployment === MAIN_SHARD && !row) return { placement, version, deployment, url: null, usable: true };
  // setPlacement only places a tenant on a ready deployment and retiring refuses while tenants live there,
  // so "unusable" means an operator edited the registry by hand; answered rather than guessed around.
  const usable = row !== null && row.status !== "retired";
  return { placement, version, deployment, url: row?.url ?? null, usable };
}

/**
 * Where the tenant with this slug lives: its placement and version, the
 * deployment's name and URL (null for main: the caller's own control plane), or
 * null when no tenant has the slug. A placement whose deployment has no usable
 * row (not registered, or retired) answers its name with a null URL and
 * `usable: false`, so the caller fails loudly instead of calling the control plane.
 */
export const route = systemQuery({
  args: { slug: v.string() },
  returns: v.union(v.null(), routeValidator),
  handler: async (ctx, { slug }) => {
    const tenant = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .unique();
    return tenant ? routeOf(ctx.db, tenant) : null;
  },
});

/**
 * The tenant an API key belongs to (its slug) and that tenant's route, from the key index
 * (convex/platform/keyIndex.ts), or null when the key is not indexed. The runtime API caches
 * key -> slug and routes by slug from then on. Never an authorization: the placement's door
 * checks the key itself.
 */
export const routeKey = systemQuery({
  args: { keyPrefix: v.string() },
  returns: v.union(v.null(), v.object({ slug: v.string(), route: routeValidator })),
  handler: async (ctx, { keyPrefix }) => {
    // take(2): two tenants under one 128-bit prefix cannot happen by chance; if it does, neither is guessed.
    const rows = await ctx.db
      .query("apiKeyIndex")
      .withIndex("by_prefix", (q) => q.eq("keyPrefix", keyPrefix))
      .take(2);
    if (rows.length !== 1) return null;
    const tenant = await ctx.db.get(rows[0].tenantId);
    if (!tenant || tenant.status === "deleted") return null;
    return { slug: tenant.slug, route: await routeOf(ctx.db, tenant) };
  },
});

/**
 * The deployments that can hold tenants besides the control plane (registered and ready),
 * with their URLs: the Next server asks each for the signed-in user's tenants, since a tenant's
 * memberships live on its placement (lib/server/tenancy.ts listTenantsForUser).
 */
export const deployments = systemQuery({
  args: {},
  returns: v.array(v.object({ name: v.string(), url: v.string() })),
  handler: async (ctx) => {
    // Bounded by the registry's size: a few shards and one row per dedicated tenant (see docs/scaling.md for past 1,000).
    const rows = await ctx.db.query("deployments").take(1_000);
    return rows.filter((r) => r.status === "ready" && r.name !== MAIN_SHARD).map((r) => ({ name: r.name, url: r.url }));
  },
});
