/**
 * Matrix entries for the platform side: API keys and billing (tenant door),
 * the admin console (staff door) and the server-to-server functions (system
 * secret: webhooks, the runtime API). See matrix-entries.ts for the kinds.
 */
import { read, write, type Build, type Entry, type StaffEntry, type SystemEntry } from "./matrix-entries";
import { DAY_MS } from "../../lib/time";

const staff = (write: boolean, args: Build, more: Omit<Partial<StaffEntry>, "kind" | "args"> = {}): Entry => ({ kind: "staff", write, args, ...more });
const system: Entry = { kind: "system" };
/** A system function whose arguments carry outside ids: only the Next server sends them, after creating or verifying them. */
const systemWith = (paths: string[], more: Omit<SystemEntry, "kind" | "externalIds"> = {}): Entry => ({ kind: "system", externalIds: Object.fromEntries(paths.map((p) => [p, "system"])), ...more });
const stripeEvent = ["event.id"];
const stripeInvoice = [...stripeEvent, "invoice.id", "invoice.customerId", "invoice.subscriptionId"];
const stripeSubscription = ["subscription.id", "subscription.customerId", "subscription.priceId"];
const deleted = { status: "deleted", deletedAt: Date.now(), hardDeleteAt: Date.now() + 30 * DAY_MS };

export const PLATFORM_ENTRIES: Record<string, Entry> = {
  "apiKeys:list": read("apiKeys.manage"),
  // Convex mints the key (nobody chooses it), answers it once and stores only its hash.
  "apiKeys:create": write("apiKeys.manage", (w) => ({ name: `Matrix key ${w.seq()}` })),
  "apiKeys:revoke": write("apiKeys.manage", async (w, a) => ({ keyId: await w.freshApiKey(a) }), {
    foreign: [{ label: "another tenant's key", args: (_, ids) => ({ keyId: ids.apiKeyId }), expect: "NOT_FOUND" }],
  }),
  "billing:overview": read("billing.read"),
  "billing:outbox": read("billing.read"),
  "billing:checkoutContext": write("billing.manage", () => ({ plan: "enterprise" })),
  // The customer id is recorded only by the Next server, right after it created the customer and checked its metadata.tenantId.
  "billing:recordCustomer": systemWith(["customerId"]),
  "billing:accountOnRecord": system,
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
  // Staff redeliver any tenant's stored event by its Stripe id: platform-wide by design, admins only, audited.
  "billingAdmin:eventForRedelivery": staff(true, async (w, a) => ({ eventId: (await w.freshStripeEvent(a)).eventId }), { externalIds: { eventId: "staff" } }),
  "jobsHealth:alerts": staff(false, () => ({})),
  "platformBackfill:rebuild": staff(true, () => ({})),
  "platformOverview:get": staff(false, () => ({})),

  // Svix-verified Clerk webhooks: the message id and the user/organization data come from Clerk only.
  // An event type the mirror ignores: proves the secret gate without touching any tenant.
  "clerk:apply": systemWith(["eventId", "data"], { args: (w) => ({ eventId: `evt_matrix_${w.seq()}`, type: "matrix.ignored", data: {}, created: Date.now() }) }),
  "adminAudit:recordDenied": systemWith(["subject"], { args: (_, a) => ({ slug: a.slug, path: `/t/${a.slug}`, subject: null, email: null }) }),
  // Stripe webhooks (signature verified first): every Stripe id comes from the verified event or Stripe's API.
  "stripeEvents:ignore": systemWith(stripeEvent),
  "stripeEvents:recordFailure": systemWith(stripeEvent),
  "stripeEvents:complete": systemWith(["eventId"]),
  "stripeInvoices:invoiceCreated": systemWith(stripeInvoice),
  "stripeInvoices:invoiceFinalized": systemWith(stripeInvoice),
  "stripeInvoices:invoicePaid": systemWith(stripeInvoice),
  "stripeInvoices:invoicePaymentFailed": systemWith(stripeInvoice),
  "stripeInvoices:invoiceLinesAdded": systemWith(["eventId", "customerId", "invoiceId"]),
  "stripeSubscriptions:checkoutCompleted": systemWith([...stripeEvent, "session.id", "session.customerId", "session.subscriptionId", "replacesSubscriptionId"]),
  "stripeSubscriptions:reconcileSubscription": systemWith(stripeSubscription),
  "stripeSubscriptions:subscriptionChanged": systemWith([...stripeEvent, ...stripeSubscription]),
  "stripeSubscriptions:trialWillEnd": systemWith([...stripeEvent, ...stripeSubscription]),
  // The runtime API's session ids are Tenantry's own (agentSessions), checked against the API key's tenant; named like an outside id.
  "sessions:end": systemWith(["sessionId"]),
  "sessions:heartbeat": systemWith(["sessionId"]),
  "runtimeUsage:record": systemWith(["items[].event.sessionId"]),
  // The runtime API: sample arguments name no valid key, so they act on nothing.
  ...Object.fromEntries(
    [
      "runtime:agents", "runtime:quota", "sessions:start", "runtimeFiles:reserve", "runtimeFiles:commit", "runtimeFiles:remove",
    ].map((name) => [name, system]),
  ),
};
