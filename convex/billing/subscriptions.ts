/**
 * Stripe subscription and Checkout events, one system mutation per event type
 * (called by POST /api/webhooks/stripe). Each stores its event by id before
 * acting, so a replay changes nothing, and keeps the newest state of each
 * subscription, so late or reordered events change nothing either.
 */
import { v } from "convex/values";
import { systemMutation } from "../lib/functions";
import { auditEvent, beginEvent, eventValidator, finishEvent } from "../lib/billing/events";
import { tenantForCustomer, writeSubscription } from "../lib/billing/records";
import { syncTenant } from "../lib/billing/sync";
import { dateOf, notifyOwners } from "../lib/billing/notify";
import { checkoutSessionSnapshot, subscriptionSnapshot } from "../lib/billing/validators";
import { isTerminal } from "../../lib/domain/billing/ordering";

const NO_TENANT = "No tenant has this Stripe customer.";

/** customer.subscription.created / updated / deleted. `disagrees`: the event lost to stored state (cloud mode then asks Stripe). */
export const subscriptionChanged = systemMutation({
  args: { event: eventValidator, subscription: subscriptionSnapshot, graceDays: v.number() },
  handler: async (ctx, { event, subscription, graceDays }) => {
    const eventRow = await beginEvent(ctx.db, event);
    if (!eventRow) return { outcome: "duplicate" as const, disagrees: false };
    const tenant = await tenantForCustomer(ctx.db, subscription.customerId, subscription.metadataTenantId);
    if (!tenant) {
      await finishEvent(ctx.db, eventRow, "ignored", null, NO_TENANT);
      return { outcome: "ignored" as const, disagrees: false };
    }
    const write = await writeSubscription(ctx.db, tenant, subscription, event.created);
    if (write.verdict === "apply") {
      const sync = await syncTenant(ctx, tenant, { graceDays });
      await auditEvent(
        ctx.db,
        tenant._id,
        event,
        subscription.id,
        { subscription: write.before, tenant: sync.before },
        { subscription: write.after, tenant: sync.after },
      );
    }
    const kept = write.verdict === "stale" || write.verdict === "tie";
    await finishEvent(
      ctx.db,
      eventRow,
      "processed",
      tenant._id,
      kept ? `${write.verdict}: a newer state of ${subscription.id} is kept` : undefined,
    );
    return { outcome: "processed" as const, verdict: write.verdict, disagrees: kept };
  },
});

/** Cloud mode, after a disagreement: the subscription as Stripe's API returned it at `observedAt` (seconds). */
export const reconcileSubscription = systemMutation({
  args: { subscription: subscriptionSnapshot, observedAt: v.number(), graceDays: v.number() },
  handler: async (ctx, { subscription, observedAt, graceDays }) => {
    const tenant = await tenantForCustomer(ctx.db, subscription.customerId, subscription.metadataTenantId);
    if (!tenant) return { applied: false };
    const write = await writeSubscription(ctx.db, tenant, subscription, observedAt, true);
    if (write.verdict !== "apply") return { applied: false };
    const sync = await syncTenant(ctx, tenant, { graceDays });
    const meta = { id: `fetch_${observedAt}`, type: "subscription.reconciled", created: observedAt, payload: "" };
    await auditEvent(
      ctx.db,
      tenant._id,
      meta,
      subscription.id,
      { subscription: write.before, tenant: sync.before },
      { subscription: write.after, tenant: sync.after },
    );
    return { applied: true };
  },
});

/** customer.subscription.trial_will_end: tell the owners, three days ahead as Stripe sends it. */
export const trialWillEnd = systemMutation({
  args: { event: eventValidator, subscription: subscriptionSnapshot },
  handler: async (ctx, { event, subscription }) => {
    const eventRow = await beginEvent(ctx.db, event);
    if (!eventRow) return { outcome: "duplicate" as const };
    const tenant = await tenantForCustomer(ctx.db, subscription.customerId, subscription.metadataTenantId);
    if (!tenant || !subscription.trialEnd) {
      await finishEvent(ctx.db, eventRow, "ignored", tenant?._id ?? null, tenant ? "No trial end on the subscription." : NO_TENANT);
      return { outcome: "ignored" as const };
    }
    const ends = dateOf(subscription.trialEnd);
    await notifyOwners(ctx.db, tenant, {
      kind: "billing.trial_will_end",
      message: `The trial ends on ${ends}. Add a payment method on the Billing page to keep the workspace active.`,
      subject: `${tenant.name}: your trial ends on ${ends}`,
      body: `The trial of ${tenant.name} ends on ${ends}.\n\nAdd a payment method at /t/${tenant.slug}/billing to keep your agents running without interruption.`,
    });
    await finishEvent(ctx.db, eventRow, "processed", tenant._id);
    return { outcome: "processed" as const };
  },
});

/**
 * checkout.session.completed: links the subscription to its tenant. A plan change
 * through Checkout makes a new subscription; the one it replaces (named in the
 * session's metadata when Tenantry created it) is returned for the route to cancel.
 */
export const checkoutCompleted = systemMutation({
  args: {
    event: eventValidator,
    session: checkoutSessionSnapshot,
    replacesSubscriptionId: v.union(v.string(), v.null()),
    graceDays: v.number(),
  },
  handler: async (ctx, { event, session, replacesSubscriptionId, graceDays }) => {
    const eventRow = await beginEvent(ctx.db, event);
    if (!eventRow) return { outcome: "duplicate" as const, replacedSubscriptionId: null };
    const claimed = session.metadataTenantId ?? session.clientReferenceId;
    const tenant = session.customerId ? await tenantForCustomer(ctx.db, session.customerId, claimed) : null;
    if (!tenant || session.mode !== "subscription" || !session.subscriptionId) {
      await finishEvent(ctx.db, eventRow, "ignored", tenant?._id ?? null, tenant ? "Not a subscription checkout." : NO_TENANT);
      return { outcome: "ignored" as const, replacedSubscriptionId: null };
    }
    const before = { stripeSubscriptionId: tenant.stripeSubscriptionId ?? null };
    if (tenant.stripeSubscriptionId !== session.subscriptionId) {
      await ctx.db.patch(tenant._id, { stripeSubscriptionId: session.subscriptionId, updatedAt: Date.now() });
    }
    const sync = await syncTenant(ctx, (await ctx.db.get(tenant._id))!, { graceDays });
    let replaced: string | null = null;
    if (replacesSubscriptionId && replacesSubscriptionId !== session.subscriptionId) {
      const old = await ctx.db
        .query("billingSubscriptions")
        .withIndex("by_tenant_subscription", (q) => q.eq("tenantId", tenant._id).eq("subscriptionId", replacesSubscriptionId))
        .unique();
      if (!old || !isTerminal(old.status)) replaced = replacesSubscriptionId;
    }
    await auditEvent(
      ctx.db,
      tenant._id,
      event,
      session.id,
      { ...before, ...sync.before },
      { stripeSubscriptionId: session.subscriptionId, ...sync.after, replaces: replaced },
    );
    // With a subscription to cancel the event stays `received` until the route has cancelled it (billing/events:complete),
    // so a failed cancellation is retried with Stripe's retry of this event.
    if (replaced) {
      await ctx.db.patch(eventRow, { tenantId: tenant._id });
      return { outcome: "pending_cancel" as const, replacedSubscriptionId: replaced };
    }
    await finishEvent(ctx.db, eventRow, "processed", tenant._id);
    return { outcome: "processed" as const, replacedSubscriptionId: null };
  },
});
