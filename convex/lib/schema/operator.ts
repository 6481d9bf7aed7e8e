/**
 * Tables for: What the operator CLI and admin API need: platform tokens, per-function timing (issue 16).
 * Kept in their own module so each area owns its tables; `convex/schema.ts`
 * spreads them into the one schema.
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";

export const operatorTables = {
  /**
   * Platform tokens for the admin API (`tenantry` CLI): made by an admin in the console,
   * owned by one staff member, acting as them (support tokens read only). Only the
   * SHA-256 of a token is stored; `prefix` lets people recognise it. Platform-wide (no tenantId).
   */
  platformTokens: defineTable({
    name: v.string(),
    role: v.union(v.literal("admin"), v.literal("support")),
    prefix: v.string(),
    hash: v.string(),
    ownerId: v.id("users"),
    createdBy: v.id("users"),
    createdAt: v.number(),
    expiresAt: v.number(),
    lastUsedAt: v.optional(v.number()),
    revokedAt: v.optional(v.number()),
    revokedBy: v.optional(v.id("users")),
  })
    .index("by_hash", ["hash"])
    .index("by_created", ["createdAt"]),

  /**
   * Convex call timings measured where the app makes calls (the server's gateway, which
   * the runtime API goes through too), per tenant x function x minute, flushed in batches
   * (lib/server/admin-api/timings.ts) and kept 7 days: `tenantry debug slow-queries`.
   * A platform table (operators' telemetry, not the tenant's data).
   */
  functionTimings: defineTable({
    tenantId: v.id("tenants"),
    fn: v.string(),
    /** Start of the minute (ms since epoch). */
    minute: v.number(),
    count: v.number(),
    totalMs: v.number(),
    maxMs: v.number(),
    /** Counts per bucket of TIMING_BUCKETS_MS (convex/admin/timings.ts). */
    buckets: v.array(v.number()),
  })
    .index("by_tenant_minute", ["tenantId", "minute"])
    .index("by_tenant_fn_minute", ["tenantId", "fn", "minute"])
    .index("by_minute", ["minute"]),
};
