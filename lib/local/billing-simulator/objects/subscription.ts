/**
 * Subscriptions as Stripe's API version pinned by the `stripe` SDK shapes them
 * (every field the SDK's types require, so `tsc` checks the shape): the
 * billing period lives on the subscription item, not the subscription.
 */
import type Stripe from "stripe";
import { PLANS, type PlanId } from "@/lib/domain/plans";
import { simulatorPriceId } from "@/lib/domain/billing/price-ids";
import { addMonth, decimal, newId } from "../ids";

export function priceObject(plan: PlanId, created: number): Stripe.Price {
  const cents = PLANS[plan].priceCents;
  return {
    id: simulatorPriceId(plan),
    object: "price",
    active: true,
    billing_scheme: "per_unit",
    created,
    currency: "usd",
    custom_unit_amount: null,
    livemode: false,
    lookup_key: `tenantry_${plan}`,
    metadata: { plan },
    nickname: PLANS[plan].name,
    product: `prod_tenantry_${plan}`,
    recurring: { interval: "month", interval_count: 1, meter: null, trial_period_days: null, usage_type: "licensed" },
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: "recurring",
    unit_amount: cents,
    unit_amount_decimal: decimal(String(cents)),
  };
}

/** The legacy `plan` twin of a price that Stripe still sends on subscription items. */
function planObject(plan: PlanId, created: number): Stripe.Plan {
  const cents = PLANS[plan].priceCents;
  return {
    id: simulatorPriceId(plan),
    object: "plan",
    active: true,
    amount: cents,
    amount_decimal: decimal(String(cents)),
    billing_scheme: "per_unit",
    created,
    currency: "usd",
    interval: "month",
    interval_count: 1,
    livemode: false,
    metadata: { plan },
    meter: null,
    nickname: PLANS[plan].name,
    product: `prod_tenantry_${plan}`,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

export function subscriptionItem(
  subscriptionId: string,
  plan: PlanId,
  periodStart: number,
  periodEnd: number,
  created: number,
): Stripe.SubscriptionItem {
  return {
    id: newId("si", 14),
    object: "subscription_item",
    billing_thresholds: null,
    created,
    current_period_end: periodEnd,
    current_period_start: periodStart,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planObject(plan, created),
    price: priceObject(plan, created),
    quantity: 1,
    subscription: subscriptionId,
    tax_rates: [],
  };
}

export type NewSubscription = {
  customerId: string;
  plan: PlanId;
  metadata: Record<string, string>;
  start: number;
  paymentMethod: string | null;
  id?: string;
};

export function subscriptionObject(input: NewSubscription): Stripe.Subscription {
  const id = input.id ?? newId("sub");
  const periodEnd = addMonth(input.start);
  const item = subscriptionItem(id, input.plan, input.start, periodEnd, input.start);
  return {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: input.start,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: input.start,
    currency: "usd",
    customer: input.customerId,
    customer_account: null,
    days_until_due: null,
    default_payment_method: input.paymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: { object: "list", data: [item], has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: input.start,
    status: "active",
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: null,
  };
}
