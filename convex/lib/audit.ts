/** Audit entries: who did what to which tenant, with before and after. */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";

export async function audit(
  db: GenericDatabaseWriter<DataModel>,
  entry: { tenantId: Id<"tenants"> | null; actor: Doc<"users"> | null; action: string; target?: string; before?: unknown; after?: unknown },
) {
  await db.insert("auditLogs", {
    tenantId: entry.tenantId,
    actorId: entry.actor?._id ?? null,
    actorEmail: entry.actor?.email ?? "system",
    action: entry.action,
    ...(entry.target !== undefined ? { target: entry.target } : {}),
    ...(entry.before !== undefined ? { before: entry.before } : {}),
    ...(entry.after !== undefined ? { after: entry.after } : {}),
    at: Date.now(),
  });
}
