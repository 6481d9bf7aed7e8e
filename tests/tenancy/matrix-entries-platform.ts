/**
 * Matrix entries for the platform side: API keys and billing (tenant door),
 * the admin console (staff door) and the server-to-server functions (system
 * secret: webhooks, the runtime API). See matrix-entries.ts for the kinds.
 */
import { createHash, randomBytes } from "node:crypto";
import { read, write, type Build, type Entry, type StaffEntry, type SystemEntry, type World } from "./matrix-entries";
import type { Ctx, SeededTenant } from "./support/world";
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
const dayAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString().slice(0, 10);

/**
 * A live platform token of the platform admin, stored as admin/tokens:create stores one
 * (only its SHA-256): `token` is the secret the admin API would present.
 */
async function aPlatformToken(w: World): Promise<{ id: string; token: string }> {
  const token = `tnry_pat_${randomBytes(32).toString("hex")}`;
  const id = await w.t.run((ctx: Ctx) =>
    ctx.db.insert("platformTokens", {
      name: `matrix token ${w.seq()}`,
      role: "admin",
      prefix: token.slice(0, 17),
      hash: createHash("sha256").update(token).digest("hex"),
      ownerId: w.staff.admin.id,
      createdBy: w.staff.admin.id,
      createdAt: Date.now(),
      expiresAt: Date.now() + 7 * DAY_MS,
    }),
  );
  return { id, token };
}
/** An unread staff alert about tenant `a` (as alertStaffOnce writes one). */
const aStaffAlert = (w: World, a: SeededTenant) =>
  w.t.run((ctx: Ctx) =>
    ctx.db.insert("staffAlerts", {
      tenantId: a.id,
      kind: "usage_spike",
      period: `matrix-${w.seq()}`,
      message: `${a.name}: matrix alert`,
      details: { slug: a.slug },
      createdAt: Date.now(),
    }),
  );
/** One imported agent and department, and one day of usage history (tenantry import). */
const structure = (w: World, a: SeededTenant, dryRun: boolean) => ({
  slug: a.slug,
  dryRun,
  configuration: { quotaOverrides: { agents: 40 }, monthlyBudgetCents: 250_00 },
  departments: [{ id: "src-dept-1", name: `Imported dept ${w.seq()}`, costCenter: "CC-5" }],
  agents: [
    {
      id: "src-agent-1",
      name: `Imported agent ${w.seq()}`,
      model: "claude-haiku-4-5",
      status: "active" as const,
      departmentId: "src-dept-1",
      metadata: { team: "imported" },
      createdAt: Date.now() - 30 * DAY_MS,
    },
  ],
});
const usageRow = (a: SeededTenant) => ({
  day: dayAgo(400),
  model: "claude-haiku-4-5",
  agentId: a.agentIds[0],
  departmentId: a.departmentId,
  calls: 3,
  inputTokens: 300,
  outputTokens: 120,
  costMicros: 4_200,
  errors: 1,
  latencySumMs: 900,
  latencyBuckets: [0, 1, 2],
});

