/**
 * Moving a tenant (convex/platform/moveData.ts) copies memoryEmbeddings like
 * every tenant table and remaps the ids it finds through the schema's
 * validators: a memory's embeddingId must be one of them, and the embedding
 * row must not point back (a cycle of references is a pair of rows neither of
 * which can be written first on the target).
 */
import { describe, expect, it } from "vitest";
import { idsIn, mapIds } from "../../convex/platform/moveIds";
import { MOVE_TABLES } from "../../convex/lib/moveHook";

const tenantId = "tenant-a";
const embeddingId = "embedding-1";
const memory = {
  _id: "memory-1",
  _creationTime: 1,
  tenantId,
  scope: "production:",
  namespace: "global",
  type: "note",
  content: "x",
  createdBy: "tau",
  contextKey: "",
  embeddingId,
  bytes: 1,
  createdAt: 1,
};
const embedding = {
  _id: embeddingId,
  _creationTime: 1,
  tenantId,
  scope: "production:",
  embedding: [0.1, 0.2],
  vectorScope: `${tenantId}|production:`,
  vectorContext: `${tenantId}|production:|`,
  createdAt: 1,
};

describe("memory embeddings in a tenant move", () => {
  it("are a moved table, copied before the memories that link to them", () => {
    expect(MOVE_TABLES).toContain("memoryEmbeddings");
    expect(MOVE_TABLES.indexOf("memoryEmbeddings")).toBeLessThan(MOVE_TABLES.indexOf("memories"));
  });

  it("a memory's embeddingId is remapped; the embedding row names only its tenant", () => {
    expect(idsIn("memories", memory)).toEqual(
      expect.arrayContaining([
        { table: "tenants", id: tenantId },
        { table: "memoryEmbeddings", id: embeddingId },
      ]),
    );
    expect(idsIn("memoryEmbeddings", embedding)).toEqual([{ table: "tenants", id: tenantId }]);
    const moved = mapIds("memories", memory, (id) => `target-${id}`);
    expect(moved).toMatchObject({ tenantId: "target-tenant-a", embeddingId: "target-embedding-1" });
  });
});
