/**
 * Which tables belong to a tenant (each row has `tenantId`, each index starts
 * with it) and which are platform tables. The RLS rules, the isolation tests
 * and `npm run audit:tenancy` all read this list.
 */
import type { TableNames } from "../_generated/dataModel";

export const TENANT_TABLES = [
  "memberships",
  "invitations",
  "departments",
  "agents",
  "usageEvents",
  "usageRollups",
  "tenantCounters",
  "notifications",
  "slugRedirects",
] as const satisfies readonly TableNames[];
export type TenantTable = (typeof TENANT_TABLES)[number];

/** Platform tables: readable by tenant code only through explicit, reviewed paths. */
export const PLATFORM_TABLES = ["tenants", "users", "auditLogs", "webhookEvents"] as const satisfies readonly TableNames[];

/**
 * Indexes on tenant tables that do not start with tenantId, each with the
 * reason. Only user-level functions (a user's own rows) may read them.
 */
export const USER_SCOPED_INDEXES: Record<string, string> = {
  "memberships.by_user": "lists the signed-in user's own tenants",
};

export function isTenantTable(table: string): table is TenantTable {
  return (TENANT_TABLES as readonly string[]).includes(table);
}
