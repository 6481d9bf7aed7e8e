/**
 * Matrix entries for the platform side: API keys and billing (tenant door),
 * the admin console (staff door) and the server-to-server functions (system
 * secret: webhooks, the runtime API). See matrix-entries.ts for the kinds.
 */
import { read, write, type Build, type Entry, type StaffEntry, type SystemEntry } from "./matrix-entries";
import { DAY_MS } from "../../lib/domain/time";

const staff = (write: boolean, args: Build, more: Omit<Partial<StaffEntry>, "kind" | "args"> = {}): Entry => ({
  kind: "staff",
  write,
  args,
  ...more,
});
const system: Entry = { kind: "system" };
/** A system function whose arguments carry outside ids: only the Next server sends them, after creating or verifying them. */
const systemWith = (paths: string[], more: Omit<SystemEntry, "kind" | "externalIds"> = {}): Entry => ({
  kind: "system",
  externalIds: Object.fromEntries(paths.map((p) => [p, "system"])),
  ...more,
});
const stripeEvent = ["event.id"];
const stripeInvoice = [...stripeEvent, "invoice.id", "invoice.customerId", "invoice.subscriptionId"];
const stripeSubscription = ["subscription.id", "subscription.customerId", "subscription.priceId"];
const deleted = { status: "deleted", deletedAt: Date.now(), hardDeleteAt: Date.now() + 30 * DAY_MS };

