/**
 * Where a tenant's data lives, and the one policy that decides it.
 *
 * Pure: imported by Convex functions (the registry, the move engine's switch)
 * and by the Next side (routing, the CLI's API), so both read the same rules.
 *
 * Order of the policy, strongest first: a staff override, then the tier the
 * plan requires (enterprise -> dedicated, seed 002's hybrid example), then a
 * shared shard chosen by rendezvous (HRW) hashing of the tenant id. HRW is
 * used rather than a ring because it needs no virtual nodes to balance and
 * adding a shard moves exactly the tenants whose top score is the new shard,
 * never a tenant between two old shards.
 */
import type { PlanId } from "./plans";

/** A deployment's name: also its data dir under .data/deployments/, so kept path-safe. */
export type DeploymentName = string & { readonly __brand: "DeploymentName" };

const DEPLOYMENT_NAME = /^[a-z][a-z0-9-]{0,47}$/;

export function isDeploymentName(s: string): s is DeploymentName {
  return DEPLOYMENT_NAME.test(s);
}

/** Throws on a name that is not a valid deployment name (say, from a request). */
export function deploymentNameX(s: string): DeploymentName {
  if (!isDeploymentName(s)) {
    throw new Error(`Invalid deployment name "${s}": lowercase letters, digits and hyphens, starting with a letter, at most 48.`);
  }
  return s;
}

export type Placement = { kind: "shared"; shard: string } | { kind: "dedicated"; deployment: string };
export type Tier = Placement["kind"];
export const TIERS = ["shared", "dedicated"] as const satisfies readonly Tier[];

/**
 * The control plane deployment, which doubles as the first shared shard in
 * small installs. Every tenant lives here until routing exists (docs/scaling.md).
 */
export const MAIN_SHARD = "main" as DeploymentName;
export const MAIN_PLACEMENT: Placement = { kind: "shared", shard: MAIN_SHARD };

/** The tier each plan requires. Exhaustive over PlanId, so a new plan cannot be forgotten. */
export const PLAN_TIER: Record<PlanId, Tier> = {
  starter: "shared",
  pro: "shared",
  enterprise: "dedicated",
};

/** A dedicated deployment's name for a tenant, derived from its slug (slugs are lowercase letters, digits, hyphens). */
export function dedicatedDeploymentName(tenantSlug: string): DeploymentName {
  return deploymentNameX(`t-${tenantSlug}`.slice(0, 48));
}

/**
 * The shared shards that accept new tenants. Built only through `shardSet`,
 * which validates, dedupes and refuses an empty set, so the hash can never be
 * asked to pick from nothing or from a typo.
 */
export type ShardSet = { readonly names: readonly DeploymentName[]; readonly __brand: "ShardSet" };

export function shardSet(names: readonly string[]): ShardSet {
  const unique = [...new Set(names.map(deploymentNameX))].sort();
  if (unique.length === 0) throw new Error("A shard set needs at least one shared shard.");
  return { names: unique, __brand: "ShardSet" } as ShardSet;
}

/**
 * 53-bit string hash (cyrb53): fast, well mixed, no crypto import (Convex's
 * default runtime has no node:crypto). Not for secrets, only for spreading.
 */
function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The shared shard for a tenant id: the shard with the highest score hash(shard, tenant). */
export function shardFor(tenantId: string, shards: ShardSet): DeploymentName {
  let best = shards.names[0];
  let bestScore = -1;
  for (const name of shards.names) {
    // The separator keeps ("ab","c") and ("a","bc") apart.
    const score = hash53(`${name}\u0000${tenantId}`);
    // Ties (astronomically rare) go to the smaller name: names are sorted, so keep the first.
    if (score > bestScore) {
      best = name;
      bestScore = score;
    }
  }
  return best;
}

export type PlacementReason = "override" | "plan" | "hash";
export type PlacementDecision = { placement: Placement; reason: PlacementReason };

export type PlacementInput = {
  tenant: { id: string; slug: string; plan: PlanId };
  /** Shared shards open to new tenants (not the draining or retired ones). */
  shards: ShardSet;
  /** A staff override wins over plan and hash. */
  override?: Placement | null;
};

/** The placement policy: override, then the plan's tier, then the hash. */
export function choosePlacement({ tenant, shards, override }: PlacementInput): PlacementDecision {
  if (override) return { placement: validPlacementX(override), reason: "override" };
  if (PLAN_TIER[tenant.plan] === "dedicated") {
    return { placement: { kind: "dedicated", deployment: dedicatedDeploymentName(tenant.slug) }, reason: "plan" };
  }
  return { placement: { kind: "shared", shard: shardFor(tenant.id, shards) }, reason: "hash" };
}

/** The deployment a placement points at (a shard or a dedicated deployment are both deployments). */
export function placementDeployment(p: Placement): string {
  return p.kind === "shared" ? p.shard : p.deployment;
}

export function samePlacement(a: Placement, b: Placement): boolean {
  return a.kind === b.kind && placementDeployment(a) === placementDeployment(b);
}

/** Throws unless the placement names a valid deployment (for values that come from outside). */
export function validPlacementX(p: Placement): Placement {
  deploymentNameX(placementDeployment(p));
  return p;
}

/** "shared:main" / "dedicated:t-acme": the CLI's and the docs' notation. */
export function formatPlacement(p: Placement): string {
  return `${p.kind}:${placementDeployment(p)}`;
}

/** Parses "shared:NAME" or "dedicated:NAME"; null for anything else. */
export function parsePlacement(s: string): Placement | null {
  const m = /^(shared|dedicated):(.+)$/.exec(s);
  if (!m || !isDeploymentName(m[2])) return null;
  return m[1] === "shared" ? { kind: "shared", shard: m[2] } : { kind: "dedicated", deployment: m[2] };
}
