import type Stripe from "stripe";
import type { LedgerLine, LedgerLineKind, ProviderInvoice } from "@/lib/domain/billing/reconcile";

/** Which of Tenantry's lines a Stripe invoice line is: metered lines carry metadata.tenantry_line; the subscription's own line is the base. */
function kindOf(line: Stripe.InvoiceLineItem): LedgerLineKind {
  const tagged = line.metadata?.tenantry_line;
  if (tagged === "tokens" || tagged === "storage") return tagged;
  const sub = line.parent?.type === "subscription_item_details" ? line.parent.subscription_item_details : null;
  // Prorations from a mid-period change are Stripe's arithmetic, not a line Tenantry decided.
  return sub && !sub.proration ? "base" : "other";
}

export function ledgerLine(line: Stripe.InvoiceLineItem): LedgerLine {
  return {
    id: line.id,
    kind: kindOf(line),
    description: line.description ?? "",
    quantity: line.quantity ?? 1,
    amountCents: line.amount,
  };
}

/** A Stripe invoice (from the API or the simulator, same shapes) with all its lines, as reconciliation reads it. */
export function providerInvoice(invoice: Stripe.Invoice, lines: Stripe.InvoiceLineItem[]): ProviderInvoice {
  return {
    id: invoice.id!,
    number: invoice.number,
    status: invoice.status ?? "draft",
    billingReason: invoice.billing_reason,
    totalCents: invoice.total,
    createdAt: invoice.created * 1000,
    lines: lines.map(ledgerLine),
  };
}