export const PLATFORM_ENTRIES: Record<string, Entry> = {
  "portal/apiKeys:list": read("apiKeys.manage"),
  // Convex mints the key (nobody chooses it), answers it once and stores only its hash.
  "portal/apiKeys:create": write("apiKeys.manage", (w) => ({ name: `Matrix key ${w.seq()}` })),
  "portal/apiKeys:revoke": write("apiKeys.manage", async (w, a) => ({ keyId: await w.freshApiKey(a) }), {
    foreign: [{ label: "another tenant's key", args: (_, ids) => ({ keyId: ids.apiKeyId }), expect: "NOT_FOUND" }],
  }),
  "billing/account:overview": read("billing.read"),
  "billing/account:outbox": read("billing.read"),
  "billing/account:checkoutContext": write("billing.manage", () => ({ plan: "enterprise" })),
  // The customer id is recorded only by the Next server, right after it created the customer and checked its metadata.tenantId.
  "billing/account:recordCustomer": systemWith(["customerId"]),
  "billing/account:accountOnRecord": system,
  "billing/account:portalContext": write(
    "billing.manage",
    async (w, a) => (await w.patchTenant(a, { stripeCustomerId: `cus_matrix_${a.slug}` }), {}),
  ),

  "admin/actions:suspend": staff(true, (_, a) => ({ tenantId: a.id, reason: "matrix check" }), { fresh: true }),
  "admin/actions:reactivate": staff(true, async (w, a) => (await w.patchTenant(a, { status: "suspended" }), { tenantId: a.id }), {
    fresh: true,
  }),
  "admin/actions:changePlan": staff(true, (_, a) => ({ tenantId: a.id, plan: "enterprise" }), { fresh: true }),
  "admin/actions:setQuotaOverrides": staff(true, (_, a) => ({ tenantId: a.id, overrides: { agents: 50 } }), { fresh: true }),
  "admin/actions:softDelete": staff(true, (_, a) => ({ tenantId: a.id, reason: "matrix check" }), { fresh: true }),
  "admin/actions:restore": staff(true, async (w, a) => (await w.patchTenant(a, deleted), { tenantId: a.id }), { fresh: true }),
  "admin/provision:create": staff(true, (w) => ({
    name: "Matrix Made",
    slug: `matrix-made-${w.seq()}`,
    plan: "pro",
    billingEmail: "billing@matrix.test",
  })),
  "admin/invite:create": staff(true, (w, a) => ({ tenantId: a.id, email: `invitee-${w.seq()}@matrix.test`, role: "member" }), {
    fresh: true,
  }),
  "admin/provision:updateSettings": staff(true, (_, a) => ({ tenantId: a.id, name: "Matrix Renamed" }), { fresh: true }),
  "admin/purge:hardDelete": staff(
    true,
    async (w, a) => (await w.patchTenant(a, deleted), { tenantId: a.id, confirmSlug: a.slug, overrideRetention: true }),
    { fresh: true },
  ),
  "admin/audit:list": staff(false, () => ({})),
  // Support may open a tenant read-only too, and that entry is audited.
  "admin/audit:recordViewAs": staff(true, (_, a) => ({ slug: a.slug }), { support: "ok" }),
  // The global view of agent memories: support may search too (read only), and each search is audited.
  "admin/globalView:searchMemories": staff(true, (_, a) => ({ search: "matrix", tenant: a.slug }), { support: "ok" }),
  "admin/export:start": staff(true, (_, a) => ({ slug: a.slug })),
  // Exporting a tenant's data is an admin action even though it only reads.
  "admin/export:page": staff(false, (_, a) => ({ tenantId: a.id, table: "agents", cursor: null, numItems: 50 }), { support: "FORBIDDEN" }),
  "admin/tenantDetail:get": staff(false, (_, a) => ({ slug: a.slug })),
  "admin/tenants:list": staff(false, () => ({})),
  "admin/tenants:summary": staff(false, () => ({})),
  "admin/webhooks:list": staff(false, () => ({})),
  "admin/webhooks:startRedelivery": staff(true, async (w, a) => ({ id: (await w.freshStripeEvent(a)).id })),
  "admin/billing:events": staff(false, (_, a) => ({ slug: a.slug })),
  "admin/billing:simulatorAction": staff(true, (_, a) => ({ slug: a.slug, action: "end_period" })),
  // Staff redeliver any tenant's stored event by its Stripe id: platform-wide by design, admins only, audited.
  "admin/billing:eventForRedelivery": staff(true, async (w, a) => ({ eventId: (await w.freshStripeEvent(a)).eventId }), {
    externalIds: { eventId: "staff" },
  }),
  "jobs/health:alerts": staff(false, () => ({})),
  "jobs/platformBackfill:rebuild": staff(true, () => ({})),
  "admin/overview:get": staff(false, () => ({})),

  // Svix-verified Clerk webhooks: the message id and the user/organization data come from Clerk only.
  // An event type the mirror ignores: proves the secret gate without touching any tenant.
  "webhooks/clerk:apply": systemWith(["eventId", "data"], {
    args: (w) => ({ eventId: `evt_matrix_${w.seq()}`, type: "matrix.ignored", data: {}, created: Date.now() }),
  }),
  "admin/audit:recordDenied": systemWith(["subject"], {
    args: (_, a) => ({ slug: a.slug, path: `/t/${a.slug}`, subject: null, email: null }),
  }),
  // Stripe webhooks (signature verified first): every Stripe id comes from the verified event or Stripe's API.
  "billing/events:ignore": systemWith(stripeEvent),
  "billing/events:recordFailure": systemWith(stripeEvent),
  "billing/events:complete": systemWith(["eventId"]),
  "billing/invoices:invoiceCreated": systemWith(stripeInvoice),
  "billing/invoices:invoiceFinalized": systemWith(stripeInvoice),
  "billing/invoices:invoicePaid": systemWith(stripeInvoice),
  "billing/invoices:invoicePaymentFailed": systemWith(stripeInvoice),
  "billing/invoices:invoiceLinesAdded": systemWith(["eventId", "customerId", "invoiceId"]),
  "billing/subscriptions:checkoutCompleted": systemWith([
    ...stripeEvent,
    "session.id",
    "session.customerId",
    "session.subscriptionId",
    "replacesSubscriptionId",
  ]),
  "billing/subscriptions:reconcileSubscription": systemWith(stripeSubscription),
  "billing/subscriptions:subscriptionChanged": systemWith([...stripeEvent, ...stripeSubscription]),
  "billing/subscriptions:trialWillEnd": systemWith([...stripeEvent, ...stripeSubscription]),
  // The runtime API's session ids are Tenantry's own (agentSessions), checked against the API key's tenant; named like an outside id.
  "runtime/sessions:end": systemWith(["sessionId"]),
  "runtime/sessions:heartbeat": systemWith(["sessionId"]),
  "runtime/usage:record": systemWith(["items[].event.sessionId"]),
  // The runtime API: sample arguments name no valid key, so they act on nothing.
  ...Object.fromEntries(
    [
      "runtime/status:agents",
      "runtime/status:quota",
      "runtime/sessions:start",
      "runtime/files:reserve",
      "runtime/files:commit",
      "runtime/files:remove",
    ].map((name) => [name, system]),
  ),
};
