/**
 * Row-level security for tenant functions: the `ctx.db` a tenant handler
 * gets can only see and write rows of its own tenant (convex-helpers RLS,
 * default deny). A forgotten filter returns nothing rather than another
 * tenant's rows; a write with a foreign tenantId fails.
 */
import type { Rules } from "convex-helpers/server/rowLevelSecurity";
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { TENANT_TABLES } from "./tables";

type RuleCtx = { tenantId: Id<"tenants">; db: GenericDatabaseReader<DataModel> };

export function tenantRules(ctx: RuleCtx): Rules<RuleCtx, DataModel> {
  const own = async (_: RuleCtx, doc: { tenantId: Id<"tenants"> | null }) => doc.tenantId === ctx.tenantId;
  const rules: Rules<RuleCtx, DataModel> = {};
  for (const table of TENANT_TABLES) {
    (rules as Record<string, unknown>)[table] = { read: own, modify: own, insert: own };
  }
  return {
    ...rules,
    // The tenant's own registry row only.
    tenants: { read: async (_, t) => t._id === ctx.tenantId, modify: async (_, t) => t._id === ctx.tenantId, insert: async () => false },
    // Directory rows of this tenant's members only; never written from tenant code.
    users: {
      read: async (c, u: Doc<"users">) =>
        (await c.db
          .query("memberships")
          .withIndex("by_tenant_user", (q) => q.eq("tenantId", c.tenantId).eq("userId", u._id))
          .unique()) !== null,
      modify: async () => false,
      insert: async () => false,
    },
    auditLogs: { read: own, modify: async () => false, insert: own },
    // Emails and webhook deliveries a tenant's own action owes are queued for the workers; only the workers read the queue.
    deliveryQueue: { read: async () => false, modify: async () => false, insert: own },
  };
}
