/**
 * A tenant's lifecycle statuses: the one list. The Convex schema builds its
 * validator from it, and staff filters and lists offer it in this order.
 */
export const TENANT_STATUSES = ["active", "trial", "past_due", "suspended", "deleted"] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export function isTenantStatus(x: string): x is TenantStatus {
  return (TENANT_STATUSES as readonly string[]).includes(x);
}
