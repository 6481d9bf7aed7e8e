/**
 * The isolation matrix's table: for every public function in convex/, how to
 * call it validly for tenant A and what kind of door it sits behind. The
 * matrix (isolation-matrix.test.ts) derives the expected answers from this
 * and lib/domain/permissions.ts, and fails for a public function missing here and
 * in matrix-entries-platform.ts.
 */
import type { Value } from "convex/values";
import type { ConvexLocalHandle } from "../../lib/local/convex/index";
import type { Permission, Role } from "../../lib/domain/permissions";
import type { Ctx, SeededTenant, SeededUser } from "./support/world";
import type { ExternalDoor } from "./support/external-ids";
import { DAY_MS } from "../../lib/domain/time";
import type { Id } from "../../convex/_generated/dataModel";

type Args = Record<string, Value>;
export type World = {
  t: ConvexLocalHandle;
  A: SeededTenant;
  B: SeededTenant;
  staff: { support: SeededUser; admin: SeededUser };
  stranger: SeededUser;
  /** A new tenant shaped like A (all four roles), for calls that change the tenant or a caller's own membership. */
  freshTenant(): Promise<SeededTenant>;
  /** New rows of tenant `a`, for calls that change or delete one. */
  freshAgent(a: SeededTenant): Promise<string>;
  freshMember(a: SeededTenant): Promise<string>;
  freshDepartment(a: SeededTenant): Promise<string>;
  freshInvitation(a: SeededTenant): Promise<string>;
  freshApiKey(a: SeededTenant): Promise<string>;
  /** A stored Stripe webhook event of tenant `a` ({ id, eventId }). */
  freshStripeEvent(a: SeededTenant): Promise<{ id: string; eventId: string }>;
  /** Puts a tenant into a state a call needs first (suspended, deleted, with a Stripe customer...). */
  patchTenant(a: SeededTenant, fields: Record<string, Value>): Promise<void>;
  seq(): number;
};
/** Ids handed to a foreign case: B's real ones, or deleted / never-used ones ("missing"), whose answers must be identical. */
export type ForeignIds = {
  agentId: string;
  departmentId: string;
  membershipId: string;
  invitationId: string;
  apiKeyId: string;
  oldSlug: string;
  notificationId: string;
  webhookEndpointId: string;
  webhookDeliveryId: string;
  dataExportId: string;
};
export type Build = (w: World, a: SeededTenant) => Args | Promise<Args>;
export type ForeignCase = {
  label: string;
  args(w: World, ids: ForeignIds, a: SeededTenant): Args | Promise<Args>;
  /** NOT_FOUND for an id the call acts on; INVALID (with the field) for a reference in a form; ok for a filter or a lookup. */
  expect: "NOT_FOUND" | "INVALID" | "ok";
};
/** Behind the tenant door (`slug` added by the matrix). `fresh`: run on a new tenant each call. `answers`: role outcomes the map alone does not give. */
/**
 * Arguments carrying an outside system's id (Stripe, Clerk, Svix), by path, and the door that keeps each
 * (support/external-ids.ts): required for every such argument, or the matrix fails.
 */
export type ExternalIdsDecl = { externalIds?: Record<string, ExternalDoor> };
export type TenantEntry = {
  kind: "tenant";
  permission: Permission;
  write: boolean;
  args: Build;
  foreign?: ForeignCase[];
  fresh?: boolean;
  answers?: Partial<Record<Role, string>>;
} & ExternalIdsDecl;
/** Any signed-in user; `answer` when a valid call is still refused (e.g. a dead link). */
export type UserEntry = { kind: "user"; args: Build; answer?: string; foreign?: ForeignCase[] } & ExternalIdsDecl;
export type Entry =
  | TenantEntry
  | UserEntry
  /** Signed in, even without a directory row yet. */
  | ({ kind: "identity"; args: Build } & ExternalIdsDecl)
  /** Platform staff only: support reads, admin acts. `fresh`: a new tenant per call. `support`/`admin`: answers other than the default. */
  | StaffEntry
  /** Called by the Next server with the system secret; args default to the smallest valid ones (support/functions.ts sampleValue). */
  | SystemEntry;
