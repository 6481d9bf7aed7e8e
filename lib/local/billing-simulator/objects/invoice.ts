/**
 * Invoices and their lines as the pinned Stripe API version shapes them
 * (`parent.subscription_details`, line `parent`s, `pricing`), every required
 * field present so `tsc` checks the shape against the SDK's types.
 */
import type Stripe from "stripe";
import { PLANS, type PlanId } from "@/lib/domain/plans";
import { decimal, newId } from "../ids";

export type NewInvoice = {
  customerId: string;
  email: string | null;
  name: string | null;
  subscription: Stripe.Subscription | null;
  billingReason: NonNullable<Stripe.Invoice["billing_reason"]>;
  periodStart: number;
  periodEnd: number;
  created: number;
};

export function invoiceObject(input: NewInvoice): Stripe.Invoice {
  const id = newId("in");
  const sub = input.subscription;
  return {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Tenantry (simulator)",
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: input.created + 3600,
    billing_reason: input.billingReason,
    collection_method: "charge_automatically",
    created: input.created,
    currency: "usd",
    custom_fields: null,
    customer: input.customerId,
    customer_account: null,
    customer_address: null,
    customer_email: input.email,
    customer_name: input.name,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: sub
      ? { quote_details: null, subscription_details: { metadata: sub.metadata, subscription: sub.id }, type: "subscription_details" }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: input.periodEnd,
    period_start: input.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

type LineInput = { invoiceId: string; amount: number; description: string; start: number; end: number; metadata?: Record<string, string> };

function line(
  input: LineInput,
  parent: Stripe.InvoiceLineItem["parent"],
  subscription: string | null,
  quantity: number,
  unit: number,
): Stripe.InvoiceLineItem {
  return {
    id: newId("il"),
    object: "line_item",
    amount: input.amount,
    currency: "usd",
    description: input.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: input.invoiceId,
    livemode: false,
    metadata: input.metadata ?? {},
    parent,
    period: { end: input.end, start: input.start },
    pretax_credit_amounts: [],
    pricing: { type: "price_details", unit_amount_decimal: decimal(String(unit)) },
    quantity,
    quantity_decimal: decimal(String(quantity)),
    subscription,
    subtotal: input.amount,
    taxes: [],
  };
}

/** The subscription's own line: the plan's base fee for the period it starts. */
export function subscriptionLine(
  invoiceId: string,
  sub: Stripe.Subscription,
  plan: PlanId,
  start: number,
  end: number,
): Stripe.InvoiceLineItem {
  const cents = PLANS[plan].priceCents;
  const details = {
    invoice_item: null,
    proration: false,
    proration_details: { credited_items: null },
    subscription: sub.id,
    subscription_item: sub.items.data[0].id,
  };
  return line(
    { invoiceId, amount: cents, description: `1 × ${PLANS[plan].name} (at $${(cents / 100).toFixed(2)} / month)`, start, end },
    { invoice_item_details: null, subscription_item_details: details, type: "subscription_item_details" },
    sub.id,
    1,
    cents,
  );
}

/** A line added with invoiceItems.create (Tenantry's metered lines). */
export function invoiceItemLine(input: LineInput, subscriptionId: string | null): Stripe.InvoiceLineItem {
  const details = {
    invoice_item: newId("ii"),
    proration: false,
    proration_details: { credited_items: null },
    subscription: subscriptionId,
  };
  return line(
    input,
    { invoice_item_details: details, subscription_item_details: null, type: "invoice_item_details" },
    subscriptionId,
    1,
    input.amount,
  );
}

/** Recomputes an invoice's amounts from its lines (no tax, no discounts). */
export function withTotals(invoice: Stripe.Invoice): Stripe.Invoice {
  const total = invoice.lines.data.reduce((sum, l) => sum + l.amount, 0);
  const paid = invoice.status === "paid" ? total : 0;
  return {
    ...invoice,
    subtotal: total,
    subtotal_excluding_tax: total,
    total,
    total_excluding_tax: total,
    amount_due: total,
    amount_paid: paid,
    amount_remaining: total - paid,
  };
}
