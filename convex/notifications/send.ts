/**
 * The one way Convex code tells people something: `notify` writes the in-app
 * notification (seen by the kind's roles) and queues one email per recipient who
 * wants it, deduplicated per (kind, recipient, period). Everything is read from
 * the kinds table (lib/domain/notifications/kinds.ts).
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { dedupePeriod, kindSpec, wants, type KindSpec, type Preferences } from "../../lib/domain/notifications/kinds";
import type { Role } from "../../lib/domain/permissions";
import { webhookEventOf } from "../../lib/domain/notifications/webhooks";
import { formatDate } from "../../lib/domain/format";
import { emitWebhook } from "./webhookEvents";

type Db = GenericDatabaseWriter<DataModel>;

export type Notice = {
  kind: string;
  message: string;
  /** Email subject; defaults to "<workspace>: <kind title>". */
  subject?: string;
  /** Email text; defaults to the message. */
  body?: string;
  /** Names the event for "event" dedupe windows (an invoice id, say). */
  eventKey?: string;
  /** Extra template props. */
  data?: Record<string, unknown>;
  /** Email only this member (who asked for it), not the whole audience; the in-app notice still goes to the kind's roles. */
  emailOnly?: Id<"users">;
  now?: number;
};

type Recipient = { email: string; userId: Id<"users"> | null };

async function prefsOf(db: Db, tenantId: Id<"tenants">, userId: Id<"users">): Promise<Preferences | undefined> {
  const row = await db
    .query("notificationPrefs")
    .withIndex("by_tenant_user", (q) => q.eq("tenantId", tenantId).eq("userId", userId))
    .unique();
  return row?.topics;
}

/** Members in the kind's audience who want its email, plus the billing email for billing kinds. */
async function emailRecipients(db: Db, tenant: Doc<"tenants">, kind: string, spec: KindSpec): Promise<Recipient[]> {
  const out = new Map<string, Recipient>();
  if (spec.billingEmail) out.set(tenant.billingEmail.toLowerCase(), { email: tenant.billingEmail.toLowerCase(), userId: null });
  if (spec.audience === "invitee") return [...out.values()];
  for (const role of spec.audience) {
    const members = await db
      .query("memberships")
      .withIndex("by_tenant_role", (q) => q.eq("tenantId", tenant._id).eq("role", role as Role))
      .take(200);
    for (const m of members) {
      const user = await db.get(m.userId);
      if (!user || !wants(await prefsOf(db, tenant._id, user._id), kind, "email")) continue;
      out.set(user.email.toLowerCase(), { email: user.email.toLowerCase(), userId: user._id });
    }
  }
  return [...out.values()];
}

/** The emails of this kind already owed in this period, by recipient. */
async function alreadySent(db: Db, tenantId: Id<"tenants">, dedupeKey: string): Promise<Set<string>> {
  const rows = await db
    .query("emailOutbox")
    .withIndex("by_tenant_dedupe", (q) => q.eq("tenantId", tenantId).eq("dedupeKey", dedupeKey))
    .take(100);
  return new Set(rows.flatMap((r) => r.to));
}

/**
 * Queues one email (to several addresses when they share it, as the billing email and
 * the owners do) unless each recipient already has this kind in this period. Returns
 * the outbox row, or null when everyone already had it.
 */
export async function queueEmail(
  db: Db,
  tenant: Doc<"tenants">,
  kind: string,
  to: string[],
  email: { subject: string; body: string; data: Record<string, unknown>; period: string; now: number },
): Promise<Id<"emailOutbox"> | null> {
  const dedupeKey = `${kind}|${email.period}`;
  const sent = await alreadySent(db, tenant._id, dedupeKey);
  const fresh = [...new Set(to.map((e) => e.toLowerCase()))].filter((e) => !sent.has(e));
  if (fresh.length === 0) return null;
  const id = await db.insert("emailOutbox", {
    tenantId: tenant._id,
    to: fresh,
    subject: email.subject,
    body: email.body,
    kind,
    status: "pending",
    createdAt: email.now,
    dedupeKey,
    data: email.data,
    attempts: 0,
    nextAttemptAt: email.now,
  });
  await db.insert("deliveryQueue", { tenantId: tenant._id, channel: "email", ref: id, dueAt: email.now });
  return id;
}

/** Template props every email carries: who it is from and where to act. */
export function emailData(tenant: Doc<"tenants">, spec: KindSpec, message: string, extra: Record<string, unknown> = {}) {
  return {
    tenantName: tenant.name,
    slug: tenant.slug,
    title: spec.title,
    message,
    action: spec.action,
    path: `/t/${tenant.slug}${spec.link}`,
    ...extra,
  };
}

