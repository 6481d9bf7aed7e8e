/**
 * Trial expiry (hourly): a trial without a subscription becomes past due when
 * it ends (14 days after creation), with a notice 3 days and 1 day before.
 * Idempotent: a notice already sent for this trial is not sent again, and a
 * tenant that left "trial" is no longer looked at.
 */
import { v } from "convex/values";
import type { GenericDatabaseWriter } from "convex/server";
import { internalMutation } from "../lib/functions";
import { audit } from "../lib/audit";
import { TENANTS_PER_RUN, logJob } from "../lib/jobs";
import { DAY_MS } from "../../lib/domain/time";
import { TRIAL_DAYS } from "../../lib/domain/plans";
import { internal } from "../_generated/api";
import { notify } from "../notifications/send";
import type { DataModel, Doc } from "../_generated/dataModel";

type Db = GenericDatabaseWriter<DataModel>;
const NOTICES = [
  { kind: "trial.ends_1d", days: 1 },
  { kind: "trial.ends_3d", days: 3 },
] as const;

export const trialEnd = (t: Doc<"tenants">) => t.trialEndsAt ?? t.createdAt + TRIAL_DAYS * DAY_MS;
const dateOf = (ms: number) => new Date(ms).toLocaleDateString("en-US", { month: "long", day: "numeric", timeZone: "UTC" });

async function sentSince(db: Db, tenant: Doc<"tenants">, since: number): Promise<Set<string>> {
  const recent = await db
    .query("notifications")
    .withIndex("by_tenant_created", (q) => q.eq("tenantId", tenant._id).gte("createdAt", since))
    .take(500);
  return new Set(recent.map((n) => n.kind));
}

/** What the job does to one trial tenant at `now`: "expired", a notice kind, or null. */
async function checkTrial(db: Db, tenant: Doc<"tenants">, now: number): Promise<string | null> {
  if (tenant.stripeSubscriptionId) return null; // billing converts subscribed trials
  const endsAt = trialEnd(tenant);
  if (now >= endsAt) {
    await db.patch(tenant._id, { status: "past_due", statusSince: now, updatedAt: now });
    await notify(db, tenant, {
      kind: "trial.ended",
      now,
      message:
        "Your trial has ended and the workspace is now past due: changes and new agent sessions are paused. Choose a plan on the Billing page to continue.",
    });
    await audit(db, {
      tenantId: tenant._id,
      actor: null,
      action: "tenant.trial_expired",
      before: { status: "trial" },
      after: { status: "past_due" },
    });
    return "expired";
  }
  // The nearest notice that is due; a job that starts late sends only that one.
  const due = NOTICES.find((n) => endsAt - now <= n.days * DAY_MS);
  if (!due) return null;
  const sent = await sentSince(db, tenant, endsAt - (NOTICES[1].days + 1) * DAY_MS);
  if (NOTICES.some((n) => n.days <= due.days && sent.has(n.kind))) return null;
  const when = due.days === 1 ? "tomorrow" : "in 3 days";
  await notify(db, tenant, {
    kind: due.kind,
    now,
    message: `Your trial ends ${when} (${dateOf(endsAt)}). Choose a plan on the Billing page to keep your agents running.`,
  });
  return due.kind;
}

export const expireTrials = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())) },
  handler: async (ctx, { cursor }) => {
    const now = Date.now();
    const page = await ctx.db
      .query("tenants")
      .withIndex("by_status", (q) => q.eq("status", "trial"))
      .paginate({ cursor: cursor ?? null, numItems: TENANTS_PER_RUN });
    const done: Record<string, string[]> = {};
    for (const tenant of page.page) {
      const what = await checkTrial(ctx.db, tenant, now);
      if (what) (done[what] ??= []).push(tenant.slug);
    }
    // Expired tenants leave the by_status range, so the cursor stays valid for the next page.
    if (!page.isDone) await ctx.scheduler.runAfter(0, internal.jobs.trial.expireTrials, { cursor: page.continueCursor });
    logJob("trialExpiry", { checked: page.page.length, ...done, more: !page.isDone });
    return done;
  },
});
