/**
 * The bill for a tenant's current period, from its usage rollups and
 * counters. The Billing page's preview and the metered lines added to each
 * period-end invoice both call `computeBill`, so they cannot disagree.
 *
 * Usage is invoiced exactly once through a cursor (billingAccounts.billedThrough):
 * every rollup day before `day` is billed, and so are `tokens` of `day` itself.
 * A bill covers rollup days from the cursor to today, minus what the cursor says
 * of its first day; invoicing it moves the cursor to today's total. Reads are
 * bounded by the days in one period, not by history.
 */
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc } from "../../_generated/dataModel";
import { billLines, type BillLine } from "../../../lib/domain/billing/bill";
import { PLANS, type PlanId } from "../../../lib/domain/plans";
import { monthOf } from "../counters";
import { quotasOf } from "../quotas";
import { dayOf } from "../usage";

type Reader = GenericDatabaseReader<DataModel>;

export type Bill = {
  plan: PlanId;
  planName: string;
  /** First and last rollup day (YYYY-MM-DD, UTC) this bill covers. */
  fromDay: string;
  throughDay: string;
  tokens: number;
  includedTokens: number;
  storageBytes: number;
  storageQuotaBytes: number | null;
  lines: BillLine[];
  totalCents: number;
  /** Where the cursor moves once this bill is on an invoice. */
  cursor: { day: string; tokens: number };
};

export async function getAccount(db: Reader, tenant: Doc<"tenants">) {
  return db
    .query("billingAccounts")
    .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
    .unique();
}

/** The day usage starts counting when nothing was invoiced yet: the subscription's period start, else the month's first day. */
async function periodStartDay(db: Reader, tenant: Doc<"tenants">, now: number): Promise<string> {
  const subscriptionId = tenant.stripeSubscriptionId;
  const sub = subscriptionId
    ? await db
        .query("billingSubscriptions")
        .withIndex("by_tenant_subscription", (q) => q.eq("tenantId", tenant._id).eq("subscriptionId", subscriptionId))
        .unique()
    : null;
  return sub?.currentPeriodStart ? dayOf(sub.currentPeriodStart) : `${monthOf(now)}-01`;
}

export async function computeBill(db: Reader, tenant: Doc<"tenants">, now: number): Promise<Bill> {
  const account = await getAccount(db, tenant);
  const today = dayOf(now);
  const cursor = account?.billedThrough;
  const fromDay = cursor?.day ?? (await periodStartDay(db, tenant, now));
  const rollups = await db
    .query("usageRollups")
    .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenant._id).gte("day", fromDay).lte("day", today))
    .collect();
  let tokens = 0;
  let todayTokens = 0;
  for (const r of rollups) {
    const t = r.inputTokens + r.outputTokens;
    tokens += t;
    if (r.day === today) todayTokens += t;
  }
  tokens = Math.max(0, tokens - (cursor?.tokens ?? 0));
  const counters = await db
    .query("tenantCounters")
    .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
    .unique();
  const storageBytes = counters?.storageBytes ?? 0;
  const storageQuotaBytes = quotasOf(tenant).storageBytes;
  const { lines, totalCents } = billLines({ plan: tenant.plan, tokens, storageBytes, storageQuotaBytes });
  return {
    plan: tenant.plan,
    planName: PLANS[tenant.plan].name,
    fromDay: fromDay > today ? today : fromDay,
    throughDay: today,
    tokens,
    includedTokens: PLANS[tenant.plan].includedTokens,
    storageBytes,
    storageQuotaBytes,
    lines,
    totalCents,
    cursor: { day: today, tokens: todayTokens },
  };
}
