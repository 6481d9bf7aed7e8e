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

/**
 * Where the tenant with this slug lives: its placement and version, the
 * deployment's name and URL (null for main: the caller's own control plane), or
 * null when no tenant has the slug. A placement whose deployment has no usable
 * row (not registered, or retired) answers its name with a null URL and
 * `usable: false`, so the caller fails loudly instead of calling the control plane.
 */
export const route = systemQuery({
  args: { slug: v.string() },
  returns: v.union(
    v.null(),
    v.object({
      placement: placementValidator,
      version: v.number(),
      deployment: v.string(),
      url: v.union(v.string(), v.null()),
      usable: v.boolean(),
    }),
  ),
  handler: async (ctx, { slug }) => {
    const tenant = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .unique();
    if (!tenant) return null;
    const { placement, version } = placementOf(tenant);
    const deployment = placementDeployment(placement);
    const row = await deploymentByName(ctx.db, deployment);
    if (deployment === MAIN_SHARD && !row) return { placement, version, deployment, url: null, usable: true };
    // setPlacement only places a tenant on a ready deployment and retiring refuses while tenants live there,
    // so "unusable" means an operator edited the registry by hand; answered rather than guessed around.
    const usable = row !== null && row.status !== "retired";
    return { placement, version, deployment, url: row?.url ?? null, usable };
  },
});
