/**
 * Placing a new tenant by the policy (issue 20, local topology behind `npm start -- --shards N`).
 *
 * A tenant is created on the control plane as before (account/tenants:create: its row, the owner's
 * membership, the welcome notification, all in one transaction), then, when shards are configured
 * (TENANTRY_NEW_TENANT_SHARDS, set by scripts/start.ts), moved to the shard the policy picks
 * (lib/domain/placement.ts: consistent hash of the tenant id over the shards) with the move engine
 * itself (create, copy, verify, switch, complete): a new tenant has a handful of rows, and the
 * engine already guarantees a verified copy, an atomic flip of the placement and the owner's users
 * row on the target. It runs before the creator is sent to the tenant's pages, so their first page
 * load is routed to the shard. A plan that requires a dedicated deployment stays on the control
 * plane (provisioning one on demand is not built).
 */
import { choosePlacement, MAIN_SHARD, shardSet, type Placement } from "@/lib/domain/placement";
import type { PlanId } from "@/lib/domain/plans";
import { runMove, startMove, type MoveEnv } from "./move/runner";

/** The shards new tenants are hashed over (comma-separated names), or none: every new tenant stays on the control plane. */
export function newTenantShards(value = process.env.TENANTRY_NEW_TENANT_SHARDS): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function placeNewTenant(env: MoveEnv, slug: string, shards: readonly string[]): Promise<Placement | null> {
  if (shards.length === 0) return null;
  const tenant = (await env.control.query("platform/moveData:tenant", { slug })) as { _id: string; plan: PlanId } | null;
  if (!tenant) throw new Error(`No tenant "${slug}" on the control plane.`);
  const { placement } = choosePlacement({ tenant: { id: tenant._id, slug, plan: tenant.plan }, shards: shardSet(shards) });
  if (placement.kind !== "shared" || placement.shard === MAIN_SHARD) return null;
  const rows = (await env.control.query("platform/routing:deployments", {})) as { name: string; url: string }[];
  const target = rows.find((r) => r.name === placement.shard);
  if (!target) throw new Error(`Shard "${placement.shard}" is not registered (npm start registers its shards).`);
  const moveId = await startMove(env, { slug, to: placement, sourceUrl: env.control.url, targetUrl: target.url });
  await runMove(env, moveId, "done");
  return placement;
}
