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
};
