/**
 * Shared steps of the workspace functions: which scope a key or agent is in,
 * a request body read into typed values (domain InputProblems become INVALID
 * / NOT_FOUND errors naming the field), a conversation's context, and the
 * storage charge every stored memory and message makes.
 */
import type { GenericDatabaseReader, GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { appError, notFound } from "../lib/errors";
import { getCounters } from "../lib/counters";
import { assertWithinQuota, notifySoftLimits, quotasOf } from "../lib/quotas";
import { quotaPercent, SOFT_LIMITS } from "../../lib/domain/plans";
import { ALERT_RULES } from "../../lib/domain/notifications/rules";
import { DEFAULT_ENVIRONMENT, scopeKey } from "../../lib/domain/workspace/scopes";
import { InputProblem } from "../../lib/domain/workspace/input";
import type { ContextField } from "../../lib/domain/workspace/context";

type Reader = GenericDatabaseReader<DataModel>;
type Writer = GenericDatabaseWriter<DataModel>;
export const DEFAULT_SCOPE = scopeKey({ environment: DEFAULT_ENVIRONMENT, team: null });

/** Runs a body reader; its InputProblem becomes the closed error naming the field. */
export function readX<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof InputProblem) throw appError(e.code, e.message, e.field);
    throw e;
  }
}

/** The scope an API key or agent is bound to (`production:` when never bound). */
export async function boundScope(db: Reader, tenantId: Id<"tenants">, kind: "apiKey" | "agent", subjectId: string): Promise<string> {
  const row = await db
    .query("scopeBindings")
    .withIndex("by_tenant_subject", (q) => q.eq("tenantId", tenantId).eq("kind", kind).eq("subjectId", subjectId))
    .unique();
  return row?.scope ?? DEFAULT_SCOPE;
}

export async function contextFieldsOf(db: Reader, tenantId: Id<"tenants">): Promise<ContextField[]> {
  const rows = await db
    .query("contextFields")
    .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId))
    .take(50);
  return rows.map((r) => ({ name: r.name, type: r.type }));
}

/** A conversation of this tenant and scope by the id the caller sent, or NOT_FOUND (another tenant's id answers the same). */
export async function conversationX(db: Reader, tenantId: Id<"tenants">, scope: string, id: string, field = "conversationId") {
  const cid = db.normalizeId("conversations", id);
  const row = cid ? await db.get("conversations", cid) : null;
  if (!row || row.tenantId !== tenantId || (row.scope ?? DEFAULT_SCOPE) !== scope)
    throw appError("NOT_FOUND", "No conversation with this id in this workspace and scope.", field);
  return row;
}

export async function taskX(db: Reader, tenantId: Id<"tenants">, scope: string, id: string, field = "taskId"): Promise<Doc<"tasks">> {
  const tid = db.normalizeId("tasks", id);
  const row = tid ? await db.get("tasks", tid) : null;
  if (!row || row.tenantId !== tenantId || row.scope !== scope)
    throw appError("NOT_FOUND", "No task with this id in this workspace and scope.", field);
  return row;
}

export async function missionX(
  db: Reader,
  tenantId: Id<"tenants">,
  scope: string,
  id: string,
  field = "missionId",
): Promise<Doc<"missions">> {
  const mid = db.normalizeId("missions", id);
  const row = mid ? await db.get("missions", mid) : null;
  if (!row || row.tenantId !== tenantId || row.scope !== scope)
    throw appError("NOT_FOUND", "No mission with this id in this workspace and scope.", field);
  return row;
}

/** Refuses before any write when `bytes` more would pass the storage quota; answers the counters row it read. */
export async function assertStorage(db: Writer, tenant: Doc<"tenants">, bytes: number): Promise<Doc<"tenantCounters">> {
  const counters = await getCounters(db, tenant._id);
  assertWithinQuota(tenant, "storageBytes", counters.storageBytes, bytes);
  return counters;
}

/** Below this percent of a quota no soft-limit notice can be due (notifySoftLimits would only read the counters). */
const FIRST_NOTICE_PERCENT = Math.min(...SOFT_LIMITS, ALERT_RULES.quotaAdminEmailPercent);

/**
 * Books `bytes` (negative when freeing) against storage, with the soft-limit notices: what
 * counters.ts's bump and quotas.ts's notifySoftLimits do, on the row assertStorage answered when
 * nothing in the transaction wrote the counters since (`counters`), else (null) on the row read now.
 * The table is named on the patch: without it, row-level security and the triggers find it by
 * trying each table's normalizeId in turn (a syscall each).
 */
export async function chargeStorage(db: Writer, tenant: Doc<"tenants">, counters: Doc<"tenantCounters"> | null, bytes: number) {
  const row = counters ?? (await getCounters(db, tenant._id));
  const used = row.storageBytes + bytes;
  await db.patch("tenantCounters", row._id, { storageBytes: Math.max(0, used) });
  if (bytes > 0 && quotaPercent(used, quotasOf(tenant).storageBytes) >= FIRST_NOTICE_PERCENT)
    await notifySoftLimits(db, tenant, "storageBytes", used);
}

export const iso = (ms: number) => new Date(ms).toISOString();
export { notFound };
