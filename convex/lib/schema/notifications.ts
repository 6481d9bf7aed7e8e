/**
 * Tables for: notifications, the email outbox, staff alerts, the delivery queue and
 * tenants' outbound webhooks, and data exports announced by email (issue 17). Kept in their own module so each area owns
 * its tables; `convex/schema.ts` spreads them into the one schema.
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";
import { ROLES } from "../../../lib/domain/permissions";

const literals = <T extends string>(xs: readonly T[]) => v.union(...xs.map((x) => v.literal(x)));

export const notificationTables = {
  /** In-app notifications: one row per event for the whole workspace; `audience` says which roles see it. */
  notifications: defineTable({
    tenantId: v.id("tenants"),
    kind: v.string(),
    message: v.string(),
    /** Rows written before the kinds table have no audience: everyone in the workspace saw them. */
    audience: v.optional(v.array(literals(ROLES))),
    title: v.optional(v.string()),
    /** Where to act, under /t/[slug]. */
    link: v.optional(v.string()),
    readAt: v.optional(v.number()),
    createdAt: v.number(),
  }).index("by_tenant_created", ["tenantId", "createdAt"]),

  /** Which notifications a person has read (besides everything before their `readAllBefore`). */
  notificationReads: defineTable({
    tenantId: v.id("tenants"),
    userId: v.id("users"),
    notificationId: v.id("notifications"),
    readAt: v.number(),
  }).index("by_tenant_user_notification", ["tenantId", "userId", "notificationId"]),

  /** A person's per-workspace choices: channels per topic, and the "mark all read" watermark. */
  notificationPrefs: defineTable({
    tenantId: v.id("tenants"),
    userId: v.id("users"),
    topics: v.record(v.string(), v.object({ inApp: v.optional(v.boolean()), email: v.optional(v.boolean()) })),
    readAllBefore: v.number(),
    updatedAt: v.number(),
  }).index("by_tenant_user", ["tenantId", "userId"]),

  /**
   * Emails owed to people, one row per recipient and dedupe period. The Next server's
   * outbox worker renders the template and sends over SMTP (lib/server/email); the row is
   * the record staff read (pending, sent, failed with the reason).
   */
  emailOutbox: defineTable({
    /**
     * Null only on the "workspace erased" email (convex/notifications/farewell.ts): it is sent after
     * every row of the workspace is gone, so it belongs to no tenant and no tenant can read it.
     */
    tenantId: v.union(v.id("tenants"), v.null()),
    to: v.array(v.string()),
    subject: v.string(),
    /** Plain-text summary; the worker renders the kind's React Email template from `data`. */
    body: v.string(),
    kind: v.string(),
    status: literals(["pending", "sent", "failed"] as const),
    createdAt: v.number(),
    sentAt: v.optional(v.number()),
    /** `${kind}|${recipient}|${period}`: a second write in the same window is dropped. */
    dedupeKey: v.optional(v.string()),
    /** Template props (tenant name, link, message); may hold an invitation link, so never shown to members. */
    data: v.optional(v.any()),
    attempts: v.optional(v.number()),
    lastError: v.optional(v.string()),
    nextAttemptAt: v.optional(v.number()),
  })
    .index("by_tenant_created", ["tenantId", "createdAt"])
    .index("by_tenant_dedupe", ["tenantId", "dedupeKey"]),

  /** Platform alerts for staff (usage spikes, inactive tenants, error rate), each at most once per tenant, kind and period. */
  staffAlerts: defineTable({
    tenantId: v.id("tenants"),
    kind: v.string(),
    period: v.string(),
    message: v.string(),
    details: v.optional(v.any()),
    createdAt: v.number(),
    /** Staff share one inbox: read by anyone on staff is read. */
    readAt: v.optional(v.number()),
    readBy: v.optional(v.id("users")),
  })
    .index("by_tenant_kind_period", ["tenantId", "kind", "period"])
    .index("by_created", ["createdAt"]),

  /**
   * Work owed to the outside world (an email, a tenant webhook delivery, an on-call page),
   * due at `dueAt`. A platform table so the workers can take the next due items across
   * tenants; the item itself lives in its tenant's row (`ref`). Removed when done.
   */
  deliveryQueue: defineTable({
    tenantId: v.id("tenants"),
    channel: literals(["email", "webhook", "pager"] as const),
    ref: v.string(),
    /** When a worker takes an item it moves `dueAt` past its lease, so a crashed worker's items come back. */
    dueAt: v.number(),
  })
    .index("by_channel_due", ["channel", "dueAt"])
    .index("by_tenant", ["tenantId"]),

  /** A tenant's outbound webhook endpoints (Standard Webhooks). */
  webhookEndpoints: defineTable({
    tenantId: v.id("tenants"),
    url: v.string(),
    description: v.string(),
    events: v.array(v.string()),
    /** whsec_...; the previous one keeps verifying for a day after a rotation. */
    secret: v.string(),
    previousSecret: v.optional(v.string()),
    previousSecretUntil: v.optional(v.number()),
    status: literals(["enabled", "disabled"] as const),
    consecutiveFailures: v.number(),
    disabledReason: v.optional(v.string()),
    createdBy: v.id("users"),
    createdAt: v.number(),
    updatedAt: v.number(),
  }).index("by_tenant_created", ["tenantId", "createdAt"]),

  /** Each event sent to an endpoint, with its attempts: the endpoint's delivery log. */
  webhookDeliveries: defineTable({
    tenantId: v.id("tenants"),
    endpointId: v.id("webhookEndpoints"),
    msgId: v.string(),
    eventType: v.string(),
    payload: v.string(),
    status: literals(["pending", "delivered", "failed"] as const),
    attempts: v.number(),
    responseStatus: v.optional(v.number()),
    lastError: v.optional(v.string()),
    createdAt: v.number(),
    deliveredAt: v.optional(v.number()),
  }).index("by_tenant_endpoint_created", ["tenantId", "endpointId", "createdAt"]),

  /**
   * Data exports built in the background (convex/portal/dataExports.ts): the file in Convex
   * storage, downloadable for 7 days, then deleted (status expired). Announced by export.ready.
   */
  dataExports: defineTable({
    tenantId: v.id("tenants"),
    requestedBy: v.id("users"),
    status: literals(["pending", "ready", "failed", "expired"] as const),
    storageId: v.optional(v.id("_storage")),
    size: v.optional(v.number()),
    rows: v.optional(v.number()),
    error: v.optional(v.string()),
    createdAt: v.number(),
    readyAt: v.optional(v.number()),
    expiresAt: v.optional(v.number()),
  }).index("by_tenant_created", ["tenantId", "createdAt"]),
};
