/**
 * Stripe events are stored by id before they act, in the same transaction as
 * the act: a replay finds its row already `processed` (or `ignored`) and
 * changes nothing, and two concurrent deliveries of one event serialize, so
 * only one of them acts. A delivery that failed (outcome `failed`) or is still
 * mid-way (`received`: invoice lines not yet on the Stripe invoice) acts again.
 */
import { v, type Infer } from "convex/values";
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../../_generated/dataModel";
import { audit } from "../audit";

type Db = GenericDatabaseWriter<DataModel>;

export const eventValidator = v.object({
  id: v.string(),
  type: v.string(),
  /** Stripe's `created`, in seconds. */
  created: v.number(),
  /** The raw body, kept for staff redelivery and audits. */
  payload: v.string(),
});
export type StripeEventMeta = Infer<typeof eventValidator>;

export async function findEvent(db: Db, eventId: string): Promise<Doc<"webhookEvents"> | null> {
  return db
    .query("webhookEvents")
    .withIndex("by_provider_event", (q) => q.eq("provider", "stripe").eq("eventId", eventId))
    .unique();
}

const DONE = ["processed", "ignored"];

/** Stores the event as `received`; null when it was already handled (a replay: do nothing). */
export async function beginEvent(db: Db, event: StripeEventMeta): Promise<Id<"webhookEvents"> | null> {
  const row = await findEvent(db, event.id);
  if (row && DONE.includes(row.outcome)) return null;
  const now = Date.now();
  if (row) {
    await db.patch(row._id, { outcome: "received", receivedAt: now, error: undefined });
    return row._id;
  }
  return db.insert("webhookEvents", {
    provider: "stripe",
    eventId: event.id,
    type: event.type,
    tenantId: null,
    payload: event.payload,
    eventCreated: event.created,
    receivedAt: now,
    outcome: "received",
  });
}

export async function finishEvent(
  db: Db,
  id: Id<"webhookEvents">,
  outcome: "processed" | "ignored",
  tenantId: Id<"tenants"> | null,
  note?: string,
) {
  await db.patch(id, { outcome, processedAt: Date.now(), tenantId, ...(note ? { error: note } : {}) });
}

/** A delivery whose handler threw: recorded so staff see it; Stripe's retry acts again. */
export async function failEvent(db: Db, event: StripeEventMeta, error: string) {
  const row = await findEvent(db, event.id);
  if (row && DONE.includes(row.outcome)) return;
  const fields = { outcome: "failed" as const, error: error.slice(0, 2000), processedAt: Date.now() };
  if (row) await db.patch(row._id, fields);
  else
    await db.insert("webhookEvents", {
      provider: "stripe",
      eventId: event.id,
      type: event.type,
      tenantId: null,
      payload: event.payload,
      eventCreated: event.created,
      receivedAt: Date.now(),
      ...fields,
    });
}

/** One audit row per event that changed something, signed "stripe" as the actor. */
export async function auditEvent(db: Db, tenantId: Id<"tenants">, event: StripeEventMeta, target: string, before: unknown, after: unknown) {
  await audit(db, {
    tenantId,
    actor: "stripe",
    action: `stripe.${event.type}`,
    target: `${target} (${event.id})`,
    before: before ?? null,
    after: after ?? null,
  });
}
