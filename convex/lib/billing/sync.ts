/**
 * Brings a tenant's plan and status in line with what billing knows: the
 * newest state of each of its subscriptions and its failed invoices (see
 * lib/domain/billing/standing.ts). Called after every billing change; returns
 * what changed so the caller writes one audit row for the whole event.
 *
 * Past due starts a grace clock: a scheduled job suspends the tenant when it
 * runs out, unless paying ended the episode first (the job checks).
 */
import type { GenericDatabaseWriter, Scheduler } from "convex/server";
import type { DataModel, Doc } from "../../_generated/dataModel";
import { internal } from "../../_generated/api";
import { dateOf, notifyOwners } from "./notify";
import { emitWebhook } from "../../notifications/webhookEvents";
import { currentSubscription, standingOf, targetStatus, type Standing } from "../../../lib/domain/billing/standing";
import { DAY_MS } from "../../../lib/domain/time";

type Db = GenericDatabaseWriter<DataModel>;
export type SyncCtx = { db: Db; scheduler: Scheduler };

export async function accountOf(db: Db, tenantId: Doc<"tenants">["_id"]): Promise<Doc<"billingAccounts">> {
  const row = await db
    .query("billingAccounts")
    .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
    .unique();
  if (row) return row;
  return (await db.get(await db.insert("billingAccounts", { tenantId, updatedAt: Date.now() })))!;
}

async function hasFailedInvoice(db: Db, tenantId: Doc<"tenants">["_id"]): Promise<boolean> {
  const open = await db
    .query("billingInvoices")
    .withIndex("by_tenant_status", (q) => q.eq("tenantId", tenantId).eq("status", "open"))
    .take(100);
  return open.some((i) => i.paymentFailedAt !== null);
}

export type SyncResult = { standing: Standing; before: Partial<Doc<"tenants">>; after: Partial<Doc<"tenants">>; suspendAt: number | null };

export async function syncTenant(
  ctx: SyncCtx,
  tenant: Doc<"tenants">,
  opts: { graceDays: number; failedAt?: number },
): Promise<SyncResult> {
  const { db } = ctx;
  const now = Date.now();
  const rows = await db
    .query("billingSubscriptions")
    .withIndex("by_tenant_subscription", (q) => q.eq("tenantId", tenant._id))
    .take(100);
  const current = currentSubscription(rows, tenant.stripeSubscriptionId ?? null);
  let account = await accountOf(db, tenant._id);
  const hold = account.pastDueSince !== undefined || account.billingSuspended === true;
  const standing = standingOf(current, await hasFailedInvoice(db, tenant._id), hold);

  // The dunning clock: started by the first failure of an episode, cleared when it ends.
  if (standing === "delinquent" && account.pastDueSince === undefined) {
    const since = Math.min(now, opts.failedAt ?? now);
    const suspendAt = since + Math.round(opts.graceDays * DAY_MS);
    await db.patch(account._id, { pastDueSince: since, suspendAt, updatedAt: now });
    await ctx.scheduler.runAt(Math.max(now, suspendAt), internal.billing.dunning.suspendAfterGrace, {
      tenantId: tenant._id,
      pastDueSince: since,
    });
  } else if (standing !== "delinquent" && standing !== "none" && account.pastDueSince !== undefined) {
    await db.patch(account._id, { pastDueSince: undefined, suspendAt: undefined, updatedAt: now });
  }
  account = (await db.get(account._id))!;
  const graceOver = account.billingSuspended === true || (account.suspendAt !== undefined && now >= account.suspendAt);
  const target = targetStatus(tenant.status, standing, { billingSuspended: account.billingSuspended === true, graceOver });

  const next: Partial<Doc<"tenants">> = {};
  if (target && target.status !== tenant.status) Object.assign(next, { status: target.status, statusSince: now });
  if (target && target.billingSuspended !== (account.billingSuspended === true)) {
    await db.patch(account._id, { billingSuspended: target.billingSuspended, updatedAt: now });
  }
  // Even an ended subscription sets the plan: the tenant keeps what it last paid for, whatever order the events came in.
  if (current) {
    if (current.plan && current.plan !== tenant.plan) next.plan = current.plan;
    if (current.subscriptionId !== tenant.stripeSubscriptionId) next.stripeSubscriptionId = current.subscriptionId;
    if (current.status === "trialing" && current.trialEnd && current.trialEnd !== tenant.trialEndsAt) next.trialEndsAt = current.trialEnd;
  }
  const before: Partial<Doc<"tenants">> = {};
  for (const key of Object.keys(next) as (keyof Doc<"tenants">)[]) (before as Record<string, unknown>)[key] = tenant[key];
  if (Object.keys(next).length > 0) await db.patch(tenant._id, { ...next, updatedAt: now });
  if (next.status) await announce(db, tenant, next.status, standing, account.pastDueSince);
  if (next.plan) await emitWebhook(db, tenant, "plan.changed", { from: tenant.plan, to: next.plan, by: "billing" });
  return { standing, before, after: next, suspendAt: standing === "delinquent" ? (account.suspendAt ?? null) : null };
}

/** Tells the owners when billing suspends or reactivates the workspace (payment failures are told by their handler). */
async function announce(db: Db, tenant: Doc<"tenants">, status: string, standing: Standing, pastDueSince: number | undefined) {
  const link = `/t/${tenant.slug}/billing`;
  if (status === "active" && (tenant.status === "past_due" || tenant.status === "suspended")) {
    await notifyOwners(db, tenant, {
      kind: "billing.reactivated",
      message: "Payment received: the workspace is active again.",
      subject: `${tenant.name} is active again`,
      body: `Thank you: the payment for ${tenant.name} went through and the workspace is active again.`,
    });
  } else if (status === "suspended" && standing === "delinquent") {
    const since = pastDueSince ? ` since ${dateOf(pastDueSince)}` : "";
    await notifyOwners(db, tenant, {
      kind: "billing.suspended",
      message: `This workspace is suspended: a payment has been past due${since}. Pay the open invoice to reactivate it.`,
      subject: `${tenant.name} is suspended for non-payment`,
      body: `A payment for ${tenant.name} has been past due${since} and the grace period is over, so the workspace is suspended.\n\nUpdate the payment method at ${link}; once the open invoice is paid the workspace is active again.`,
    });
  } else if (status === "suspended" && standing === "ended") {
    await notifyOwners(db, tenant, {
      kind: "billing.subscription_ended",
      message: "The subscription has ended, so the workspace is suspended. Choose a plan to reactivate it.",
      subject: `${tenant.name}: subscription ended`,
      body: `The subscription of ${tenant.name} has ended and the workspace is suspended. Choose a plan at ${link} to reactivate it; your data is kept.`,
    });
  }
}
