/**
 * Emitting a tenant event to that tenant's own webhook endpoints: one delivery per
 * enabled endpoint subscribed to the type, queued for the webhook worker. The payload
 * carries only this tenant's data (the writer passes it; the tenant id is added here).
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import type { WebhookEvent } from "../../lib/domain/notifications/webhooks";

type Db = GenericDatabaseWriter<DataModel>;

function randomId(prefix: string, bytes = 16): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return prefix + Array.from(raw, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A Standard Webhooks secret: "whsec_" and base64 of 24 random bytes. */
export function newSecret(): string {
  return `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`;
}

export async function queueDelivery(db: Db, endpoint: Doc<"webhookEndpoints">, type: string, payload: string, now = Date.now()) {
  const id = await db.insert("webhookDeliveries", {
    tenantId: endpoint.tenantId,
    endpointId: endpoint._id,
    msgId: randomId("msg_"),
    eventType: type,
    payload,
    status: "pending",
    attempts: 0,
    createdAt: now,
  });
  await db.insert("deliveryQueue", { tenantId: endpoint.tenantId, channel: "webhook", ref: id, dueAt: now });
  return id;
}

export async function emitWebhook(
  db: Db,
  tenant: Doc<"tenants">,
  type: WebhookEvent,
  data: Record<string, unknown>,
): Promise<Id<"webhookDeliveries">[]> {
  const endpoints = await db
    .query("webhookEndpoints")
    .withIndex("by_tenant_created", (q) => q.eq("tenantId", tenant._id))
    .take(50);
  const now = Date.now();
  const payload = JSON.stringify({ type, timestamp: new Date(now).toISOString(), data: { workspace: tenant.slug, ...data } });
  const out = [];
  for (const e of endpoints)
    if (e.status === "enabled" && e.events.includes(type)) out.push(await queueDelivery(db, e, type, payload, now));
  return out;
}
