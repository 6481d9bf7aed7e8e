/**
 * Memory embeddings as rows of their own (memoryEmbeddings): what writes them and
 * what deletes them with their memory. No registered functions here.
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";

type Writer = GenericDatabaseWriter<DataModel>;

/** The vector index's filter strings: tenant and scope (and context) folded into one equality each. */
export const vectorFilters = (tenantId: Id<"tenants">, scope: string, contextKey: string) => ({
  vectorScope: `${tenantId}|${scope}`,
  vectorContext: `${tenantId}|${scope}|${contextKey}`,
});

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
