/**
 * The integer first pass of vector search (lib/local/convex/vector-screen.ts)
 * changes nothing but speed: for random, clustered, duplicated and degenerate
 * vectors, scoring only its candidates gives exactly the top k of scoring
 * every row (same ids, same order, ties included), and on spread-out vectors
 * it leaves only a small share of the rows to score. Through ctx.vectorSearch,
 * a partition big enough to be screened ranks as a brute-force cosine does.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startConvexLocal } from "../../lib/local/convex/index";
import { buildScreen, candidates, SCREEN_MIN_ROWS } from "../../lib/local/convex/vector-screen";
import { scratchDir } from "./support/server";

/** Deterministic pseudo-random numbers in [-0.5, 0.5) (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

function unit(v: number[]): Float32Array {
  const out = Float32Array.from(v);
  let n = 0;
  for (const x of out) n += x * x;
  if (n > 0) for (let i = 0; i < out.length; i++) out[i] /= Math.sqrt(n);
  return out;
}

/** vector.ts's layout: row 0 the query's, document i at row i + 1, rows padded to a multiple of 4. */
function layout(rows: Float32Array[], dims: number) {
  const stride = Math.ceil(dims / 4) * 4;
  const mat = new Float32Array((rows.length + 1) * stride);
  rows.forEach((r, i) => mat.set(r, (i + 1) * stride));
  return { mat, stride };
}

const dot = (mat: Float32Array, q: Float32Array, off: number) => {
  let s = 0;
  for (let i = 0; i < q.length; i++) s += q[i] * mat[off + i];
  return s;
};

/** The k best row numbers, best first; a tie keeps the earlier row first (vector.ts's TopK). */
function topK(mat: Float32Array, stride: number, q: Float32Array, rows: Iterable<number>, k: number): number[] {
  const best: { i: number; s: number }[] = [];
  for (const i of rows) {
    const s = dot(mat, q, (i + 1) * stride);
    let at = best.length;
    while (at > 0 && best[at - 1].s < s) at--;
    best.splice(at, 0, { i, s });
    if (best.length > k) best.pop();
  }
  return best.map((b) => b.i);
}

function check(rows: Float32Array[], queries: Float32Array[], dims: number, k: number) {
  const { mat, stride } = layout(rows, dims);
  const screen = buildScreen(mat, rows.length, dims, stride);
  expect(screen).not.toBeNull();
  let scored = 0;
  for (const q of queries) {
    const cand = candidates(screen!, q, k);
    scored += cand.length;
    expect(cand).toEqual([...cand].sort((a, b) => a - b));
    expect(topK(mat, stride, q, cand, k)).toEqual(topK(mat, stride, q, rows.keys(), k));
  }
  return scored / queries.length;
}

