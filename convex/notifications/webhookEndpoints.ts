/**
 * A workspace's outbound webhook endpoints (owners and admins): register, choose
 * events, rotate the secret, disable or delete; the delivery log with redeliver.
 * Every function goes through the tenant door, so only this workspace's rows exist here.
 */
import { v } from "convex/values";
import { tenantMutation, tenantQuery } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { audit } from "../lib/audit";
import { pageSizeX } from "../lib/paging";
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Id } from "../_generated/dataModel";
import { DAY_MS } from "../../lib/domain/time";
import { MAX_ENDPOINTS, WEBHOOK_EVENTS, endpointUrlProblem, eventsProblem } from "../../lib/domain/notifications/webhooks";
import { textProblem } from "../../lib/domain/validation";
import { newSecret, queueDelivery } from "./webhookEvents";

const eventsArg = v.array(v.string());

/** Longer than any receiver's URL needs; the row and its audit entry stay small. */
const MAX_URL = 2048;
const EVENT_COUNT = Object.keys(WEBHOOK_EVENTS).length;

function checkInput(args: { url?: string; events?: string[]; description?: string }) {
  if (args.url !== undefined) {
    // Stored and shown as typed, so invisible characters are refused even where the URL parser would encode them.
    const p =
      args.url.length > MAX_URL
        ? `Keep the URL under ${MAX_URL} characters.`
        : (textProblem(args.url, "The URL") ?? endpointUrlProblem(args.url));
    if (p) throw appError("INVALID", p, "url");
  }
  if (args.events !== undefined) {
    // Each event once at most: a longer list is not a choice of events (and would not fit the audit entry).
    const p = args.events.length > EVENT_COUNT ? `Choose at most the ${EVENT_COUNT} events there are.` : eventsProblem(args.events);
    if (p) throw appError("INVALID", p, "events");
  }
  if (args.description !== undefined) {
    // Shown on the endpoint's page and in the audit log: no invisible control or text-direction characters.
    const p =
      args.description.length > 200 ? "Keep the description under 200 characters." : textProblem(args.description, "The description");
    if (p) throw appError("INVALID", p, "description");
  }
}

export const list = tenantQuery({
  args: {},
  permission: "settings.manage",
  handler: async (ctx) => {
    const rows = await ctx.db
      .query("webhookEndpoints")
      .withIndex("by_tenant_created", (q) => q.eq("tenantId", ctx.tenant._id))
      .take(MAX_ENDPOINTS);
    return rows.map((e) => ({
      id: e._id,
      url: e.url,
      description: e.description,
      events: e.events,
      status: e.status,
      disabledReason: e.disabledReason ?? null,
      consecutiveFailures: e.consecutiveFailures,
      // Staff viewing the workspace see the endpoint, never the key that signs its events.
      secret: ctx.member.viaStaff ? null : e.secret,
      createdAt: e.createdAt,
    }));
  },
});

export const create = tenantMutation({
  args: { url: v.string(), events: eventsArg, description: v.optional(v.string()) },
  permission: "settings.manage",
  handler: async (ctx, args) => {
    checkInput(args);
    const existing = await ctx.db
      .query("webhookEndpoints")
      .withIndex("by_tenant_created", (q) => q.eq("tenantId", ctx.tenant._id))
      .take(MAX_ENDPOINTS);
    if (existing.length >= MAX_ENDPOINTS)
      throw appError("QUOTA_EXCEEDED", `A workspace can have at most ${MAX_ENDPOINTS} webhook endpoints.`, "url");
    const now = Date.now();
    const secret = newSecret();
    const id = await ctx.db.insert("webhookEndpoints", {
      tenantId: ctx.tenant._id,
      url: args.url.trim(),
      description: args.description?.trim() ?? "",
      events: [...new Set(args.events)],
      secret,
      status: "enabled",
      consecutiveFailures: 0,
      createdBy: ctx.user._id,
      createdAt: now,
      updatedAt: now,
    });
    await audit(ctx.db, {
      tenantId: ctx.tenant._id,
      actor: ctx.user,
      action: "webhook_endpoint.create",
      target: args.url,
      after: { events: args.events },
    });
    return { id, secret };
  },
});

async function endpointX(db: GenericDatabaseReader<DataModel>, tenantId: Id<"tenants">, raw: string): Promise<Id<"webhookEndpoints">> {
  const id = db.normalizeId("webhookEndpoints", raw);
  const row = id ? await db.get(id) : null;
  if (!row || row.tenantId !== tenantId) throw notFound("No such webhook endpoint.");
  return row._id;
}