/** Tells the kind's audience: an in-app notification, emails to those who want them, and the matching webhook event. */
export async function notify(db: Db, tenant: Doc<"tenants">, notice: Notice) {
  const spec = kindSpec(notice.kind);
  const now = notice.now ?? Date.now();
  const audience = spec.audience === "invitee" || !spec.defaults.inApp ? [] : [...spec.audience];
  const notificationId =
    audience.length > 0
      ? await db.insert("notifications", {
          tenantId: tenant._id,
          kind: notice.kind,
          message: notice.message,
          title: spec.title,
          link: spec.link,
          audience,
          createdAt: now,
        })
      : null;
  const to = (await emailRecipients(db, tenant, notice.kind, spec))
    .filter((r) => notice.emailOnly === undefined || r.userId === notice.emailOnly)
    .map((r) => r.email);
  const emailId =
    to.length === 0
      ? null
      : await queueEmail(db, tenant, notice.kind, to, {
          subject: notice.subject ?? `${tenant.name}: ${spec.title}`,
          body: notice.body ?? notice.message,
          data: emailData(tenant, spec, notice.message, notice.data),
          period: dedupePeriod(notice.kind, now, notice.eventKey),
          now,
        });
  const event = webhookEventOf(notice.kind);
  if (event) await emitWebhook(db, tenant, event, { kind: notice.kind, message: notice.message });
  return { notificationId, emailId };
}

/** Raises a staff alert unless this tenant already has one of this kind for this period; pages on-call for paging kinds. */
export async function alertStaffOnce(
  db: Db,
  tenant: Doc<"tenants">,
  alert: { kind: string; period: string; message: string; details?: Record<string, unknown>; page?: boolean },
): Promise<boolean> {
  const existing = await db
    .query("staffAlerts")
    .withIndex("by_tenant_kind_period", (q) => q.eq("tenantId", tenant._id).eq("kind", alert.kind).eq("period", alert.period))
    .unique();
  if (existing) return false;
  const now = Date.now();
  const id = await db.insert("staffAlerts", {
    tenantId: tenant._id,
    kind: alert.kind,
    period: alert.period,
    message: alert.message,
    details: { slug: tenant.slug, ...alert.details },
    createdAt: now,
  });
  if (alert.page) await db.insert("deliveryQueue", { tenantId: tenant._id, channel: "pager", ref: id, dueAt: now });
  return true;
}

/** The invitation email: to the invitee's address only, with the link that accepts (sent again on every resend). */
export async function emailInvitation(
  db: Db,
  tenant: Doc<"tenants">,
  invite: { id: Id<"invitations">; email: string; role: Role; token: string; invitedBy: string },
) {
  const now = Date.now();
  const spec = kindSpec("invitation");
  const message = `${invite.invitedBy} invited you to join ${tenant.name} on Tenantry as ${invite.role === "admin" ? "an" : "a"} ${invite.role}. The invitation is valid for 7 days.`;
  return queueEmail(db, tenant, "invitation", [invite.email], {
    subject: `${invite.invitedBy} invited you to ${tenant.name} on Tenantry`,
    body: message,
    data: { ...emailData(tenant, spec, message), path: `/invite/${invite.token}`, role: invite.role, invitedBy: invite.invitedBy },
    period: `${invite.id}:${now}`,
    now,
  });
}

/** The welcome email with the setup guide, once per workspace, to its owners. */
export async function welcome(db: Db, tenant: Doc<"tenants">) {
  return notify(db, tenant, {
    kind: "welcome",
    subject: `Welcome to Tenantry: ${tenant.name} is ready`,
    message: `${tenant.name} is ready. Create an agent, mint an API key and send your first call: the setup guide walks through each step.`,
  });
}

/**
 * Tells the owners their workspace was deleted (by an owner or by platform staff), and
 * until when it can be restored; after that every row is erased. One per deletion: a
 * restore and a second deletion tell them again.
 */
export async function deletionScheduled(db: Db, tenant: Doc<"tenants">, hardDeleteAt: number, by: "owner" | "staff") {
  const until = formatDate(hardDeleteAt);
  const restorer = by === "owner" ? "An owner can restore it" : "Contact support to restore it";
  return notify(db, tenant, {
    kind: "workspace.deletion_scheduled",
    message: `${tenant.name} was deleted${by === "staff" ? " by platform staff" : ""}. ${restorer} until ${until}; after that its agents, usage, keys and history are erased for good, and a paid subscription is cancelled.`,
    eventKey: String(hardDeleteAt),
    // The workspace's own pages are closed once it is deleted: owners restore it from /restore.
    data: { path: by === "owner" ? "/restore" : "/" },
  });
}
