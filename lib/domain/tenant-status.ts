/**
 * A tenant's lifecycle statuses: the one list. The Convex schema builds its
 * validator from it, and staff filters and lists offer it in this order.
 */
export const TENANT_STATUSES = ["active", "trial", "past_due", "suspended", "deleted"] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export function isTenantStatus(x: string): x is TenantStatus {
  return (TENANT_STATUSES as readonly string[]).includes(x);
}

/**
 * What a workspace in each status allows: the one source of truth. Convex refuses
 * writes with it (convex/lib/access.ts), the API door stops agents with it, and
 * every portal page shows the same banner and disables the same actions from it.
 * - `changes`: members may change anything (agents, team, settings, keys).
 * - `billing`: billing and lifecycle actions stay open, so a restricted workspace can
 *   pay or export its way out.
 * - `agentsRun`: agents answer API calls.
 */
export type StatusRules = { changes: boolean; billing: boolean; agentsRun: boolean };

export const STATUS_RULES: Record<TenantStatus, StatusRules> = {
  active: { changes: true, billing: true, agentsRun: true },
  trial: { changes: true, billing: true, agentsRun: true },
  past_due: { changes: false, billing: true, agentsRun: true },
  suspended: { changes: false, billing: true, agentsRun: false },
  deleted: { changes: false, billing: false, agentsRun: false },
};

/** The rules for `status`; an unknown status allows nothing. */
export function statusAllows(status: string): StatusRules {
  return isTenantStatus(status) ? STATUS_RULES[status] : { changes: false, billing: false, agentsRun: false };
}

/** Why changes are refused in `status` (null when they are not): the server's error and the banner say the same. */
export function restrictionMessage(status: string): string | null {
  if (statusAllows(status).changes) return null;
  if (status === "suspended") return "This workspace is suspended, so changes are disabled. Contact support to reactivate it.";
  if (status === "past_due")
    return "This workspace's payment is past due, so changes are disabled. Update the payment method on the Billing page.";
  return "This workspace cannot be changed.";
}
