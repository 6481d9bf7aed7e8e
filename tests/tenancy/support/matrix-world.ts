/**
 * The isolation matrix's world: tenant A (every role, agents, usage), tenant
 * B (the one that must never show through), staff, a stranger, factories for
 * fresh rows, B's ids and "missing" ids to compare refusals with, B's ids in
 * outside systems (Stripe, Clerk) and ids no tenant has, and the strings that
 * would give B away (ids, names, slugs, emails, outside ids).
 */
import type { ConvexLocalHandle } from "../../../lib/local/convex/index";
import { ROLES } from "../../../lib/domain/permissions";
import { aNotification, aReadyExport, aWebhookDelivery, aWebhookEndpoint, type ForeignIds, type World } from "../matrix-entries";
import type { ExternalIds } from "./external-ids";
import {
  missingId,
  seedAgent,
  seedApiKey,
  seedDepartment,
  seedInvitation,
  seedMember,
  seedRedirect,
  seedTenant,
  seedUser,
  tenantRows,
  type Ctx,
  type SeededTenant,
} from "./world";

export async function matrixWorld(t: ConvexLocalHandle) {
  const A = await seedTenant(t, {
    slug: "alpha-works",
    name: "Alpha Works",
    plan: "pro",
    roles: [...ROLES],
    agents: [
      ["Alpha Helper", "claude-haiku-4-5"],
      ["Alpha Coder", "claude-opus-4-6"],
    ],
    usageEvents: 30,
  });
  const B = await seedTenant(t, {
    slug: "bravo-labs",
    name: "Bravo Labs Secret",
    plan: "pro",
    roles: ["owner", "member"],
    agents: [["Bravo Hidden Agent", "claude-sonnet-4-5"]],
    usageEvents: 30,
  });
  let n = 0;
  const fresh = (a: SeededTenant, label: string) => `${a.slug}-${label}-${++n}`;
  const w: World = {
    t,
    A,
    B,
    stranger: await seedUser(t, "stranger"),
    staff: { support: await seedUser(t, "staff-support", "support"), admin: await seedUser(t, "staff-admin", "admin") },
    freshTenant: () => seedTenant(t, { slug: `alpha-copy-${++n}`, name: `Alpha Copy ${n}`, plan: "pro", roles: [...ROLES] }),
    freshAgent: (a) => seedAgent(t, a.id, fresh(a, "agent")),
    freshMember: (a) => seedMember(t, a.id, fresh(a, "member"), "member"),
    freshDepartment: (a) => seedDepartment(t, a.id, fresh(a, "dept")),
    freshInvitation: (a) => seedInvitation(t, a.id, a.users.owner!.id, `${fresh(a, "invitee")}@example.test`),
    freshApiKey: (a) => seedApiKey(t, a.id, a.users.owner!.id, fresh(a, "key")),
    freshStripeEvent: async (a) => {
      const eventId = `evt_${fresh(a, "stripe").replace(/-/g, "_")}`;
      const id = await t.run((ctx: Ctx) =>
        ctx.db.insert("webhookEvents", {
          provider: "stripe",
          eventId,
          type: "invoice.paid",
          tenantId: a.id,
          payload: "{}",
          eventCreated: 0,
          receivedAt: Date.now(),
          outcome: "failed",
        }),
      );
      return { id, eventId };
    },
    patchTenant: (a, fields) => t.run((ctx: Ctx) => ctx.db.patch(a.id, fields as never)),
    seq: () => ++n,
  };
  const foreignIds: ForeignIds = {
    agentId: B.agentIds[0],
    departmentId: B.departmentId,
    membershipId: await seedMember(t, B.id, "bravo-extra", "member"),
    invitationId: await seedInvitation(t, B.id, B.users.owner!.id, "bravo-invitee@example.test"),
    apiKeyId: await seedApiKey(t, B.id, B.users.owner!.id, "bravo-key"),
    oldSlug: "bravo-old-name",
    notificationId: await aNotification(w, B),
    webhookEndpointId: await aWebhookEndpoint(w, B),
    // Failed for good: nothing of B's sits in the delivery queue for the workers' claims to take.
    webhookDeliveryId: await aWebhookDelivery(w, B),
    dataExportId: await aReadyExport(w, B),
  };
  await seedRedirect(t, B.id, foreignIds.oldSlug);
  // B as a paying tenant: a Stripe customer and subscription, an invoice, a stored event, a Clerk organization.
  const bExternal: ExternalIds = {
    customer: "cus_bravoSecret01",
    subscription: "sub_bravoSecret01",
    invoice: "in_bravoSecret01",
    price: "price_bravoSecret01",
    checkoutSession: "cs_test_bravoSecret01",
    session: "sess_bravoSecret01",
    event: "evt_bravoSecret01",
    clerkUser: B.users.owner!.externalId,
    clerkOrg: "org_bravoSecret01",
  };
  await t.run(async (ctx: Ctx) => {
    await ctx.db.patch(B.id, {
      stripeCustomerId: bExternal.customer,
      stripeSubscriptionId: bExternal.subscription,
      clerkOrgId: bExternal.clerkOrg,
    });
    await ctx.db.insert("webhookEvents", {
      provider: "stripe",
      eventId: bExternal.event,
      type: "invoice.paid",
      tenantId: B.id,
      payload: "{}",
      eventCreated: 0,
      receivedAt: Date.now(),
      outcome: "processed",
    });
  });
  /** The id of a row made by one of the entries' factories, deleted again. */
  const deleted = async (id: string) => (await t.run((ctx: Ctx) => ctx.db.delete(id as never)), id);
  const missingExternal: ExternalIds = {
    customer: "cus_nobodys0001",
    subscription: "sub_nobodys0001",
    invoice: "in_nobodys0001",
    price: "price_nobodys0001",
    checkoutSession: "cs_test_nobodys0001",
    session: "sess_nobodys0001",
    event: "evt_nobodys0001",
    clerkUser: "user_nobodys0001",
    clerkOrg: "org_nobodys0001",
  };
  const missing: ForeignIds = {
    agentId: await missingId(t, (ctx) =>
      ctx.db.insert("agents", { tenantId: A.id, name: "gone", model: "claude-haiku-4-5", status: "active", createdAt: 0 }),
    ),
    departmentId: await missingId(t, (ctx) => ctx.db.insert("departments", { tenantId: A.id, name: "gone", costCenter: "x" })),
    membershipId: await missingId(t, (ctx) =>
      ctx.db.insert("memberships", { tenantId: A.id, userId: w.stranger.id, role: "member", createdAt: 0 }),
    ),
    invitationId: await missingId(t, (ctx) =>
      ctx.db.insert("invitations", {
        tenantId: A.id,
        email: "gone@example.test",
        role: "member",
        tokenHash: "",
        invitedBy: A.users.owner!.id,
        status: "pending",
        expiresAt: 0,
        createdAt: 0,
      }),
    ),
    apiKeyId: await missingId(t, (ctx) =>
      ctx.db.insert("apiKeys", { tenantId: A.id, name: "gone", prefix: "gone", hash: "gone", createdBy: A.users.owner!.id, createdAt: 0 }),
    ),
    oldSlug: "never-used-slug",
    notificationId: await deleted(await aNotification(w, A)),
    webhookEndpointId: await deleted(await aWebhookEndpoint(w, A)),
    webhookDeliveryId: await deleted(await aWebhookDelivery(w, A)),
    dataExportId: await deleted(await aReadyExport(w, A)),
  };
  // A real stored file id (upload URL, then POST), for functions that take one.
  const uploadUrl: string = await t.run((ctx: Ctx) => ctx.storage.generateUploadUrl());
  const storageId: string = ((await (await fetch(uploadUrl, { method: "POST", body: "matrix" })).json()) as { storageId: string })
    .storageId;
  const bBefore = await tenantRows(t, B.id);
  const rows = Object.values(bBefore as Record<string, Record<string, unknown>[]>).flat();
  const users = await t.query((ctx) => Promise.all(rows.flatMap((r) => (typeof r.userId === "string" ? [ctx.db.get(r.userId)] : []))));
  const strings = [...rows, ...users].flatMap((r) => [r._id, r.name, r.slug, r.email, r.billingEmail, r.externalId]);
  const outside = Object.entries(bExternal)
    .filter(([k]) => k !== "price")
    .map(([, v]) => v);
  const bMarkers = [...new Set([...strings, ...outside].filter((s): s is string => typeof s === "string" && s.length >= 6))];
  return { w, foreignIds, missing, bExternal, missingExternal, storageId, bBefore, bMarkers };
}
