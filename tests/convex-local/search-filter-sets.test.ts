/**
 * A search's equality filters are matched with one token per combination of
 * filter fields (lib/local/convex/search.ts): every combination a query can
 * give, a field given twice, a value shared by every document and a missing
 * one return exactly the documents a plain filter would, and a data directory
 * indexed with one token per field (layout 2) is rebuilt at start.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startConvexLocal, type ConvexLocalHandle } from "../../lib/local/convex/index";
import { scratchDir } from "./support/server";

// Inside the project's node_modules so the bundled schema resolves `convex/*` like a real convex/ folder.
const root = path.resolve(import.meta.dirname, "../../node_modules/.cache/convex-local-search-sets", `${process.pid}-${Date.now()}`);
const functionsDir = path.join(root, "convex");
const dataDir = scratchDir("search-sets");
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});
fs.mkdirSync(functionsDir, { recursive: true });
fs.writeFileSync(
  path.join(functionsDir, "schema.ts"),
  `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  notes: defineTable({ owner: v.string(), scope: v.string(), topic: v.optional(v.string()), rank: v.number(), body: v.string() })
    .searchIndex("find", { searchField: "body", filterFields: ["owner", "scope", "topic", "rank"] }),
});
`,
);

const FIELDS = ["owner", "scope", "topic", "rank"] as const;
type Note = { owner: string; scope: string; topic?: string; rank: number; body: string };
type Eq = [(typeof FIELDS)[number], unknown];

/* eslint-disable @typescript-eslint/no-explicit-any -- inline functions over a table this test defines */
const find = (t: ConvexLocalHandle, text: string, eqs: Eq[]) =>
  t.run(async (ctx: any) =>
    (
      await ctx.db
        .query("notes")
        .withSearchIndex("find", (q: any) => eqs.reduce((s, [field, value]) => s.eq(field, value), q.search("body", text)))
        .collect()
    )
      .map((d: any) => d.body as string)
      .sort(),
  ) as Promise<string[]>;

async function withServer<T>(body: (t: ConvexLocalHandle) => Promise<T>): Promise<T> {
  const t = await startConvexLocal({ dataDir, port: 0, functionsDir });
  try {
    return await body(t);
  } finally {
    await t.close();
  }
}

// Every note holds the word "launch"; the filter values are spread so each combination selects a different set.
const notes: Note[] = Array.from({ length: 48 }, (_, i) => ({
  owner: ["acme", "globex", "initech"][i % 3],
  scope: "production:", // shared by every note, as a scope is across tenants
  ...(i % 4 === 0 ? {} : { topic: ["a", "b", "c"][i % 4 === 1 ? 0 : i % 2] }),
  rank: i % 5,
  body: `launch note ${i}`,
}));
const expected = (eqs: Eq[]) =>
  notes
    .filter((n) => eqs.every(([f, v]) => n[f] === v))
    .map((n) => n.body)
    .sort();
const values: Record<(typeof FIELDS)[number], unknown[]> = {
  owner: ["acme", "globex", "umbrella"],
  scope: ["production:", "staging:"],
  topic: ["a", "b", undefined],
  rank: [0, 3],
};
/** Every combination of fields (the empty one too), each with every value above. */
function queries(): Eq[][] {
  const out: Eq[][] = [];
  for (let mask = 0; mask < 1 << FIELDS.length; mask++) {
    let sets: Eq[][] = [[]];
    FIELDS.forEach((f, i) => {
      if (mask & (1 << i)) sets = sets.flatMap((s) => values[f].map((v) => [...s, [f, v] as Eq]));
    });
    out.push(...sets);
  }
  return out;
}

describe("search filters by combination of fields", () => {
  it("return exactly the documents every equality selects, for each combination of fields and values", async () => {
    await withServer(async (t) => {
      await t.run(async (ctx: any) => {
        for (const n of notes) await ctx.db.insert("notes", n);
      });
      const all = queries();
      expect(all.length).toBeGreaterThan(100);
      let nonEmpty = 0;
      for (const eqs of all) {
        const want = expected(eqs);
        if (want.length > 0) nonEmpty++;
        expect({ eqs, got: await find(t, "launch", eqs) }).toEqual({ eqs, got: want });
      }
      expect(nonEmpty).toBeGreaterThan(50);
    });
  });

  it("a field given twice: the same value as once, two values nothing; the order of fields does not matter", async () => {
    await withServer(async (t) => {
      expect(
        await find(t, "launch", [
          ["owner", "acme"],
          ["owner", "acme"],
        ]),
      ).toEqual(expected([["owner", "acme"]]));
      expect(
        await find(t, "launch", [
          ["owner", "acme"],
          ["owner", "globex"],
        ]),
      ).toEqual([]);
      const rankFirst = await find(t, "launch", [
        ["rank", 3],
        ["owner", "globex"],
      ]);
      expect(rankFirst).toEqual(
        expected([
          ["owner", "globex"],
          ["rank", 3],
        ]),
      );
      expect(rankFirst.length).toBeGreaterThan(0);
    });
  });

  it("follow patches and deletes: a note moved to another owner is found under the new one only", async () => {
    await withServer(async (t) => {
      await t.run(async (ctx: any) => {
        const first = await ctx.db.query("notes").first();
        await ctx.db.patch(first._id, { owner: "umbrella", body: "moved launch" });
      });
      expect(await find(t, "moved", [["owner", "umbrella"]])).toEqual(["moved launch"]);
      expect(
        await find(t, "moved", [
          ["owner", "umbrella"],
          ["scope", "production:"],
        ]),
      ).toEqual(["moved launch"]);
      expect(await find(t, "moved", [["owner", "acme"]])).toEqual([]);
      await t.run(async (ctx: any) => {
        const moved = (await ctx.db.query("notes").collect()).find((n: any) => n.owner === "umbrella");
        await ctx.db.delete(moved._id);
      });
      expect(await find(t, "moved", [["owner", "umbrella"]])).toEqual([]);
    });
  });

  it("rebuilds an index written with one token per field (layout 2), keeping every document", async () => {
    const db = new Database(path.join(dataDir, "convex.sqlite3"));
    const row = db.prepare("SELECT id, spec FROM indexes WHERE tbl = 'notes' AND name = 'find'").get() as { id: number; spec: string };
    const spec = JSON.parse(row.spec) as { search: Record<string, unknown> };
    expect(spec.search.layout).toBe(3);
    spec.search.layout = 2;
    db.prepare("UPDATE indexes SET spec = ? WHERE id = ?").run(JSON.stringify(spec), row.id);
    // Layout 2's tokens are not the ones a query now asks for: unless the index is rebuilt, filtered searches find nothing.
    db.prepare(`UPDATE fts_${row.id} SET filters = 'f0xold f1xold f2xold f3xold'`).run();
    db.close();

    await withServer(async (t) => {
      const count = (await t.run(async (ctx: any) => (await ctx.db.query("notes").collect()).length)) as number;
      expect(count).toBe(notes.length - 1);
      const got = await find(t, "launch", [
        ["owner", "globex"],
        ["scope", "production:"],
      ]);
      expect(got).toEqual(
        expected([
          ["owner", "globex"],
          ["scope", "production:"],
        ]),
      );
      expect(got.length).toBeGreaterThan(0);
    });
  });
});
