/**
 * Tables for: the deployment registry (issue 20). Kept in their own module so
 * each area owns its tables; `convex/schema.ts` spreads them into the one schema.
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";

/** lib/domain/placement.ts's Placement, as stored on each tenant. */
export const placementValidator = v.union(
  v.object({ kind: v.literal("shared"), shard: v.string() }),
  v.object({ kind: v.literal("dedicated"), deployment: v.string() }),
);

export const deploymentKindValidator = v.union(v.literal("shared"), v.literal("dedicated"));
export const deploymentStatusValidator = v.union(v.literal("provisioning"), v.literal("ready"), v.literal("retired"));
/** Who runs it: a convex-local process under .data/deployments/NAME, or Convex cloud (the platform API). */
export const deploymentProviderValidator = v.union(v.literal("local"), v.literal("cloud"));

export const platformTables = {
  /**
   * The deployments tenants can be placed on, besides the control plane itself
   * (shard "main", implicit: it has no row unless an operator registers its URL).
   * A platform table: no tenant reads it. A dedicated deployment names the one
   * tenant it was made for (`dedicatedTo`, not `tenantId`: the row is the
   * platform's, not the tenant's).
   */
  deployments: defineTable({
    name: v.string(),
    kind: deploymentKindValidator,
    url: v.string(),
    provider: deploymentProviderValidator,
    dedicatedTo: v.optional(v.id("tenants")),
    status: deploymentStatusValidator,
    createdAt: v.number(),
    updatedAt: v.number(),
    retiredAt: v.optional(v.number()),
  })
    .index("by_name", ["name"])
    .index("by_dedicated_to", ["dedicatedTo"]),
  /**
   * Which tenant an API key belongs to, so the runtime API can find the key's placement in
   * one control-plane read (convex/platform/keyIndex.ts). Holds a prefix of the key's SHA-256
   * (128 of its 256 bits), never the hash the API-key door accepts: this table alone cannot
   * be used to call any door. Routing only: authorization is the placement's own `apiKeys`
   * row, checked on every call, so a stale or missing row here can misroute a call (refused
   * there) but never grant one.
   */
  apiKeyIndex: defineTable({
    keyPrefix: v.string(),
    tenantId: v.id("tenants"),
    createdAt: v.number(),
  })
    .index("by_prefix", ["keyPrefix"])
    .index("by_tenant", ["tenantId"]),
};
