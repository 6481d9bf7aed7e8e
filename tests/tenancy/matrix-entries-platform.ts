/**
 * Matrix entries for the platform side: API keys and billing (tenant door),
 * the admin console (staff door) and the server-to-server functions (system
 * secret: webhooks, the runtime API). See matrix-entries.ts for the kinds.
 */
import { read, write, type Build, type Entry, type StaffEntry } from "./matrix-entries";

const staff = (write: boolean, args: Build, more: Omit<Partial<StaffEntry>, "kind" | "args"> = {}): Entry => ({ kind: "staff", write, args, ...more });
const system: Entry = { kind: "system" };
const deleted = { status: "deleted", deletedAt: Date.now(), hardDeleteAt: Date.now() + 30 * 86_400_000 };

export const PLATFORM_ENTRIES: Record<string, Entry> = {
  "apiKeys:list": read("apiKeys.manage"),
  // The Next side mints the key (tnt_ + 64 hex digits) and passes it once; Convex stores only its hash.
  "apiKeys:create": write("apiKeys.manage", (w) => ({ name: `Matrix key ${w.seq()}`, key: `tnt_${w.seq().toString(16).padStart(64, "0")}` })),
  "apiKeys:revoke": write("apiKeys.manage", async (w, a) => ({ keyId: await w.freshApiKey(a) }), {
    foreign: [{ label: "another tenant's key", args: (_, ids) => ({ keyId: ids.apiKeyId }), expect: "NOT_FOUND" }],
  }),
  "billing:overview": read("billing.read"),
  "billing:outbox": read("billing.read"),
  "billing:checkoutContext": write("billing.manage", () => ({ plan: "enterprise" })),
  "billing:attachCustomer": write("billing.manage", (w) => ({ customerId: `cus_matrix_${w.seq()}` })),
  "billing:portalContext": write("billing.manage", async (w, a) => (await w.patchTenant(a, { stripeCustomerId: `cus_matrix_${a.slug}` }), {})),

  "adminActions:suspend": staff(true, (_, a) => ({ tenantId: a.id, reason: "matrix check" }), { fresh: true }),
  "adminActions:reactivate": staff(true, async (w, a) => (await w.patchTenant(a, { status: "suspended" }), { tenantId: a.id }), { fresh: true }),
  "adminActions:changePlan": staff(true, (_, a) => ({ tenantId: a.id, plan: "enterprise" }), { fresh: true }),
  "adminActions:setQuotaOverrides": staff(true, (_, a) => ({ tenantId: a.id, overrides: { agents: 50 } }), { fresh: true }),
  "adminActions:softDelete": staff(true, (_, a) => ({ tenantId: a.id, reason: "matrix check" }), { fresh: true }),
  "adminActions:restore": staff(true, async (w, a) => (await w.patchTenant(a, deleted), { tenantId: a.id }), { fresh: true }),
  "adminPurge:hardDelete": staff(true, async (w, a) => (await w.patchTenant(a, deleted), { tenantId: a.id, confirmSlug: a.slug, overrideRetention: true }), { fresh: true }),
  "adminAudit:list": staff(false, () => ({})),
  // Support may open a tenant read-only too, and that entry is audited.
  "adminAudit:recordViewAs": staff(true, (_, a) => ({ slug: a.slug }), { support: "ok" }),
  "adminExport:start": staff(true, (_, a) => ({ slug: a.slug })),
  // Exporting a tenant's data is an admin action even though it only reads.
  "adminExport:page": staff(false, (_, a) => ({ tenantId: a.id, table: "agents", cursor: null, numItems: 50 }), { support: "FORBIDDEN" }),
  "adminTenant:get": staff(false, (_, a) => ({ slug: a.slug })),
  "adminTenants:list": staff(false, () => ({})),
  "adminTenants:summary": staff(false, () => ({})),
  "adminWebhooks:list": staff(false, () => ({})),
  "adminWebhooks:startRedelivery": staff(true, async (w, a) => ({ id: (await w.freshStripeEvent(a)).id })),
  "billingAdmin:events": staff(false, (_, a) => ({ slug: a.slug })),
  "billingAdmin:simulatorAction": staff(true, (_, a) => ({ slug: a.slug, action: "end_period" })),
  "billingAdmin:eventForRedelivery": staff(true, async (w, a) => ({ eventId: (await w.freshStripeEvent(a)).eventId })),
  "jobsHealth:alerts": staff(false, () => ({})),
  "platformBackfill:rebuild": staff(true, () => ({})),
  "platformOverview:get": staff(false, () => ({})),

  // An event type the mirror ignores: proves the secret gate without touching any tenant.
  "clerk:apply": { kind: "system", args: (w) => ({ eventId: `evt_matrix_${w.seq()}`, type: "matrix.ignored", data: {}, created: Date.now() }) },
  "adminAudit:recordDenied": { kind: "system", args: (_, a) => ({ slug: a.slug, path: `/t/${a.slug}`, subject: null, email: null }) },
  // Stripe webhooks and the runtime API: sample arguments name no customer and no valid key, so they act on nothing.
  ...Object.fromEntries(
    [
      "stripeEvents:ignore", "stripeEvents:recordFailure", "stripeEvents:complete", "stripeInvoices:invoiceCreated", "stripeInvoices:invoiceFinalized", "stripeInvoices:invoiceLinesAdded",
      "stripeInvoices:invoicePaid", "stripeInvoices:invoicePaymentFailed", "stripeSubscriptions:checkoutCompleted", "stripeSubscriptions:reconcileSubscription",
      "stripeSubscriptions:subscriptionChanged", "stripeSubscriptions:trialWillEnd",
      "runtime:agents", "runtime:quota", "runtimeUsage:record", "sessions:end", "sessions:heartbeat", "sessions:start",
      "runtimeFiles:reserve", "runtimeFiles:commit", "runtimeFiles:remove",
    ].map((name) => [name, system]),
  ),
};
