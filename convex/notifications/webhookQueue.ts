/**
 * The webhook worker's side (lib/server/outbound/webhook-worker.ts): take due deliveries
 * with the endpoint's URL and secret, report results. A delivery that fails every
 * attempt counts against its endpoint; after ENDPOINT_DISABLE_AFTER in a row the
 * endpoint is disabled and its workspace's admins are told.
 */
import { v } from "convex/values";
import { systemMutation } from "../lib/functions";
import type { GenericDatabaseReader, GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { backoffMs, ENDPOINT_DISABLE_AFTER, MAX_ATTEMPTS } from "../../lib/domain/notifications/rules";
import { retryScale } from "./outbox";
import { notify } from "./send";

/**
 * Endpoint rows read once per batch (a batch is mostly a few endpoints' deliveries).
 * The cached row is the one later deliveries of the batch read, so `finish` writes an
 * endpoint only through `patchEndpoint`, which updates it too.
 */
function endpoints(db: GenericDatabaseReader<DataModel>) {
  const seen = new Map<string, Promise<Doc<"webhookEndpoints"> | null>>();
  return (id: Id<"webhookEndpoints">) => {
    let hit = seen.get(id);
    if (!hit) seen.set(id, (hit = db.get(id)));
    return hit;
  };
}

async function patchEndpoint(
  db: GenericDatabaseWriter<DataModel>,
  endpoint: Doc<"webhookEndpoints">,
  fields: Partial<Doc<"webhookEndpoints">>,
) {
  await db.patch(endpoint._id, fields);
  Object.assign(endpoint, fields);
}

export const claim = systemMutation({
  args: { limit: v.number(), leaseMs: v.number() },
  handler: async (ctx, { limit, leaseMs }) => {
    const now = Date.now();
    const due = await ctx.db
      .query("deliveryQueue")
      .withIndex("by_channel_due", (q) => q.eq("channel", "webhook").lte("dueAt", now))
      .take(Math.min(Math.max(1, limit), 500));
    const out = [];
    const endpointOf = endpoints(ctx.db);
    for (const item of due) {
      const d = await ctx.db.get(item.ref as Id<"webhookDeliveries">);
      const endpoint = d ? await endpointOf(d.endpointId) : null;
      if (!d || d.status !== "pending" || !endpoint || endpoint.status !== "enabled" || endpoint.tenantId !== d.tenantId) {
        if (d && d.status === "pending")
          await ctx.db.patch(d._id, { status: "failed", lastError: endpoint ? "The endpoint is disabled." : "The endpoint was deleted." });
        await ctx.db.delete(item._id);
        continue;
      }
      await ctx.db.patch(item._id, { dueAt: now + leaseMs });
      out.push({
        queueId: item._id,
        url: endpoint.url,
        secret: endpoint.secret,
        // For a day after a rotation deliveries carry both signatures (receivers switch without dropping events).
        previousSecret: endpoint.previousSecret && (endpoint.previousSecretUntil ?? 0) > now ? endpoint.previousSecret : null,
        msgId: d.msgId,
        payload: d.payload,
        timestamp: d.createdAt,
      });
    }
    return out;
  },
});

const resultValidator = v.object({
  queueId: v.id("deliveryQueue"),
  ok: v.boolean(),
  status: v.optional(v.number()),
  error: v.optional(v.string()),
});

export const finish = systemMutation({
  args: { results: v.array(resultValidator) },
  handler: async (ctx, { results }) => {
    const now = Date.now();
    const endpointOf = endpoints(ctx.db);
    for (const r of results) {
      const item = await ctx.db.get(r.queueId);
      if (!item) continue;
      await ctx.db.delete(item._id);
      const d = await ctx.db.get(item.ref as Id<"webhookDeliveries">);
      if (!d || d.status !== "pending") continue;
      const endpoint = await endpointOf(d.endpointId);
      const attempts = d.attempts + 1;
      const response = r.status !== undefined ? { responseStatus: r.status } : {};
      if (r.ok) {
        await ctx.db.patch(d._id, { status: "delivered", attempts, deliveredAt: now, lastError: undefined, ...response });
        if (endpoint && endpoint.consecutiveFailures > 0) await patchEndpoint(ctx.db, endpoint, { consecutiveFailures: 0 });
        continue;
      }
      const error = r.error ?? `HTTP ${r.status}`;
      if (attempts < MAX_ATTEMPTS) {
        await ctx.db.patch(d._id, { attempts, lastError: error, ...response });
        await ctx.db.insert("deliveryQueue", {
          tenantId: d.tenantId,
          channel: "webhook",
          ref: d._id,
          dueAt: now + Math.round(backoffMs(attempts) * retryScale()),
        });
        continue;
      }
      await ctx.db.patch(d._id, { status: "failed", attempts, lastError: error, ...response });
      if (!endpoint || endpoint.status !== "enabled") continue;
      const failures = endpoint.consecutiveFailures + 1;
      if (failures < ENDPOINT_DISABLE_AFTER) {
        await patchEndpoint(ctx.db, endpoint, { consecutiveFailures: failures });
        continue;
      }
      const reason = `Disabled after ${failures} deliveries in a row failed (last: ${error}).`;
      await patchEndpoint(ctx.db, endpoint, { consecutiveFailures: failures, status: "disabled", disabledReason: reason, updatedAt: now });
      const tenant = await ctx.db.get(endpoint.tenantId);
      if (tenant)
        await notify(ctx.db, tenant, {
          kind: "webhooks.endpoint_disabled",
          message: `The webhook endpoint ${endpoint.url} was disabled: ${failures} deliveries in a row failed (last: ${error}). Fix the receiver, then enable it again.`,
          eventKey: `${endpoint._id}:${now}`,
        });
    }
    return null;
  },
});