export const PLATFORM_ENTRIES: Record<string, Entry> = {
  "portal/apiKeys:list": read("apiKeys.manage"),
  // Convex mints the key (nobody chooses it), answers it once and stores only its hash.
  "portal/apiKeys:create": write("apiKeys.manage", (w) => ({ name: `Matrix key ${w.seq()}` })),
  "portal/apiKeys:revoke": write("apiKeys.manage", async (w, a) => ({ keyId: await w.freshApiKey(a) }), {
    foreign: [{ label: "another tenant's key", args: (_, ids) => ({ keyId: ids.apiKeyId }), expect: "NOT_FOUND" }],
  }),
  "billing/account:overview": read("billing.read"),
  "billing/account:outbox": read("billing.read"),
  // A missing id answers null to every billing reader (the view's 404); another tenant's reads the same.
  "billing/account:invoice": read("billing.read", () => ({ id: "in_missing" })),
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
  "admin/billing:reconcile": staff(false, (_, a) => ({ slug: a.slug, month: new Date().toISOString().slice(0, 7) })),
  "admin/billing:simulatorAction": staff(true, (_, a) => ({ slug: a.slug, action: "end_period" })),
  // Staff redeliver any tenant's stored event by its Stripe id: platform-wide by design, admins only, audited.
  "admin/billing:eventForRedelivery": staff(true, async (w, a) => ({ eventId: (await w.freshStripeEvent(a)).eventId }), {
    externalIds: { eventId: "staff" },
  }),
  "jobs/health:alerts": staff(false, () => ({})),
  "jobs/platformBackfill:rebuild": staff(true, () => ({})),
  "admin/overview:get": staff(false, () => ({})),

  // The operator CLI's functions (the admin API: a signed-in staff member or a platform token).
  "admin/debug:userSession": staff(false, (_, a) => ({ who: a.users.owner!.email })),
  "admin/importUsers:check": staff(false, (w, a) => ({
    slug: a.slug,
    rows: [{ line: 2, name: "Imported", email: `import${w.seq()}@example.test`, role: "member" }],
  })),
  "admin/importUsers:apply": staff(
    true,
    (w, a) => ({ slug: a.slug, rows: [{ line: 2, name: "Imported", email: `import${w.seq()}@example.test`, role: "member" }] }),
    { fresh: true },
  ),
  "admin/migrate:snapshot": staff(false, (_, a) => ({ slug: a.slug })),
  "admin/migrate:usagePage": staff(false, (_, a) => ({ slug: a.slug, cursor: null })),
  // Agents' metadata is free-form: copied from another deployment's export by staff, who act on any tenant (audited).
  "admin/migrate:importStructure": staff(true, (w, a) => structure(w, a, false), {
    fresh: true,
    externalIds: { "agents[].metadata": "staff" },
  }),
  "admin/migrate:importUsage": staff(true, (_, a) => ({ slug: a.slug, dryRun: false, rows: [usageRow(a)] }), { fresh: true }),
  "admin/provision:applyTemplate": staff(true, (_, a) => ({ slug: a.slug, template: "customer-support", includeSampleData: true }), {
    fresh: true,
  }),
  "admin/timings:slowQueries": staff(false, (_, a) => ({ slug: a.slug, sinceMs: DAY_MS, limit: 20 })),
  "admin/usageReport:detailed": staff(false, (_, a) => ({ slug: a.slug, month: dayAgo(0).slice(0, 7), cursor: null, numItems: 100 })),
  // The deployment registry (issue 20): staff read it, the provisioner and the move engine write it.
  "platform/registry:list": staff(false, () => ({})),
  "platform/registry:tenantPlacement": staff(false, (_w, a) => ({ slug: a.slug })),
  "platform/registry:placement": system,
  "platform/registry:setPlacement": system,
  "platform/registry:registerDeployment": system,
  "platform/registry:retireDeployment": system,
  // Routing (issue 20): the Next server resolves a tenant's deployment by slug.
  "platform/routing:route": system,
  "platform/routing:routeKey": system,
  "platform/routing:deployments": system,
  // The API key index (routing only; the placement's door authorizes): the Next server writes it.
  "platform/keyIndex:put": system,
  "platform/keyIndex:forget": system,
  "platform/keyIndex:backfill": system,
  // Platform figures across deployments (issue 20): the control plane's pull collects a placement's
  // reports with the system secret; staff read the lag per deployment.
  // Asked as main (the control plane, as this world is): refused, so the shared world never becomes a placement.
  "platform/rollupReports:collect": { kind: "system", args: () => ({ deployment: "main", ack: [], full: [], limit: 10 }) },
  "platform/rollupReports:status": staff(false, () => ({})),
  // Moving a tenant (issue 20): the move runner on the Next server, with the system secret. Rows and
  // the workflow state are free-form data copied between deployments, never sent by a tenant.
  "platform/moves:create": systemWith(["state"]),
  "platform/moves:save": systemWith(["state"]),
  "platform/moves:get": system,
  "platform/moves:list": system,
  "platform/moves:status": staff(false, (_w, a) => ({ slug: a.slug })),
  "platform/moves:recent": staff(false, () => ({})),
  "platform/moves:authorize": staff(true, (_w, a) => ({ slug: a.slug, action: "start", to: "dedicated:t-matrix" })),
  // The paged ones name tenant A, so the forged-cursor test (tests/hostile/cursors.test.ts) can check nothing of B comes back.
  "platform/moveData:page": { kind: "system", args: (_w, a) => ({ tenantId: a.id, table: "agents", cursor: null, numItems: 10 }) },
  "platform/moveData:docs": system,
  "platform/moveData:changes": system,
  "platform/moveData:pending": system,
  "platform/moveData:older": system,
  "platform/moveData:ack": system,
  "platform/moveData:setFlag": system,
  "platform/moveData:clearFlag": system,
  "platform/moveData:retire": system,
  "platform/moveData:initTarget": systemWith(["tenant"]),
  "platform/moveData:apply": systemWith(["rows[].doc"]),
  "platform/moveData:mapPage": { kind: "system", args: (_w, a) => ({ tenantId: a.id, moveId: "m1", cursor: null }) },
  "platform/moveData:mapAdd": system,
  "platform/moveData:digest": {
    kind: "system",
    args: (_w, a) => ({
      tenantId: a.id,
      table: "agents",
      side: "source",
      moveId: "m1",
      cursor: null,
      numItems: 10,
      exclude: [],
      detail: true,
    }),
  },
  "platform/moveData:tenant": system,
  "platform/moveData:counts": system,
  "platform/moveData:tables": system,
  "platform/moveData:plan": system,
  "platform/moveData:bulkProgress": { kind: "system", args: (_w, a) => ({ tenantId: a.id, moveId: "m1", table: "usageEvents" }) },
  "platform/moveData:bulkFind": {
    kind: "system",
    args: (_w, a) => ({ tenantId: a.id, moveId: "m1", table: "usageEvents", ids: [], cursor: null }),
  },
  "platform/moveData:targetsOf": { kind: "system", args: (_w, a) => ({ tenantId: a.id, moveId: "m1", ids: [] }) },
  "platform/moveData:mapClear": system,
  "admin/tokens:list": staff(false, () => ({})),
  "admin/tokens:create": staff(true, (w) => ({ name: `Matrix token ${w.seq()}`, role: "support", expiresInDays: 7 })),
  "admin/tokens:revoke": staff(true, async (w) => ({ tokenId: (await aPlatformToken(w)).id })),
  // The Next server records each admin API request before it acts; a live token answers its role.
  "admin/tokens:use": { kind: "system", args: async (w) => ({ token: (await aPlatformToken(w)).token, method: "GET", path: "tenants" }) },
  "admin/timings:record": {
    kind: "system",
    args: (_, a) => ({
      entries: [
        {
          slug: a.slug,
          fn: "portal/agents:list",
          minute: Math.floor(Date.now() / 60_000) * 60_000,
          count: 2,
          totalMs: 30,
          maxMs: 20,
          buckets: [0, 0, 0, 1, 1],
        },
      ],
    }),
  },

  // The admin console's notification center: one shared inbox of staff alerts, and the delivery queue.
  "notifications/staff:alerts": staff(false, () => ({ limit: 50 })),
  "notifications/staff:unreadCount": staff(false, () => ({})),
  "notifications/staff:queue": staff(false, () => ({})),
  "notifications/staff:tenantEmails": staff(false, (_, a) => ({ tenantId: a.id, limit: 50 })),
  "notifications/staff:markAlertRead": staff(true, async (w, a) => ({ alertId: await aStaffAlert(w, a) })),
  "notifications/staff:markAllAlertsRead": staff(true, () => ({})),

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
  // The local server's start: the demo's paying tenants no webhook has told Convex about yet.
  "billing/seeded:unadopted": system,
  "billing/subscriptions:reconcileSubscription": systemWith(stripeSubscription),
  "billing/subscriptions:subscriptionChanged": systemWith([...stripeEvent, ...stripeSubscription]),
  "billing/subscriptions:trialWillEnd": systemWith([...stripeEvent, ...stripeSubscription]),
  // The runtime API's session ids are Tenantry's own (agentSessions), checked against the API key's tenant; named like an outside id.
  "runtime/sessions:end": systemWith(["sessionId"]),
  "runtime/sessions:heartbeat": systemWith(["sessionId"]),
  "runtime/usage:record": systemWith(["items[].event.sessionId"]),
  // The outbound workers (email outbox, tenant webhooks, on-call pager) of the Next server: take due items, report results.
  "notifications/outbox:claim": system,
  "notifications/outbox:finish": system,
  "notifications/webhookQueue:claim": system,
  "notifications/webhookQueue:finish": system,
  "notifications/pager:claim": system,
  "notifications/pager:finish": system,
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
