/**
 * Memory embeddings as rows of their own (memoryEmbeddings): what writes them and
 * what deletes them with their memory. No registered functions here.
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";

type Writer = GenericDatabaseWriter<DataModel>;

/**
 * The vector index's filter strings: tenant and scope (and context) folded into one equality each.
 * The tenant part is the tenant's `_id` on this deployment, which a tenant move changes: the move
 * engine rewrites it (convex/platform/moveIds.ts, through `retenant`), and vectorTenant repairs rows
 * an older engine copied without doing so.
 */
export const vectorFilters = (tenantId: Id<"tenants">, scope: string, contextKey: string) => ({
  vectorScope: `${tenantId}|${scope}`,
  vectorContext: `${tenantId}|${scope}|${contextKey}`,
});

/** A filter string with its tenant part (up to the first "|") passed through `f`; a string without one is left as it is. */
export function retenant(filter: string, f: (tenantId: string) => string): string {
  const bar = filter.indexOf("|");
  return bar < 0 ? filter : `${f(filter.slice(0, bar))}${filter.slice(bar)}`;
}

/** Inserts a memory's embedding row; the memory then links to it with `embeddingId`. */
export async function insertEmbedding(
  db: Writer,
  e: { tenantId: Id<"tenants">; scope: string; contextKey: string; embedding: number[]; createdAt: number },
): Promise<Id<"memoryEmbeddings">> {
  return db.insert("memoryEmbeddings", {
    tenantId: e.tenantId,
    scope: e.scope,
    embedding: e.embedding,
    ...vectorFilters(e.tenantId, e.scope, e.contextKey),
    createdAt: e.createdAt,
  });
}

/** Deletes a memory and its embedding row, so no vector outlives its memory (and recall never finds one). */
export async function deleteMemory(db: Writer, m: Doc<"memories">): Promise<void> {
  if (m.embeddingId) {
    const e = await db.get("memoryEmbeddings", m.embeddingId);
    if (e && e.tenantId === m.tenantId) await db.delete("memoryEmbeddings", e._id);
  }
  await db.delete("memories", m._id);
}
