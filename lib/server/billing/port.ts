/**
 * The billing port: everything the app asks of Stripe. Two adapters implement
 * it, chosen by the environment (lib/server/billing/index.ts): Stripe's API, and the
 * local simulator. Pages, route handlers and the webhook route use only this.
 *
 * Every call that creates something carries an idempotency key derived from
 * what it is for, so a retried request makes nothing twice.
 */
import type { PlanId } from "@/lib/domain/plans";
import type { MeteredLine } from "../../domain/billing/bill";
import type { ProviderInvoice } from "../../domain/billing/reconcile";

export type CustomerRequest = { tenantId: string; tenantSlug: string; name: string; email: string };

/**
 * What Tenantry has on record for the tenant. The simulator mirrors ids it has never
 * seen (demo data seeded before it existed) from this instead of failing; Stripe has them.
 */
export type TenantOnRecord = {
  tenantId: string;
  tenantSlug: string;
  name: string;
  email: string;
  customerId: string;
  /** The current plan, and its live subscription if any. */
  plan: PlanId;
  subscriptionId: string | null;
};

export type CheckoutRequest = {
  tenant: TenantOnRecord;
  /** The plan being bought and its price. */
  plan: PlanId;
  priceId: string;
  successUrl: string;
  cancelUrl: string;
  /** The live subscription this checkout replaces (a plan change), cancelled once it completes. */
  replacesSubscriptionId: string | null;
  /** One per click (the page makes it): a double submit gets the same session. */
  attemptKey: string;
};

export type InvoiceLinesRequest = { invoiceId: string; customerId: string; currency: string; lines: MeteredLine[] };

export interface BillingPort {
  readonly kind: "stripe" | "simulator";
  /** Creates the tenant's Stripe customer (metadata.tenantId, metadata.tenantSlug); returns its id. */
  createCustomer(input: CustomerRequest): Promise<string>;
  /**
   * Whether the customer exists and is this tenant's (its metadata.tenantId): the
   * source of truth checked before a customer id is recorded or a session opened for it.
   */
  customerOwnedBy(customerId: string, tenantId: string): Promise<boolean>;
  /** A Checkout Session in subscription mode; the browser goes to `url`. Refused (resource_missing) for a customer that is not the tenant's. */
  createCheckoutSession(input: CheckoutRequest): Promise<{ id: string; url: string }>;
  /** A Customer Portal session (payment method, invoices, cancellation). Refused (resource_missing) for a customer that is not the tenant's. */
  createPortalSession(input: { tenant: TenantOnRecord; returnUrl: string; attemptKey: string }): Promise<{ url: string }>;
  /** Adds metered lines to a draft invoice, each at most once whatever the retries. */
  addInvoiceLines(input: InvoiceLinesRequest): Promise<void>;
  /** Cancels a subscription now (prorated). */
  cancelSubscription(input: { subscriptionId: string; reason: string }): Promise<void>;
  /** The subscription as the billing provider has it now (the raw API object), or null if it does not exist. */
  retrieveSubscription(subscriptionId: string): Promise<unknown | null>;
}

/**
 * Reading what the provider billed (for `tenantry billing reconcile`). Apart from
 * BillingPort because the simulator's adapter lives in lib/local: lib/server/billing
 * composes the two (index.ts).
 */
export interface InvoiceReader {
  /** The customer's invoices created in [fromMs, toMs), every line included. */
  listInvoices(input: { customerId: string; fromMs: number; toMs: number }): Promise<ProviderInvoice[]>;
}

/** A refusal from the billing provider that the person acting should read (e.g. "No such customer"). */
export class BillingError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "BillingError";
  }
}
