/**
 * Telling a tenant's owners about billing: an in-app notification and one
 * email in the outbox (to the billing email and the owners). The outbox is
 * the record; locally the Billing page's outbox shows it, in the cloud a
 * sender drains it.
 */
import type { GenericDatabaseWriter } from "convex/server";
import { formatCents } from "../../../lib/domain/format";
import type { DataModel, Doc } from "../../_generated/dataModel";

type Db = GenericDatabaseWriter<DataModel>;

export type BillingNotice = { kind: string; message: string; subject: string; body: string };

export async function ownerEmails(db: Db, tenant: Doc<"tenants">): Promise<string[]> {
  const owners = await db
    .query("memberships")
    .withIndex("by_tenant_role", (q) => q.eq("tenantId", tenant._id).eq("role", "owner"))
    .take(20);
  const users = await Promise.all(owners.map((m) => db.get(m.userId)));
  return users.flatMap((u) => (u ? [u.email] : []));
}

export async function notifyOwners(db: Db, tenant: Doc<"tenants">, notice: BillingNotice) {
  const now = Date.now();
  await db.insert("notifications", { tenantId: tenant._id, kind: notice.kind, message: notice.message, createdAt: now });
  const to = [...new Set([tenant.billingEmail, ...(await ownerEmails(db, tenant))].map((e) => e.toLowerCase()))];
  await db.insert("emailOutbox", {
    tenantId: tenant._id,
    to,
    subject: notice.subject,
    body: notice.body,
    kind: notice.kind,
    status: "pending",
    createdAt: now,
  });
}

// Emails write money as the portal does (lib/domain/format: one format per kind of number).
export const usd = formatCents;
export const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
