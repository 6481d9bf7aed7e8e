/**
 * Stripe invoice events, one system mutation per event type (called by
 * POST /api/webhooks/stripe). invoice.created decides the tenant's metered
 * lines once per invoice (the route then adds them to the Stripe invoice with
 * idempotency keys, and confirms); payment failures start the past-due clock;
 * a paid invoice ends it.
 */
import { v } from "convex/values";
import { systemMutation } from "../lib/functions";
import { auditEvent, beginEvent, eventValidator, findEvent, finishEvent } from "../lib/billing/events";
import { tenantForCustomer, writeInvoice } from "../lib/billing/records";
import { accountOf, syncTenant } from "../lib/billing/sync";
import { computeBill } from "../lib/billing/bill";
import { dateOf, notifyOwners, usd } from "../lib/billing/notify";
import { invoiceSnapshot } from "../lib/billing/validators";
import { emitWebhook } from "../notifications/webhookEvents";
import { meteredLines } from "../../lib/domain/billing/bill";

const NO_TENANT = "No tenant has this Stripe customer.";
const args = { event: eventValidator, invoice: invoiceSnapshot, graceDays: v.number() };

/** invoice.created: metered lines (token and storage overage) for period-end invoices still in draft, decided exactly once. */
export const invoiceCreated = systemMutation({
  args,
  handler: async (ctx, { event, invoice }) => {
    const eventRow = await beginEvent(ctx.db, event);
    if (!eventRow) return { outcome: "duplicate" as const, lines: [] };
    const tenant = await tenantForCustomer(ctx.db, invoice.customerId, null);
    if (!tenant) {
      await finishEvent(ctx.db, eventRow, "ignored", null, NO_TENANT);
      return { outcome: "ignored" as const, lines: [] };
    }
    const { row } = await writeInvoice(ctx.db, tenant, invoice);
    let lines = row.meteredLines;
    if (lines === undefined && invoice.billingReason === "subscription_cycle" && invoice.status === "draft") {
      const bill = await computeBill(ctx.db, tenant, Date.now());
      lines = meteredLines(bill.lines);
      await ctx.db.patch(row._id, { meteredLines: lines, ...(lines.length === 0 ? { meteredLinesPushedAt: Date.now() } : {}) });
      const account = await accountOf(ctx.db, tenant._id);
      await ctx.db.patch(account._id, { billedThrough: bill.cursor, updatedAt: Date.now() });
      await auditEvent(
        ctx.db,
        tenant._id,
        event,
        invoice.id,
        { billedThrough: account.billedThrough ?? null },
        { billedThrough: bill.cursor, meteredLines: lines },
      );
    }
    const pending = lines !== undefined && lines.length > 0 && row.meteredLinesPushedAt === undefined;
    // Pending lines keep the event `received`: a retry pushes them again under the same idempotency keys.
    if (!pending) await finishEvent(ctx.db, eventRow, "processed", tenant._id);
    else await ctx.db.patch(eventRow, { tenantId: tenant._id });
    return { outcome: pending ? ("pending_lines" as const) : ("processed" as const), lines: pending ? lines! : [] };
  },
});

/** The route added the metered lines to the Stripe invoice: the invoice.created event is done. */
export const invoiceLinesAdded = systemMutation({
  args: { eventId: v.string(), customerId: v.string(), invoiceId: v.string() },
  handler: async (ctx, { eventId, customerId, invoiceId }) => {
    const tenant = await tenantForCustomer(ctx.db, customerId, null);
    const event = await findEvent(ctx.db, eventId);
    if (!tenant || !event) return { ok: false };
    const row = await ctx.db
      .query("billingInvoices")
      .withIndex("by_tenant_invoice", (q) => q.eq("tenantId", tenant._id).eq("invoiceId", invoiceId))
      .unique();
    if (row && row.meteredLinesPushedAt === undefined) await ctx.db.patch(row._id, { meteredLinesPushedAt: Date.now() });
    if (event.outcome === "received") await finishEvent(ctx.db, event._id, "processed", tenant._id);
    return { ok: true };
  },
});

/** invoice.finalized, invoice.paid, invoice.payment_failed: record the invoice, then re-derive the tenant's standing. */
function invoiceStateHandler(kind: "finalized" | "paid" | "payment_failed") {
  return systemMutation({
    args,
    handler: async (ctx, { event, invoice, graceDays }) => {
      const eventRow = await beginEvent(ctx.db, event);
      if (!eventRow) return { outcome: "duplicate" as const };
      const tenant = await tenantForCustomer(ctx.db, invoice.customerId, null);
      if (!tenant) {
        await finishEvent(ctx.db, eventRow, "ignored", null, NO_TENANT);
        return { outcome: "ignored" as const };
      }
      const failedAt = event.created * 1000;
      const patch = kind === "paid" ? { paymentFailedAt: null } : kind === "payment_failed" ? { paymentFailedAt: failedAt } : {};
      const write = await writeInvoice(ctx.db, tenant, invoice, patch);
      if (!write.changed) {
        await finishEvent(ctx.db, eventRow, "processed", tenant._id, `stale: invoice ${invoice.id} is already ${write.row.status}`);
        return { outcome: "processed" as const };
      }
      const sync = await syncTenant(ctx, tenant, { graceDays, ...(kind === "payment_failed" ? { failedAt } : {}) });
      await auditEvent(
        ctx.db,
        tenant._id,
        event,
        invoice.id,
        { invoice: write.before?.status ?? null, tenant: sync.before },
        { invoice: write.row.status, tenant: sync.after },
      );
      if (kind === "paid")
        await emitWebhook(ctx.db, tenant, "invoice.paid", {
          invoice: { number: invoice.number, amountPaidCents: invoice.amountPaidCents, currency: invoice.currency },
        });
      if (kind === "payment_failed" && write.before?.paymentFailedAt == null) {
        const by = sync.suspendAt ? ` by ${dateOf(sync.suspendAt)}` : "";
        await notifyOwners(ctx.db, tenant, {
          kind: "billing.payment_failed",
          message: `Payment of ${usd(invoice.amountDueCents)} failed. Update the payment method${by} to keep this workspace active.`,
          subject: `${tenant.name}: payment of ${usd(invoice.amountDueCents)} failed`,
          body: `We could not charge ${usd(invoice.amountDueCents)} for ${tenant.name}${invoice.number ? ` (invoice ${invoice.number})` : ""}.\n\nThe workspace is past due. Update the payment method at /t/${tenant.slug}/billing${by}, or it will be suspended.`,
        });
      }
      await finishEvent(ctx.db, eventRow, "processed", tenant._id);
      return { outcome: "processed" as const };
    },
  });
}

export const invoiceFinalized = invoiceStateHandler("finalized");
export const invoicePaid = invoiceStateHandler("paid");
export const invoicePaymentFailed = invoiceStateHandler("payment_failed");
