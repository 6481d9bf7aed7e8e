/**
 * The end of a past-due grace period: scheduled when a tenant goes past due
 * (convex/lib/billing/sync.ts) for the moment its grace runs out. If that
 * episode is still open (nobody paid; `pastDueSince` unchanged), the tenant
 * is suspended by billing (syncTenant tells the owners); paying later reactivates it.
 */
import { v } from "convex/values";
import { internalMutation } from "../lib/functions";
import { accountOf, syncTenant } from "../lib/billing/sync";
import { audit } from "../lib/audit";

export const suspendAfterGrace = internalMutation({
  args: { tenantId: v.id("tenants"), pastDueSince: v.number() },
  handler: async (ctx, { tenantId, pastDueSince }) => {
    const tenant = await ctx.db.get(tenantId);
    if (!tenant) return { suspended: false };
    const account = await accountOf(ctx.db, tenantId);
    if (account.pastDueSince !== pastDueSince || account.billingSuspended) return { suspended: false };
    await ctx.db.patch(account._id, { billingSuspended: true, updatedAt: Date.now() });
    const result = await syncTenant(ctx, tenant, { graceDays: 0 });
    if (result.after.status !== "suspended") {
      // No longer delinquent, or already suspended by staff: that suspension stays theirs to lift.
      await ctx.db.patch(account._id, { billingSuspended: false });
      return { suspended: false };
    }
    await audit(ctx.db, {
      tenantId,
      actor: "billing",
      action: "billing.suspended",
      target: "grace period over",
      before: result.before,
      after: result.after,
    });
    return { suspended: true };
  },
});
