/**
 * The `quota.reached` webhook event. A call refused at a hard limit throws, and the throw
 * rolls its mutation back, so the refused call cannot write the event itself: the API-key
 * door (convex/lib/apiDoor.ts) catches the refusal, which commits what came before it, and
 * records it here; usage events refused one by one in a batch are answered as values and
 * recorded the same way. One event per workspace, quota and calendar month (UTC): the
 * tenant's counters remember it next to the soft-limit notices and forget it with them
 * when the month turns. A refusal in the portal is shown to the person acting and emits
 * nothing (those mutations roll back whole).
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc } from "../_generated/dataModel";
import type { AppErrorData } from "../lib/errors";
import { getCounters } from "../lib/counters";
import { quotaKeyOfRefusal, quotasOf } from "../lib/quotas";
import { emitWebhook } from "./webhookEvents";

type Db = GenericDatabaseWriter<DataModel>;

/** Emits quota.reached for a refusal at a plan's hard limit, once per quota and month; true when it did. */
export async function recordQuotaReached(db: Db, tenant: Doc<"tenants">, error: AppErrorData): Promise<boolean> {
  if (error.code !== "QUOTA_EXCEEDED") return false;
  const key = quotaKeyOfRefusal(error.message);
  if (!key) return false;
  const counters = await getCounters(db, tenant._id);
  const mark = `${key}:reached`;
  if (counters.notified.includes(mark)) return false;
  await db.patch(counters._id, { notified: [...counters.notified, mark] });
  await emitWebhook(db, tenant, "quota.reached", { quota: key, limit: quotasOf(tenant)[key], message: error.message });
  return true;
}