describe("vector search's integer first pass", () => {
  const r = rng(7);
  const random = (dims: number) => unit(Array.from({ length: dims }, r));

  it("gives the exact top k over spread-out vectors, scoring only a few of the rows", () => {
    const rows = Array.from({ length: 3000 }, () => random(1536));
    const queries = Array.from({ length: 20 }, () => random(1536));
    const scoredPerQuery = check(rows, queries, 1536, 10);
    expect(scoredPerQuery).toBeLessThan(rows.length / 10);
    for (const k of [1, 256]) check(rows, queries.slice(0, 3), 1536, k);
  });

  it("gives the exact top k over clustered and duplicated vectors, ties in row order", () => {
    const base = Array.from({ length: 100 }, r);
    const near = Array.from({ length: 800 }, (_, i) => (i % 7 === 0 ? unit(base) : unit(base.map((x) => x + r() * 0.01))));
    const queries = [unit(base), unit(base.map((x) => x + r() * 0.05)), ...Array.from({ length: 5 }, () => random(100))];
    check(near, queries, 100, 10);
    check(near, queries, 100, 200);
  });

  it("scores zero vectors and a zero query as the plain scan does; a partition holding NaN is always scanned in full", () => {
    const rows = Array.from({ length: SCREEN_MIN_ROWS + 10 }, (_, i) => (i % 50 === 0 ? new Float32Array(36) : random(36)));
    const { mat, stride } = layout(rows, 36);
    const screen = buildScreen(mat, rows.length, 36, stride)!;
    for (const q of [new Float32Array(36), random(36), random(36)]) {
      const cand = candidates(screen, q, 10);
      expect(topK(mat, stride, q, cand, 10)).toEqual(topK(mat, stride, q, rows.keys(), 10));
    }
    // A query holding NaN: every row is a candidate.
    expect(
      candidates(
        screen,
        Float32Array.from({ length: 36 }, (_, j) => (j === 3 ? NaN : 0.1)),
        10,
      ),
    ).toHaveLength(rows.length);
    rows[77] = Float32Array.from({ length: 36 }, (_, j) => (j === 3 ? NaN : 0.1));
    const withNaN = layout(rows, 36);
    expect(buildScreen(withNaN.mat, rows.length, 36, withNaN.stride)).toBeNull();
  });

  it("is not built for partitions too small to pay for it", () => {
    const rows = Array.from({ length: SCREEN_MIN_ROWS - 1 }, () => random(16));
    const { mat, stride } = layout(rows, 16);
    expect(buildScreen(mat, rows.length, 16, stride)).toBeNull();
  });
});

// Inside the project's node_modules so the bundled schema resolves `convex/*` like a real convex/ folder.
const root = path.resolve(import.meta.dirname, "../../node_modules/.cache/convex-local-vector-screen", `${process.pid}-${Date.now()}`);
const dataDir = scratchDir("vector-screen");
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("ctx.vectorSearch over a screened partition", () => {
  it("ranks as a brute-force cosine does, within the filter", async () => {
    fs.mkdirSync(path.join(root, "convex"), { recursive: true });
    fs.writeFileSync(
      path.join(root, "convex", "schema.ts"),
      `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  chunks: defineTable({ tenant: v.string(), embedding: v.array(v.float64()) })
    .vectorIndex("by_embedding", { vectorField: "embedding", dimensions: 48, filterFields: ["tenant"] }),
});
`,
    );
    const r = rng(11);
    const docs = Array.from({ length: 2 * SCREEN_MIN_ROWS + 200 }, (_, i) => ({
      tenant: i % 2 === 0 ? "acme" : "globex",
      embedding: Array.from({ length: 48 }, r),
    }));
    const t = await startConvexLocal({ dataDir, port: 0, functionsDir: path.join(root, "convex") });
    try {
      /* eslint-disable @typescript-eslint/no-explicit-any -- inline functions over a table this test defines */
      const ids = (await t.run(async (ctx: any) => {
        const out: string[] = [];
        for (const d of docs) out.push(await ctx.db.insert("chunks", d));
        return out;
      })) as string[];
      const cos = (a: number[], b: number[]) => {
        let ab = 0,
          aa = 0,
          bb = 0;
        for (let i = 0; i < a.length; i++) [ab, aa, bb] = [ab + a[i] * b[i], aa + a[i] * a[i], bb + b[i] * b[i]];
        return ab / Math.sqrt(aa * bb);
      };
      for (let n = 0; n < 5; n++) {
        const vector = Array.from({ length: 48 }, r);
        const found = (await t.action(async (ctx: any) =>
          ctx.vectorSearch("chunks", "by_embedding", { vector, limit: 10, filter: (q: any) => q.eq("tenant", "acme") }),
        )) as { _id: string; _score: number }[];
        const want = docs
          .map((d, i) => ({ id: ids[i], tenant: d.tenant, s: cos(vector, d.embedding) }))
          .filter((d) => d.tenant === "acme")
          .sort((a, b) => b.s - a.s)
          .slice(0, 10);
        expect(found.map((f) => f._id)).toEqual(want.map((w) => w.id));
        found.forEach((f, i) => expect(f._score).toBeCloseTo(want[i].s, 4));
      }
    } finally {
      await t.close();
    }
  });
});
