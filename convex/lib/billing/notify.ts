/**
 * Telling a tenant's owners about billing: an in-app notification and one
 * email (to the billing email and the owners), through the notifications module
 * (convex/notifications/send.ts), whose outbox worker sends it over SMTP.
 */
import type { GenericDatabaseWriter } from "convex/server";
import { formatCents } from "../../../lib/domain/format";
import type { DataModel, Doc } from "../../_generated/dataModel";
import { notify } from "../../notifications/send";

type Db = GenericDatabaseWriter<DataModel>;

export type BillingNotice = { kind: string; message: string; subject: string; body: string; eventKey?: string };

export async function ownerEmails(db: Db, tenant: Doc<"tenants">): Promise<string[]> {
  const owners = await db
    .query("memberships")
    .withIndex("by_tenant_role", (q) => q.eq("tenantId", tenant._id).eq("role", "owner"))
    .take(20);
  const users = await Promise.all(owners.map((m) => db.get(m.userId)));
  return users.flatMap((u) => (u ? [u.email] : []));
}

export async function notifyOwners(db: Db, tenant: Doc<"tenants">, notice: BillingNotice) {
  await notify(db, tenant, notice);
}

// Emails write money as the portal does (lib/domain/format: one format per kind of number).
export const usd = formatCents;
export const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
