/**
 * Quota checks, made inside the mutation that would exceed them and read
 * from the maintained counters (never by counting rows), so "at most N"
 * holds under any concurrency: Convex mutations are serializable.
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc } from "../_generated/dataModel";
import { effectiveQuotas, quotaPercent, SOFT_LIMITS, type QuotaKey } from "../../lib/domain/plans";
import { appError } from "./errors";
import { getCounters } from "./counters";
import { notify } from "../notifications/send";
import { ALERT_RULES } from "../../lib/domain/notifications/rules";

type Db = GenericDatabaseWriter<DataModel>;

const LABEL: Record<QuotaKey, string> = {
  agents: "Agent",
  monthlyTokens: "Monthly token",
  storageBytes: "Storage",
  concurrentSessions: "Concurrent session",
  apiCallsPerMinute: "API call",
};

export function quotasOf(tenant: Doc<"tenants">) {
  return effectiveQuotas(tenant.plan, tenant.quotaOverrides ?? undefined);
}

/** The quota a hard-limit refusal names ("Storage quota exceeded. ..." -> storageBytes), or null for other refusals. */
export function quotaKeyOfRefusal(message: string): QuotaKey | null {
  const hit = (Object.entries(LABEL) as [QuotaKey, string][]).find(([, label]) => message.startsWith(`${label} quota exceeded.`));
  return hit ? hit[0] : null;
}

/** Refuses when `current + adding` would pass the hard limit (the seed's message). */
export function assertWithinQuota(tenant: Doc<"tenants">, key: QuotaKey, current: number, adding = 1) {
  const limit = quotasOf(tenant)[key];
  if (limit !== null && current + adding > limit) {
    throw appError("QUOTA_EXCEEDED", `${LABEL[key]} quota exceeded. Current: ${current}, Max: ${limit}. Upgrade your plan.`);
  }
}

/**
 * Soft limits: one notification per threshold per period (the counters remember which),
 * and above 95% the alert rule's email to owners and admins (kind quota.<key>.95).
 */
export async function notifySoftLimits(db: Db, tenant: Doc<"tenants">, key: QuotaKey, used: number) {
  const limit = quotasOf(tenant)[key];
  const percent = quotaPercent(used, limit);
  const counters = await getCounters(db, tenant._id);
  const fresh = (t: number) => percent >= t && !counters.notified.includes(`${key}:${t}`);
  const due = SOFT_LIMITS.filter(fresh);
  const urgent = fresh(ALERT_RULES.quotaAdminEmailPercent);
  if (due.length === 0 && !urgent) return;
  const message = `${LABEL[key]} usage is at ${percent}% of your plan's limit (${used} of ${limit}).`;
  if (due.length > 0) await notify(db, tenant, { kind: `quota.${key}.${due[due.length - 1]}`, message });
  if (urgent) await notify(db, tenant, { kind: `quota.${key}.${ALERT_RULES.quotaAdminEmailPercent}`, message });
  const marks = [...due, ...(urgent ? [ALERT_RULES.quotaAdminEmailPercent] : [])].map((t) => `${key}:${t}`);
  await db.patch(counters._id, { notified: [...counters.notified, ...marks] });
}
