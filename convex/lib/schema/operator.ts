/**
 * Tables for: What the operator CLI and admin API need: platform tokens, per-function timing (issue 16).
 * Kept in their own module so each area owns its tables; `convex/schema.ts`
 * spreads them into the one schema.
 */
export const operatorTables = {};
