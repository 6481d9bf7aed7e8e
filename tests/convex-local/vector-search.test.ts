/**
 * Vector search on convex-local (issue 15): `vectorIndex` in the schema and
 * `ctx.vectorSearch` in actions, with the backend's rules (crates/vector):
 * cosine `_score`, best first; limit 10 by default, at most 256; `q.eq` /
 * `q.or` on filter fields only; a query vector of the wrong length refused; a
 * document whose vector has the wrong length stored but left out of the
 * index. The index is written in the document's transaction, survives a
 * restart and is backfilled when a schema adds it to a table with documents.
 *
 * Results are checked against a brute-force cosine ranking computed here.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startConvexLocal, type ConvexLocalHandle } from "../../lib/local/convex/index";
import { checkSchema, type SchemaJson } from "../../lib/local/convex/push-rules";
import { scratchDir } from "./support/server";

/* eslint-disable @typescript-eslint/no-explicit-any -- inline functions over a table this test defines on the fly */
// Inside the project's node_modules so the bundled schema resolves `convex/*` like a real convex/ folder.
const root = path.resolve(import.meta.dirname, "../../node_modules/.cache/convex-local-vector", `${process.pid}-${Date.now()}`);
const functionsDir = path.join(root, "convex");
const dataDir = scratchDir("vector");
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const DIMS = 8;
const FIELDS = `tenant: v.string(), kind: v.optional(v.string()), embedding: v.array(v.float64())`;
const WITH_INDEX = `.vectorIndex("by_embedding", { vectorField: "embedding", dimensions: ${DIMS}, filterFields: ["tenant", "kind"] })`;

function writeSchema(indexes: string) {
  fs.mkdirSync(functionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(functionsDir, "schema.ts"),
    `import { defineSchema, defineTable } from "convex/server";\nimport { v } from "convex/values";\n\nexport default defineSchema({\n  chunks: defineTable({ ${FIELDS} })${indexes},\n  points: defineTable({ p: v.array(v.float64()) }).vectorIndex("by_p", { vectorField: "p", dimensions: 6 }),\n});\n`,
  );
}

async function withServer<T>(indexes: string, body: (t: ConvexLocalHandle) => Promise<T>): Promise<T> {
  writeSchema(indexes);
  const t = await startConvexLocal({ dataDir, port: 0, functionsDir });
  try {
    return await body(t);
  } finally {
    await t.close();
  }
}

/** Deterministic pseudo-random vectors (mulberry32), so a failure reproduces. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}
const rand = rng(42);
const vec = (n = DIMS) => Array.from({ length: n }, rand);

function cosine(a: number[], b: number[]) {
  let d = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return d / Math.sqrt(na * nb);
}

type Row = { _id: string; tenant: string; kind?: string; embedding: number[] };
const all = (t: ConvexLocalHandle) => t.run(async (ctx: any) => (await ctx.db.query("chunks").collect()) as Row[]);

/** The reference: every indexed document matching `keep`, ranked by cosine, first `limit`. */
function brute(rows: Row[], q: number[], keep: (r: Row) => boolean, limit = 10) {
  return rows
    .filter((r) => r.embedding.length === DIMS && keep(r))
    .map((r) => ({ _id: r._id, _score: cosine(q, r.embedding) }))
    .sort((a, b) => b._score - a._score)
    .slice(0, limit);
}

function expectSameRanking(got: { _id: string; _score: number }[], want: { _id: string; _score: number }[]) {
  expect(got.map((r) => r._id)).toEqual(want.map((r) => r._id));
  got.forEach((r, i) => expect(r._score).toBeCloseTo(want[i]._score, 5));
}

const search = (t: ConvexLocalHandle, query: Record<string, unknown>, filter?: (q: any) => any) =>
  t.action(async (ctx: any) => ctx.vectorSearch("chunks", "by_embedding", filter ? { ...query, filter } : query)) as Promise<
    { _id: string; _score: number }[]
  >;

const TENANTS = ["acme", "globex", "initech"];

