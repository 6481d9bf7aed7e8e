/**
 * Idempotency-Key for runtime API POSTs: the first answer to a key is stored
 * with a hash of the request body, in the same transaction as the work it
 * describes, so a retried request (same key, same body) gets that answer back
 * and changes nothing, however the retries race. The same key with another
 * body is a client bug and is refused (409). Keys live for 24 hours
 * (jobs/maintenance deletes older ones).
 */
import { v } from "convex/values";
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Id } from "../_generated/dataModel";
import { appError } from "../lib/errors";

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/**
 * The stored answer is one field of one document (at most 1 MiB). Answers are bounded
 * where they are built (500 items, echoed names and messages clipped), far below this;
 * the check turns a broken bound into a typed refusal (and the work is rolled back)
 * instead of a "Document is too large" 500.
 */
export const MAX_STORED_RESPONSE_BYTES = 512 * 1024;
const MAX_KEY = 255;
const MAX_HASH = 128;
export const idempotencyValidator = v.optional(v.object({ key: v.string(), requestHash: v.string() }));
export type Idempotency = { key: string; requestHash: string } | undefined;

type Db = GenericDatabaseWriter<DataModel>;

async function find(db: Db, tenantId: Id<"tenants">, scope: string) {
  return db
    .query("idempotencyKeys")
    .withIndex("by_tenant_scope", (q) => q.eq("tenantId", tenantId).eq("scope", scope))
    .unique();
}

/**
 * Runs `work` once per (tenant, endpoint, key): a replay returns the stored
 * answer with `replayed: true`. Without a key, `work` simply runs.
 */
export async function once<T extends object>(
  db: Db,
  tenantId: Id<"tenants">,
  endpoint: string,
  idem: Idempotency,
  now: number,
  work: () => Promise<T>,
): Promise<T & { replayed: boolean }> {
  if (!idem) return { ...(await work()), replayed: false };
  if (idem.key.length < 1 || idem.key.length > MAX_KEY)
    throw appError("INVALID", `Idempotency-Key must be 1 to ${MAX_KEY} characters.`, "Idempotency-Key");
  if (idem.requestHash.length < 1 || idem.requestHash.length > MAX_HASH)
    throw appError("INVALID", "The request hash is not a hash.", "requestHash");
  const scope = `${endpoint}:${idem.key}`;
  const prior = await find(db, tenantId, scope);
  if (prior && prior.createdAt > now - IDEMPOTENCY_TTL_MS) {
    if (prior.requestHash !== idem.requestHash) {
      throw appError(
        "CONFLICT",
        "This Idempotency-Key was already used with a different request body; use a new key for a new request.",
        "Idempotency-Key",
      );
    }
    return { ...(JSON.parse(prior.response) as T), replayed: true };
  }
  const result = await work();
  const response = JSON.stringify(result);
  if (new TextEncoder().encode(response).byteLength > MAX_STORED_RESPONSE_BYTES) {
    throw appError(
      "INVALID",
      "The answer to this request is too large to keep for its Idempotency-Key; send smaller batches.",
      "Idempotency-Key",
    );
  }
  // An expired record with the same key is replaced, so the key can be reused after a day.
  if (prior) await db.delete(prior._id);
  await db.insert("idempotencyKeys", { tenantId, scope, requestHash: idem.requestHash, response, createdAt: now });
  return { ...result, replayed: false };
}
