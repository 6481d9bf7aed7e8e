/**
 * Tables for: The agents' own data plane: memories, tasks, missions, messages, conversations, scopes (issue 19).
 * Kept in their own module so each area owns its tables; `convex/schema.ts`
 * spreads them into the one schema.
 */
export const workspaceTables = {};
