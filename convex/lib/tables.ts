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
  "usageDays",
  "tenantCounters",
  "notifications",
  "slugRedirects",
  "conversations",
  // The agent workspace (issue 19): convex/lib/schema/workspace.ts.
  "conversationMessages",
  "environments",
  "teams",
  "scopeBindings",
  "contextFields",
  // Before memories, which link to them: a move copies in this order.
  "memoryEmbeddings",
  "memories",
  "missions",
  "tasks",
  "messageChannels",
  "messages",
  "messageReceipts",
  "apiKeys",
  "rateBuckets",
  "idempotencyKeys",
  "agentSessions",
  "files",
  "billingSubscriptions",
  "billingInvoices",
  "billingAccounts",
  "emailOutbox",
  "notificationReads",
  "notificationPrefs",
  "webhookEndpoints",
  "webhookDeliveries",
  "dataExports",
] as const satisfies readonly TableNames[];
export type TenantTable = (typeof TENANT_TABLES)[number];

/** Platform tables: readable by tenant code only through explicit, reviewed paths. */
export const PLATFORM_TABLES = [
  "tenants",
  // The deployment registry (convex/lib/schema/platform.ts): where tenants live.
  "deployments",
  // API key -> tenant, for routing the runtime API (convex/platform/keyIndex.ts); never authorizes.
  "apiKeyIndex",
  "users",
  "auditLogs",
  "webhookEvents",
  "tenantDirectory",
  "platformCounters",
  "staffAlerts",
  "tenantPurges",
  "deliveryQueue",
  "functionTimings",
  // Moving a tenant (convex/lib/schema/moves.ts): machinery, not the tenant's data.
  "tenantMoves",
  "moveIdMap",
  "moveIdBatches",
  "moveChangelog",
  "tenantMoveFlags",
  // Platform figures across deployments (convex/lib/schema/rollups.ts): reporting machinery.
  "rollupReporter",
  "rollupOutbox",
  "rollupTenants",
  "rollupDays",
  "rollupPulls",
] as const satisfies readonly TableNames[];

/**
 * Indexes on tenant tables that do not start with tenantId, each with the
 * reason. Only user-level functions (a user's own rows) may read them.
 */
export const USER_SCOPED_INDEXES: Record<string, string> = {
  "memberships.by_user": "lists the signed-in user's own tenants",
};

/**
 * Indexes on tenant tables that resolve an API key to its tenant: the key is the
 * credential, so the tenant is not known before the lookup. Only the API-key door
 * (convex/lib/apiDoor.ts) reads them.
 */
export const KEY_LOOKUP_INDEXES: Record<string, string> = {
  "apiKeys.by_hash": "resolves a presented API key (by its SHA-256) to the key's tenant",
};

/**
 * Indexes on tenant tables that resolve a URL name (slug) to its tenant: slugs,
 * old ones included, are unique across the platform, so the tenant is not known
 * before the lookup. Each function reading them is reviewed in audit:tenancy's ALLOW.
 */
export const SLUG_LOOKUP_INDEXES: Record<string, string> = {
  "slugRedirects.by_slug": "an old URL name keeps redirecting its tenant's members and stays reserved",
};

export function isTenantTable(table: string): table is TenantTable {
  return (TENANT_TABLES as readonly string[]).includes(table);
}