export type SystemEntry = { kind: "system"; args?: Build } & ExternalIdsDecl;
export type StaffEntry = {
  kind: "staff";
  write: boolean;
  args: Build;
  fresh?: boolean;
  support?: string;
  admin?: string;
} & ExternalIdsDecl;

const page = { paginationOpts: { numItems: 50, cursor: null } };
const dayAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString().slice(0, 10);
export type More<E> = Partial<Omit<E, "kind" | "args">>;
export const read = (permission: Permission, args: Build = () => ({}), more: More<TenantEntry> = {}): Entry => ({
  kind: "tenant",
  permission,
  write: false,
  args,
  ...more,
});
export const write = (permission: Permission, args: Build, more: More<TenantEntry> = {}): Entry => ({
  kind: "tenant",
  permission,
  write: true,
  args,
  ...more,
});
const user = (args: Build = () => ({}), more: More<UserEntry> = {}): Entry => ({ kind: "user", args, ...more });
const onAgent = (label = "another tenant's agent") => ({ label, expect: "NOT_FOUND" as const });

/** Rows the notification center and the webhook pages act on, inserted as their writers insert them. */
export const aNotification = (w: World, a: SeededTenant) =>
  // No audience: shown to every role (rows from before the kinds table), so each role has one to mark.
  w.t.run((ctx: Ctx) =>
    ctx.db.insert("notifications", { tenantId: a.id, kind: "team.member_joined", message: "matrix notice", createdAt: Date.now() }),
  );
export const aWebhookEndpoint = (w: World, a: SeededTenant) =>
  w.t.run((ctx: Ctx) =>
    ctx.db.insert("webhookEndpoints", {
      tenantId: a.id,
      url: `https://hooks.example.test/${a.slug}`,
      description: "matrix",
      events: ["agent.created"],
      secret: `whsec_matrix${w.seq()}`,
      status: "enabled",
      consecutiveFailures: 0,
      createdBy: a.users.owner!.id,
      createdAt: Date.now(),
      updatedAt: Date.now(),
    }),
  );
/** A delivery that already failed for good (nothing queued), so only a redelivery would send it. */
export const aWebhookDelivery = async (w: World, a: SeededTenant) => {
  const endpointId = await aWebhookEndpoint(w, a);
  return w.t.run((ctx: Ctx) =>
    ctx.db.insert("webhookDeliveries", {
      tenantId: a.id,
      endpointId,
      msgId: `msg_matrix${w.seq()}`,
      eventType: "agent.created",
      payload: "{}",
      status: "failed",
      attempts: 5,
      lastError: "HTTP 500",
      createdAt: Date.now(),
    }),
  );
};
/** A ready background export of tenant `a` (its file uploaded as the app stores one). */
export const aReadyExport = async (w: World, a: SeededTenant) => {
  const uploadUrl: string = await w.t.run((ctx: Ctx) => ctx.storage.generateUploadUrl());
  const { storageId } = (await (await fetch(uploadUrl, { method: "POST", body: "{}" })).json()) as { storageId: Id<"_storage"> };
  return w.t.run((ctx: Ctx) =>
    ctx.db.insert("dataExports", {
      tenantId: a.id,
      requestedBy: a.users.owner!.id,
      status: "ready",
      storageId,
      size: 2,
      rows: 0,
      createdAt: Date.now(),
      readyAt: Date.now(),
      expiresAt: Date.now() + 7 * DAY_MS,
    }),
  );
};
const onEndpoint = {
  label: "another tenant's webhook endpoint",
  args: (_: World, ids: ForeignIds) => ({ endpointId: ids.webhookEndpointId }),
  expect: "NOT_FOUND" as const,
};

