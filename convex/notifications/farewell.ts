/**
 * The "workspace erased" email (kind workspace.deletion_done). The hard delete erases the
 * workspace in batches, memberships first, so the owners' addresses are captured before
 * its first batch: the email is written then, held (no delivery queue item), and released
 * to the outbox worker when the last row is gone. The held row's tenantId is null: it outlives
 * the workspace, so no tenant can read it and the erasure leaves no row of the workspace.
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { kindSpec } from "../../lib/domain/notifications/kinds";
import { formatDate } from "../../lib/domain/format";

type Db = GenericDatabaseWriter<DataModel>;

const KIND = "workspace.deletion_done";
const dedupeKey = (tenantId: Id<"tenants">) => `${KIND}|${tenantId}`;

async function held(db: Db, tenantId: Id<"tenants">) {
  return db
    .query("emailOutbox")
    .withIndex("by_tenant_dedupe", (q) => q.eq("tenantId", null).eq("dedupeKey", dedupeKey(tenantId)))
    .unique();
}

async function ownerEmails(db: Db, tenantId: Id<"tenants">): Promise<string[]> {
  const owners = await db
    .query("memberships")
    .withIndex("by_tenant_role", (q) => q.eq("tenantId", tenantId).eq("role", "owner"))
    .take(200);
  const emails = new Set<string>();
  for (const m of owners) {
    const user = await db.get(m.userId);
    if (user) emails.add(user.email.toLowerCase());
  }
  return [...emails];
}

/** Before the hard delete's first batch: writes the held email to the owners (once; later batches find it). */
export async function holdDeletionDone(db: Db, tenant: Doc<"tenants">, now = Date.now()) {
  if (await held(db, tenant._id)) return null;
  const to = await ownerEmails(db, tenant._id);
  if (to.length === 0) return null;
  const spec = kindSpec(KIND);
  const deletedOn = formatDate(tenant.deletedAt ?? tenant.statusSince);
  const message = `${tenant.name} (deleted on ${deletedOn}) has now been erased: its agents, usage, API keys, files and history are gone for good, and a paid subscription is cancelled. Nothing more will be billed.`;
  return db.insert("emailOutbox", {
    tenantId: null,
    to,
    subject: `${tenant.name} has been erased`,
    body: message,
    kind: KIND,
    status: "pending",
    createdAt: now,
    dedupeKey: dedupeKey(tenant._id),
    // The workspace's pages are gone: the link goes to Tenantry itself.
    data: { tenantName: tenant.name, slug: tenant.slug, title: spec.title, message, action: spec.action, path: "/" },
    attempts: 0,
  });
}

/** After the hard delete's last batch: hands the held email to the outbox worker. */
export async function releaseDeletionDone(db: Db, tenantId: Id<"tenants">, now = Date.now()) {
  const row = await held(db, tenantId);
  if (!row || row.status !== "pending" || row.nextAttemptAt !== undefined) return null;
  await db.patch(row._id, { nextAttemptAt: now });
  // The queue item keeps the erased id only to name where the email came from; the worker reads the outbox row.
  await db.insert("deliveryQueue", { tenantId, channel: "email", ref: row._id, dueAt: now });
  return row._id;
}
