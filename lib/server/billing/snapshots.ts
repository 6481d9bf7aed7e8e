import "server-only";
import { z } from "zod";
import type { PlanId } from "@/lib/domain/plans";

/**
 * The few fields Tenantry acts on, read from Stripe objects (an event's
 * `data.object`, or an API response) and checked, for the Convex mutations.
 * Written for the SDK's pinned API version (period on the subscription item,
 * the invoice's subscription under `parent`), and tolerant of the older
 * places for the same fields, in case the endpoint is pinned to an older version.
 */
const id = z.string().min(1);
const ref = z.union([id, z.object({ id })]).transform((x) => (typeof x === "string" ? x : x.id));
const seconds = z.number().int().nonnegative();
const ms = (s: number | null | undefined) => (s === null || s === undefined ? null : s * 1000);
const metadata = z
  .record(z.string(), z.string())
  .nullish()
  .transform((m) => m ?? {});

const subscriptionSchema = z.object({
  id,
  object: z.literal("subscription"),
  customer: ref,
  status: z.string(),
  created: seconds,
  cancel_at_period_end: z.boolean(),
  canceled_at: seconds.nullable(),
  trial_end: seconds.nullable(),
  current_period_start: seconds.nullish(),
  current_period_end: seconds.nullish(),
  metadata,
  items: z.object({
    data: z.array(z.object({ price: z.object({ id }), current_period_start: seconds.nullish(), current_period_end: seconds.nullish() })),
  }),
});

export function subscriptionSnapshot(raw: unknown, planForPrice: (priceId: string | null) => PlanId | null) {
  const s = subscriptionSchema.parse(raw);
  const item = s.items.data[0];
  const priceId = item?.price.id ?? null;
  return {
    id: s.id,
    customerId: s.customer,
    status: s.status,
    priceId,
    plan: planForPrice(priceId),
    startedAt: s.created * 1000,
    currentPeriodStart: ms(item?.current_period_start ?? s.current_period_start),
    currentPeriodEnd: ms(item?.current_period_end ?? s.current_period_end),
    cancelAtPeriodEnd: s.cancel_at_period_end,
    canceledAt: ms(s.canceled_at),
    trialEnd: ms(s.trial_end),
    metadataTenantId: s.metadata.tenantId ?? null,
  };
}

const invoiceSchema = z.object({
  id,
  object: z.literal("invoice"),
  customer: ref,
  number: z.string().nullable(),
  status: z.string().nullable(),
  billing_reason: z.string().nullable(),
  currency: z.string(),
  total: z.number().int(),
  amount_due: z.number().int(),
  amount_paid: z.number().int(),
  period_start: seconds,
  period_end: seconds,
  created: seconds,
  hosted_invoice_url: z.string().nullish(),
  subscription: ref.nullish(),
  parent: z.object({ subscription_details: z.object({ subscription: ref }).nullish() }).nullish(),
});

export function invoiceSnapshot(raw: unknown) {
  const i = invoiceSchema.parse(raw);
  return {
    id: i.id,
    customerId: i.customer,
    subscriptionId: i.parent?.subscription_details?.subscription ?? i.subscription ?? null,
    number: i.number,
    status: i.status ?? "draft",
    billingReason: i.billing_reason,
    currency: i.currency,
    totalCents: i.total,
    amountDueCents: i.amount_due,
    amountPaidCents: i.amount_paid,
    periodStart: i.period_start * 1000,
    periodEnd: i.period_end * 1000,
    hostedInvoiceUrl: i.hosted_invoice_url ?? null,
    createdAt: i.created * 1000,
  };
}

const sessionSchema = z.object({
  id,
  object: z.literal("checkout.session"),
  customer: ref.nullable(),
  subscription: ref.nullable(),
  client_reference_id: z.string().nullable(),
  metadata,
  mode: z.string(),
  payment_status: z.string(),
});

export function checkoutSessionSnapshot(raw: unknown) {
  const s = sessionSchema.parse(raw);
  return {
    session: {
      id: s.id,
      customerId: s.customer,
      subscriptionId: s.subscription,
      clientReferenceId: s.client_reference_id,
      metadataTenantId: s.metadata.tenantId ?? null,
      mode: s.mode,
      paymentStatus: s.payment_status,
    },
    replacesSubscriptionId: s.metadata.replacesSubscription ?? null,
  };
}