describe("vector search", () => {
  let snapshot: Row[] = [];
  const q = vec();

  it("backfills a vector index added to a table that already has documents", async () => {
    await withServer("", async (t) => {
      await t.run(async (ctx: any) => {
        for (let i = 0; i < 120; i++) {
          await ctx.db.insert("chunks", { tenant: TENANTS[i % 3], kind: i % 2 ? "faq" : "doc", embedding: vec() });
        }
      });
      // Without the index the search is refused, naming it.
      await expect(search(t, { vector: q })).rejects.toThrow(/chunks\.by_embedding not found/);
    });
    await withServer(WITH_INDEX, async (t) => {
      snapshot = await all(t);
      expectSameRanking(
        await search(t, { vector: q }),
        brute(snapshot, q, () => true),
      );
    });
  });

  it("ranks by cosine similarity, best first, within q.eq and q.or filters", async () => {
    await withServer(WITH_INDEX, async (t) => {
      expectSameRanking(
        await search(t, { vector: q, limit: 25 }, (f) => f.eq("tenant", "acme")),
        brute(snapshot, q, (r) => r.tenant === "acme", 25),
      );
      // q.or across values of one field, and across two fields (a document matching both counts once).
      expectSameRanking(
        await search(t, { vector: q, limit: 256 }, (f) => f.or(f.eq("tenant", "acme"), f.eq("tenant", "globex"))),
        brute(snapshot, q, (r) => r.tenant === "acme" || r.tenant === "globex", 256),
      );
      const mixed = await search(t, { vector: q, limit: 256 }, (f) => f.or(f.eq("tenant", "initech"), f.eq("kind", "faq")));
      expectSameRanking(
        mixed,
        brute(snapshot, q, (r) => r.tenant === "initech" || r.kind === "faq", 256),
      );
      expect(new Set(mixed.map((r) => r._id)).size).toBe(mixed.length);
      // No document of another tenant ever comes back under a tenant filter.
      const byId = new Map(snapshot.map((r) => [r._id, r]));
      for (const r of await search(t, { vector: q, limit: 256 }, (f) => f.eq("tenant", "globex")))
        expect(byId.get(r._id)!.tenant).toBe("globex");
      expect(await search(t, { vector: q }, (f) => f.eq("tenant", "nobody"))).toEqual([]);
      // A missing filter value is `undefined`, as on the backend.
      const untagged = await t.run((ctx: any) => ctx.db.insert("chunks", { tenant: "acme", embedding: vec() }));
      expect((await search(t, { vector: q }, (f) => f.eq("kind", undefined))).map((r) => r._id)).toEqual([untagged]);
      await t.run((ctx: any) => ctx.db.delete(untagged));
    });
  });

  it("applies the limit rules: 10 by default, up to 256, more refused", async () => {
    await withServer(WITH_INDEX, async (t) => {
      expect(await search(t, { vector: q })).toHaveLength(10);
      expect(await search(t, { vector: q, limit: 256 })).toHaveLength(snapshot.length);
      // The backend bounds limit only from above (VectorSchema::compile); 0 asks for nothing.
      expect(await search(t, { vector: q, limit: 0 })).toEqual([]);
      await expect(search(t, { vector: q, limit: 257 })).rejects.toThrow(
        /VectorLimitTooLargeError: Vector queries can fetch at most 256 results, requested 257/,
      );
    });
  });

  it("refuses a query vector of the wrong length and a filter on a field outside filterFields", async () => {
    await withServer(WITH_INDEX, async (t) => {
      await expect(search(t, { vector: vec(DIMS + 1) })).rejects.toThrow(
        /VectorDimensionsMismatch: Expected a vector with dimensions 8, received 9/,
      );
      await expect(search(t, { vector: [] })).rejects.toThrow(/`vector` must be a non-empty Array/);
      await expect(search(t, { vector: q }, (f) => f.eq("embedding", []))).rejects.toThrow(/IncorrectVectorFilterField/);
    });
  });

  it("stores a document whose vector has the wrong length but leaves it out of the index, as the backend does", async () => {
    await withServer(WITH_INDEX, async (t) => {
      const id = await t.run((ctx: any) => ctx.db.insert("chunks", { tenant: "solo", embedding: vec(DIMS - 1) }));
      expect(await t.run((ctx: any) => ctx.db.get(id))).not.toBeNull();
      expect(await search(t, { vector: q }, (f) => f.eq("tenant", "solo"))).toEqual([]);
      // Patched to the right length it is indexed; moved to another tenant it leaves the first one's partition.
      const good = vec();
      await t.run((ctx: any) => ctx.db.patch(id, { embedding: good }));
      const [hit] = await search(t, { vector: good }, (f) => f.eq("tenant", "solo"));
      expect(hit._id).toBe(id);
      expect(hit._score).toBeCloseTo(1, 5);
      await t.run((ctx: any) => ctx.db.patch(id, { tenant: "solo2" }));
      expect(await search(t, { vector: q }, (f) => f.eq("tenant", "solo"))).toEqual([]);
      expect((await search(t, { vector: q }, (f) => f.eq("tenant", "solo2"))).map((r) => r._id)).toEqual([id]);
      await t.run((ctx: any) => ctx.db.replace(id, { tenant: "solo2", embedding: vec(3) }));
      expect(await search(t, { vector: q }, (f) => f.eq("tenant", "solo2"))).toEqual([]);
      await t.run((ctx: any) => ctx.db.delete(id));
    });
  });

  it("scores dimensions that are not a multiple of 4, and sees each write in the next search (no stale partition)", async () => {
    await withServer(WITH_INDEX, async (t) => {
      const pts = Array.from({ length: 60 }, () => vec(6));
      const ids: string[] = await t.run(async (ctx: any) => Promise.all(pts.map((p) => ctx.db.insert("points", { p }))));
      const q6 = vec(6);
      const run = (vector: number[], limit = 60) =>
        t.action(async (ctx: any) => ctx.vectorSearch("points", "by_p", { vector, limit })) as Promise<{ _id: string; _score: number }[]>;
      const want = pts.map((p, i) => ({ _id: ids[i], _score: cosine(q6, p) })).sort((a, b) => b._score - a._score);
      expectSameRanking(await run(q6), want);
      // The partition is now cached: an insert, a patch and a delete must each show in the next search.
      const twin = await t.run((ctx: any) => ctx.db.insert("points", { p: q6.map((x) => x * 3) }));
      expect((await run(q6, 1))[0]._id).toBe(twin);
      await t.run((ctx: any) => ctx.db.patch(twin, { p: q6.map((x) => -x) }));
      expect((await run(q6, 61)).at(-1)!._id).toBe(twin);
      await t.run((ctx: any) => ctx.db.delete(twin));
      expectSameRanking(await run(q6), want);
    });
  });

  it("is only on ctx in actions; the syscall is refused from queries and mutations", async () => {
    await withServer(WITH_INDEX, async (t) => {
      expect(await t.query(async (ctx: any) => typeof ctx.vectorSearch)).toBe("undefined");
      expect(await t.mutation(async (ctx: any) => typeof ctx.vectorSearch)).toBe("undefined");
      const raw = async () =>
        (globalThis as any).Convex.asyncSyscall(
          "1.0/actions/vectorSearch",
          JSON.stringify({ query: { indexName: "chunks.by_embedding", vector: q, limit: 1, expressions: null } }),
        );
      await expect(t.mutation(raw)).rejects.toThrow(/only available in actions/);
      await expect(t.query(raw)).rejects.toThrow(/only available in actions/);
    });
  });

  it("keeps the index in the document's transaction: a rolled-back mutation leaves no vector", async () => {
    await withServer(WITH_INDEX, async (t) => {
      await expect(
        t.mutation(async (ctx: any) => {
          await ctx.db.insert("chunks", { tenant: "ghost", embedding: vec() });
          throw new Error("boom");
        }),
      ).rejects.toThrow(/boom/);
      expect(await search(t, { vector: q }, (f) => f.eq("tenant", "ghost"))).toEqual([]);
      // A rolled-back delete leaves the vector in place.
      const victim = snapshot[0]._id;
      await expect(
        t.mutation(async (ctx: any) => {
          await ctx.db.delete(victim);
          throw new Error("undo");
        }),
      ).rejects.toThrow(/undo/);
      const back = await search(t, { vector: snapshot[0].embedding, limit: 1 }, (f) => f.eq("tenant", snapshot[0].tenant));
      expect(back[0]._id).toBe(victim);
    });
  });

  it("survives a restart, and a schema dropping the index drops its vectors", async () => {
    await withServer(WITH_INDEX, async (t) => {
      expectSameRanking(
        await search(t, { vector: q, limit: 50 }),
        brute(snapshot, q, () => true, 50),
      );
    });
    await withServer("", async (t) => {
      await expect(search(t, { vector: q })).rejects.toThrow(/not found/);
      expect(await t.run(async (ctx: any) => (await ctx.db.query("chunks").collect()).length)).toBe(snapshot.length);
    });
  });
});

describe("vectorIndex push rules", () => {
  const schema = (dimensions: number, filterFields: string[] = []): SchemaJson => ({
    tables: [
      {
        tableName: "chunks",
        indexes: [],
        vectorIndexes: [{ indexDescriptor: "by_embedding", vectorField: "embedding", dimensions, filterFields }],
        documentType: null,
      },
    ],
  });
  it("accepts 2 to 4096 dimensions and refuses the rest", () => {
    expect(() => checkSchema(schema(2))).not.toThrow();
    expect(() => checkSchema(schema(4096))).not.toThrow();
    expect(() => checkSchema(schema(1))).toThrow(/must be between 2 and 4096/);
    expect(() => checkSchema(schema(4097))).toThrow(/must be between 2 and 4096/);
  });
  it("refuses more than 16 filter fields and reserved index names", () => {
    const many = Array.from({ length: 17 }, (_, i) => `f${i}`);
    expect(() => checkSchema(schema(8, many))).toThrow(/up to 16 filter fields/);
    const reserved = schema(8);
    reserved.tables[0].vectorIndexes![0].indexDescriptor = "by_id";
    expect(() => checkSchema(reserved)).toThrow(/IndexNameReserved/);
  });
});