export const update = tenantMutation({
  args: {
    endpointId: v.string(),
    url: v.optional(v.string()),
    events: v.optional(eventsArg),
    description: v.optional(v.string()),
    enabled: v.optional(v.boolean()),
  },
  permission: "settings.manage",
  handler: async (ctx, args) => {
    checkInput(args);
    const id = await endpointX(ctx.db, ctx.tenant._id, args.endpointId);
    const patch: Record<string, unknown> = { updatedAt: Date.now() };
    if (args.url !== undefined) patch.url = args.url.trim();
    if (args.events !== undefined) patch.events = [...new Set(args.events)];
    if (args.description !== undefined) patch.description = args.description.trim();
    if (args.enabled !== undefined)
      Object.assign(
        patch,
        args.enabled
          ? { status: "enabled", consecutiveFailures: 0, disabledReason: undefined }
          : { status: "disabled", disabledReason: "Disabled by a workspace admin." },
      );
    await ctx.db.patch(id, patch);
    await audit(ctx.db, {
      tenantId: ctx.tenant._id,
      actor: ctx.user,
      action: "webhook_endpoint.update",
      target: args.endpointId,
      after: patch,
    });
    return null;
  },
});

/** A new secret at once; the old one keeps verifying for a day so receivers can switch without dropping events. */
export const rotateSecret = tenantMutation({
  args: { endpointId: v.string() },
  permission: "settings.manage",
  handler: async (ctx, { endpointId }) => {
    const id = await endpointX(ctx.db, ctx.tenant._id, endpointId);
    const row = (await ctx.db.get(id))!;
    const secret = newSecret();
    const now = Date.now();
    await ctx.db.patch(id, { secret, previousSecret: row.secret, previousSecretUntil: now + DAY_MS, updatedAt: now });
    await audit(ctx.db, { tenantId: ctx.tenant._id, actor: ctx.user, action: "webhook_endpoint.rotate_secret", target: endpointId });
    return { secret };
  },
});

export const remove = tenantMutation({
  args: { endpointId: v.string() },
  permission: "settings.manage",
  handler: async (ctx, { endpointId }) => {
    const id = await endpointX(ctx.db, ctx.tenant._id, endpointId);
    await ctx.db.delete(id);
    await audit(ctx.db, { tenantId: ctx.tenant._id, actor: ctx.user, action: "webhook_endpoint.delete", target: endpointId });
    return null;
  },
});

export const sendTest = tenantMutation({
  args: { endpointId: v.string() },
  permission: "settings.manage",
  handler: async (ctx, { endpointId }) => {
    const id = await endpointX(ctx.db, ctx.tenant._id, endpointId);
    const row = (await ctx.db.get(id))!;
    const payload = JSON.stringify({
      type: "webhook.test",
      timestamp: new Date().toISOString(),
      data: { workspace: ctx.tenant.slug, message: "A test event from Tenantry." },
    });
    return { deliveryId: await queueDelivery(ctx.db, row, "webhook.test", payload) };
  },
});

/** The endpoint's delivery log, newest first. */
export const deliveries = tenantQuery({
  args: { endpointId: v.string(), limit: v.optional(v.number()) },
  permission: "settings.manage",
  handler: async (ctx, { endpointId, limit }) => {
    const id = await endpointX(ctx.db, ctx.tenant._id, endpointId);
    const rows = await ctx.db
      .query("webhookDeliveries")
      .withIndex("by_tenant_endpoint_created", (q) => q.eq("tenantId", ctx.tenant._id).eq("endpointId", id))
      .order("desc")
      .take(pageSizeX(limit, 100, 25, "limit"));
    return rows.map((d) => ({
      id: d._id,
      msgId: d.msgId,
      eventType: d.eventType,
      status: d.status,
      attempts: d.attempts,
      responseStatus: d.responseStatus ?? null,
      lastError: d.lastError ?? null,
      createdAt: d.createdAt,
      deliveredAt: d.deliveredAt ?? null,
    }));
  },
});

/** Sends a logged event again (same message id, so receivers can tell it is a redelivery). */
export const redeliver = tenantMutation({
  args: { deliveryId: v.string() },
  permission: "settings.manage",
  handler: async (ctx, { deliveryId }) => {
    const id = ctx.db.normalizeId("webhookDeliveries", deliveryId);
    const row = id ? await ctx.db.get(id) : null;
    if (!row || row.tenantId !== ctx.tenant._id) throw notFound("No such delivery.");
    if (row.status === "pending") throw appError("CONFLICT", "This delivery is still being attempted.", "deliveryId");
    await ctx.db.patch(row._id, { status: "pending", attempts: 0, lastError: undefined });
    await ctx.db.insert("deliveryQueue", { tenantId: ctx.tenant._id, channel: "webhook", ref: row._id, dueAt: Date.now() });
    return null;
  },
});