/** The tenant portal's functions; matrix-entries-platform.ts has the admin, billing and server-to-server ones. */
export const PORTAL_ENTRIES: Record<string, Entry> = {
  "portal/agents:list": read("agents.read", () => page, {
    foreign: [
      { label: "another tenant's department as a filter", args: (_, ids) => ({ ...page, departmentId: ids.departmentId }), expect: "ok" },
    ],
  }),
  "portal/agents:create": write("agents.write", (w) => ({ name: `Matrix agent ${w.seq()}`, model: "claude-haiku-4-5" }), {
    foreign: [
      {
        label: "another tenant's department",
        args: (w, ids) => ({ name: `Matrix agent ${w.seq()}`, model: "claude-haiku-4-5", departmentId: ids.departmentId }),
        expect: "INVALID",
      },
    ],
  }),
  "portal/agents:update": write("agents.write", async (w, a) => ({ agentId: await w.freshAgent(a), name: `Renamed ${w.seq()}` }), {
    foreign: [
      { ...onAgent(), args: (_, ids) => ({ agentId: ids.agentId, name: "Taken over" }) },
      {
        label: "another tenant's department",
        args: async (w, ids, a) => ({ agentId: await w.freshAgent(a), departmentId: ids.departmentId }),
        expect: "INVALID",
      },
    ],
  }),
  "portal/agents:setStatus": write("agents.write", async (w, a) => ({ agentId: await w.freshAgent(a), status: "paused" }), {
    foreign: [{ ...onAgent(), args: (_, ids) => ({ agentId: ids.agentId, status: "paused" }) }],
  }),
  "portal/agents:remove": write("agents.write", async (w, a) => ({ agentId: await w.freshAgent(a) }), {
    foreign: [{ ...onAgent(), args: (_, ids) => ({ agentId: ids.agentId }) }],
  }),
  "portal/agentDetail:get": read("agents.read", (_, a) => ({ agentId: a.agentIds[0]! }), {
    foreign: [{ ...onAgent(), args: (_, ids) => ({ agentId: ids.agentId }) }],
  }),
  "portal/agentDetail:stats": read("agents.read"),
  "portal/conversations:recent": read("agents.read", () => ({ limit: 10 })),
  "portal/departments:list": read("agents.read"),
  "portal/departments:create": write("settings.manage", (w) => ({ name: `Matrix dept ${w.seq()}`, costCenter: "CC-9" })),
  "portal/departments:update": write(
    "settings.manage",
    async (w, a) => ({ departmentId: await w.freshDepartment(a), name: `Dept ${w.seq()}`, costCenter: "CC-8" }),
    {
      foreign: [
        {
          label: "another tenant's department",
          args: (w, ids) => ({ departmentId: ids.departmentId, name: `Dept ${w.seq()}`, costCenter: "CC-8" }),
          expect: "NOT_FOUND",
        },
      ],
    },
  ),
  "portal/departments:remove": write("settings.manage", async (w, a) => ({ departmentId: await w.freshDepartment(a) }), {
    foreign: [{ label: "another tenant's department", args: (_, ids) => ({ departmentId: ids.departmentId }), expect: "NOT_FOUND" }],
  }),
  "portal/exports:manifest": read("tenant.export"),
  "portal/exports:page": read("tenant.export", () => ({ table: "agents", cursor: null, numItems: 100 })),
  "portal/invitations/invites:pending": read("team.manage"),
  "portal/invitations/invites:create": write("team.manage", (w) => ({ email: `invitee${w.seq()}@example.test`, role: "member" })),
  "portal/invitations/invites:resend": write("team.manage", async (w, a) => ({ invitationId: await w.freshInvitation(a) }), {
    foreign: [{ label: "another tenant's invitation", args: (_, ids) => ({ invitationId: ids.invitationId }), expect: "NOT_FOUND" }],
  }),
  "portal/invitations/invites:revoke": write("team.manage", async (w, a) => ({ invitationId: await w.freshInvitation(a) }), {
    foreign: [{ label: "another tenant's invitation", args: (_, ids) => ({ invitationId: ids.invitationId }), expect: "NOT_FOUND" }],
  }),
  "portal/invitations/csvImport:check": read("team.manage", (w) => ({
    rows: [{ line: 2, name: "Imported", email: `import${w.seq()}@example.test`, role: "member" }],
  })),
  "portal/invitations/csvImport:apply": write("team.manage", (w) => ({
    rows: [{ line: 2, name: "Imported", email: `import${w.seq()}@example.test`, role: "member" }],
  })),
  // A wrong secret for a real invitation id says nothing about its workspace.
  "portal/invitations/links:preview": user(() => ({ token: "not-an-id.not-a-secret" }), {
    foreign: [{ label: "another tenant's invitation id", args: (_, ids) => ({ token: `${ids.invitationId}.guess` }), expect: "ok" }],
  }),
  "portal/invitations/links:accept": user(() => ({ token: "not-an-id.not-a-secret" }), {
    answer: "NOT_FOUND",
    foreign: [{ label: "another tenant's invitation id", args: (_, ids) => ({ token: `${ids.invitationId}.guess` }), expect: "NOT_FOUND" }],
  }),
  "portal/lifecycle:remove": write("tenant.delete", (_, a) => ({ confirmSlug: a.slug }), { fresh: true }),
  "portal/lifecycle:deletedForMe": user(),
  "portal/lifecycle:restore": user(() => ({ slug: "no-such-deleted-tenant" }), {
    answer: "NOT_FOUND",
    foreign: [{ label: "another tenant's slug", args: () => ({ slug: "bravo-labs" }), expect: "NOT_FOUND" }],
  }),
  "portal/onboarding:slugAvailable": user((w) => ({ slug: `free-slug-${w.seq()}` })),
  "portal/onboarding:create": user((w) => ({
    name: "Matrix Onboarded",
    slug: `matrix-onb-${w.seq()}`,
    plan: "starter",
    start: { kind: "empty" },
  })),
  "portal/overview:get": read("usage.read"),
  "portal/apiLimits:recent": read("usage.read"),
  "portal/settings:get": read("tenant.read"),
  "portal/settings:update": write("settings.manage", (_, a) => ({
    name: a.name,
    billingEmail: `billing@${a.slug}.test`,
    monthlyBudgetCents: 100_00,
  })),
  // A user mutation that passes the tenant door by hand (slugs are platform-wide); it renames, so each call gets a fresh tenant.
  "portal/settings:changeSlug": write("settings.manage", (w) => ({ newSlug: `renamed-${w.seq()}` }), { fresh: true }),
  "portal/settings:resolveRedirect": user(() => ({ slug: "never-used-slug" }), {
    foreign: [{ label: "another tenant's old URL name", args: (_, ids) => ({ slug: ids.oldSlug }), expect: "ok" }],
  }),
  "portal/team:members": read("team.read"),
  "portal/team:changeRole": write("team.manage", async (w, a) => ({ membershipId: await w.freshMember(a), role: "viewer" }), {
    foreign: [
      { label: "another tenant's member", args: (_, ids) => ({ membershipId: ids.membershipId, role: "viewer" }), expect: "NOT_FOUND" },
    ],
  }),
  "portal/team:remove": write("team.manage", async (w, a) => ({ membershipId: await w.freshMember(a) }), {
    foreign: [{ label: "another tenant's member", args: (_, ids) => ({ membershipId: ids.membershipId }), expect: "NOT_FOUND" }],
  }),
  // The last owner cannot leave; everyone else can (on a fresh tenant, so A keeps its members).
  "portal/team:leave": write("tenant.read", () => ({}), { fresh: true, answers: { owner: "CONFLICT" } }),
  "portal/templates:apply": write("agents.write", () => ({ template: "customer-support" })),
  "account/tenants:getBySlug": read("tenant.read"),
  "account/tenants:listMine": user(),
  // Slugs are one namespace across tenants, so naming B's slug here is a CONFLICT by design (it says nothing about B).
  "account/tenants:create": user((w) => ({ name: "Matrix New Co", slug: `matrix-new-${w.seq()}`, plan: "starter" })),
  "portal/usage:report": read("usage.read", () => ({ from: dayAgo(30), to: dayAgo(0) })),
  "account/users:me": user(),

  // The notification center: every member reads and marks their own (read state is per person, even when restricted).
  "notifications/center:list": read("tenant.read", () => ({ limit: 50 })),
  "notifications/center:unreadCount": read("tenant.read"),
  "notifications/center:preferences": read("tenant.read"),
  "notifications/center:markRead": write("tenant.read", async (w, a) => ({ notificationId: await aNotification(w, a) }), {
    foreign: [{ label: "another tenant's notification", args: (_, ids) => ({ notificationId: ids.notificationId }), expect: "NOT_FOUND" }],
  }),
  "notifications/center:markAllRead": write("tenant.read", () => ({})),
  // Team notices go to owners and admins only, so members and viewers have no such topic to switch.
  "notifications/center:setPreference": write("tenant.read", () => ({ topic: "team", channel: "email", enabled: true }), {
    answers: { member: "INVALID", viewer: "INVALID" },
  }),
  // Outbound webhooks (owners and admins). A workspace holds at most 10 endpoints, so each create gets a fresh one.
  "notifications/webhookEndpoints:list": read("settings.manage"),
  "notifications/webhookEndpoints:create": write(
    "settings.manage",
    () => ({ url: "https://hooks.example.test/matrix", events: ["agent.created"], description: "matrix" }),
    { fresh: true },
  ),
  "notifications/webhookEndpoints:update": write(
    "settings.manage",
    async (w, a) => ({ endpointId: await aWebhookEndpoint(w, a), description: `renamed ${w.seq()}`, enabled: false }),
    { foreign: [{ ...onEndpoint, args: (_, ids) => ({ endpointId: ids.webhookEndpointId, enabled: false }) }] },
  ),
  "notifications/webhookEndpoints:rotateSecret": write("settings.manage", async (w, a) => ({ endpointId: await aWebhookEndpoint(w, a) }), {
    foreign: [onEndpoint],
  }),
  "notifications/webhookEndpoints:remove": write("settings.manage", async (w, a) => ({ endpointId: await aWebhookEndpoint(w, a) }), {
    foreign: [onEndpoint],
  }),
  "notifications/webhookEndpoints:sendTest": write("settings.manage", async (w, a) => ({ endpointId: await aWebhookEndpoint(w, a) }), {
    foreign: [onEndpoint],
  }),
  "notifications/webhookEndpoints:deliveries": read("settings.manage", async (w, a) => ({ endpointId: await aWebhookEndpoint(w, a) }), {
    foreign: [onEndpoint],
  }),
  "notifications/webhookEndpoints:redeliver": write("settings.manage", async (w, a) => ({ deliveryId: await aWebhookDelivery(w, a) }), {
    foreign: [{ label: "another tenant's delivery", args: (_, ids) => ({ deliveryId: ids.webhookDeliveryId }), expect: "NOT_FOUND" }],
  }),
  // Exports built in the background: one pending at a time, so each request gets a fresh workspace.
  "portal/dataExports:request": write("tenant.export", () => ({}), { fresh: true }),
  "portal/dataExports:list": read("tenant.export"),
  "portal/dataExports:download": read("tenant.export", async (w, a) => ({ id: await aReadyExport(w, a) }), {
    foreign: [{ label: "another tenant's export", args: (_, ids) => ({ id: ids.dataExportId }), expect: "NOT_FOUND" }],
  }),
  "account/users:ensureMe": { kind: "identity", args: () => ({}) },
};
