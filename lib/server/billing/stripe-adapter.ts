import "server-only";
import Stripe from "stripe";
import { BillingError, type BillingPort, type InvoiceReader } from "./port";
import { providerInvoice } from "./ledger";

/**
 * The billing port over Stripe's API (the SDK's pinned API version). Each call
 * that creates something sends an idempotency key derived from its purpose:
 * one customer per tenant, one session per click, one invoice item per
 * invoice and line kind, one cancellation per subscription.
 * `apiBase` points the SDK elsewhere (a test double speaking Stripe's HTTP API).
 * Sessions are opened only for a customer whose metadata.tenantId is the
 * tenant's: Tenantry's record alone is not trusted with another tenant's card.
 */
export function stripeAdapter(secretKey: string, apiBase?: string): BillingPort & InvoiceReader {
  const base = apiBase ? new URL(apiBase) : null;
  const stripe = new Stripe(secretKey, {
    maxNetworkRetries: 2,
    timeout: 10_000,
    ...(base ? { host: base.hostname, port: Number(base.port), protocol: base.protocol.replace(":", "") as "http" | "https" } : {}),
  });
  async function ownedBy(customerId: string, tenantId: string): Promise<boolean> {
    try {
      const customer = await stripe.customers.retrieve(customerId);
      return !customer.deleted && customer.metadata?.tenantId === tenantId;
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing") return false;
      throw error;
    }
  }
  async function ownCustomerOrThrow(customerId: string, tenantId: string) {
    if (!(await ownedBy(customerId, tenantId))) throw new BillingError(`No such customer: '${customerId}'`, "resource_missing", "customer");
  }

  return {
    kind: "stripe",
    customerOwnedBy: ownedBy,
    async createCustomer({ tenantId, tenantSlug, name, email }) {
      const customer = await stripe.customers.create(
        { name, email, metadata: { tenantId, tenantSlug } },
        { idempotencyKey: `tenantry-customer-${tenantId}` },
      );
      return customer.id;
    },
    async createCheckoutSession(input) {
      const { tenantId, tenantSlug, customerId } = input.tenant;
      await ownCustomerOrThrow(customerId, tenantId);
      const metadata: Record<string, string> = { tenantId, tenantSlug, plan: input.plan };
      if (input.replacesSubscriptionId) metadata.replacesSubscription = input.replacesSubscriptionId;
      const session = await stripe.checkout.sessions.create(
        {
          mode: "subscription",
          customer: customerId,
          line_items: [{ price: input.priceId, quantity: 1 }],
          client_reference_id: tenantId,
          metadata,
          subscription_data: { metadata: { tenantId, tenantSlug, plan: input.plan } },
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
        },
        { idempotencyKey: `tenantry-checkout-${tenantId}-${input.attemptKey}` },
      );
      if (!session.url) throw new BillingError("Stripe returned a Checkout Session without a URL.", "no_url");
      return { id: session.id, url: session.url };
    },
    async createPortalSession({ tenant, returnUrl, attemptKey }) {
      await ownCustomerOrThrow(tenant.customerId, tenant.tenantId);
      const session = await stripe.billingPortal.sessions.create(
        { customer: tenant.customerId, return_url: returnUrl },
        { idempotencyKey: `tenantry-portal-${tenant.customerId}-${attemptKey}` },
      );
      return { url: session.url };
    },
    async addInvoiceLines({ invoiceId, customerId, currency, lines }) {
      for (const line of lines) {
        await stripe.invoiceItems.create(
          {
            customer: customerId,
            invoice: invoiceId,
            amount: line.amountCents,
            currency,
            description: line.description,
            metadata: { tenantry_line: line.kind },
          },
          { idempotencyKey: `tenantry-invoice-line-${invoiceId}-${line.kind}` },
        );
      }
    },
    async cancelSubscription({ subscriptionId, reason }) {
      await stripe.subscriptions.cancel(
        subscriptionId,
        { prorate: true, cancellation_details: { comment: reason } },
        { idempotencyKey: `tenantry-cancel-${subscriptionId}` },
      );
    },
    async listInvoices({ customerId, fromMs, toMs }) {
      const out = [];
      const created = { gte: Math.ceil(fromMs / 1000), lt: Math.ceil(toMs / 1000) };
      for await (const invoice of stripe.invoices.list({ customer: customerId, created, limit: 100 })) {
        // An invoice object embeds its first lines only; the rest are a list of their own.
        const lines = invoice.lines.has_more
          ? await stripe.invoices.listLineItems(invoice.id!, { limit: 100 }).autoPagingToArray({ limit: 10_000 })
          : invoice.lines.data;
        out.push(providerInvoice(invoice, lines));
      }
      return out.sort((a, b) => a.createdAt - b.createdAt);
    },
    async retrieveSubscription(id) {
      try {
        return await stripe.subscriptions.retrieve(id);
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing") return null;
        throw error;
      }
    },
  };
}
