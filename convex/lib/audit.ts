/** Audit entries: who did what to which tenant, with before and after. */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";

/** A signed-in user, a named system actor ("billing", "stripe") that acted on its own, or null for "system". */
export type AuditActor = Doc<"users"> | string | null;

/** Every audit row is written here, so its shape (actor, optional before/after, time) has one owner. */
export async function audit(
  db: GenericDatabaseWriter<DataModel>,
  entry: { tenantId: Id<"tenants"> | null; actor: AuditActor; action: string; target?: string; before?: unknown; after?: unknown },
) {
  const actor = entry.actor;
  await db.insert("auditLogs", {
    tenantId: entry.tenantId,
    actorId: typeof actor === "string" ? null : (actor?._id ?? null),
    actorEmail: typeof actor === "string" ? actor : (actor?.email ?? "system"),
    action: entry.action,
    ...(entry.target !== undefined ? { target: entry.target } : {}),
    ...(entry.before !== undefined ? { before: entry.before } : {}),
    ...(entry.after !== undefined ? { after: entry.after } : {}),
    at: Date.now(),
  });
}

/** Repeats of the same refused attempt (same actor, same tenant slug) within this window share one entry. */
export const DENIED_WINDOW_MS = 10 * 60_000;
/** Entries of one actor read to find the one to fold into; beyond it a new entry starts (still bounded by the window). */
const DENIED_SCAN = 100;

/**
 * One `access.denied` entry per actor and tenant slug per window: the first
 * attempt inserts it, repeats raise its `count` and `lastAt`. A loop of refused
 * requests therefore writes at most one row per window instead of one per hit.
 */
export async function auditDenied(
  db: GenericDatabaseWriter<DataModel>,
  entry: { tenantId: Id<"tenants"> | null; actorId: Id<"users"> | null; actorEmail: string; slug: string; target: string; via: string },
) {
  const now = Date.now();
  const recent = await db
    .query("auditLogs")
    .withIndex("by_actor_at", (q) => q.eq("actorEmail", entry.actorEmail).gte("at", now - DENIED_WINDOW_MS))
    .order("desc")
    .take(DENIED_SCAN);
  const same = recent.find(
    (e) => e.action === "access.denied" && e.actorId === entry.actorId && (e.after as { slug?: string } | undefined)?.slug === entry.slug,
  );
  if (same) {
    await db.patch(same._id, { count: (same.count ?? 1) + 1, lastAt: now });
    return { folded: true };
  }
  await db.insert("auditLogs", {
    tenantId: entry.tenantId,
    actorId: entry.actorId,
    actorEmail: entry.actorEmail,
    action: "access.denied",
    target: entry.target,
    after: { slug: entry.slug, via: entry.via },
    at: now,
    count: 1,
    lastAt: now,
  });
  return { folded: false };
}
