/**
 * Schema evolution across restarts on one data directory, as a developer
 * edits convex/schema.ts: change an index's kind (search index to index and
 * back), rename, add and drop indexes and tables, add an optional field. Each
 * restart keeps every document and backfills new indexes; a schema the
 * existing documents do not match is refused, naming them, and leaves the
 * data as it was.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startConvexLocal, type ConvexLocalHandle } from "../../lib/local/convex/index";
import { scratchDir } from "./support/server";

// Inside the project's node_modules so the bundled schema resolves `convex/*` like a real convex/ folder.
const root = path.resolve(import.meta.dirname, "../../node_modules/.cache/convex-local-evolution", `${process.pid}-${Date.now()}`);
const functionsDir = path.join(root, "convex");
const dataDir = scratchDir("evolution");
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Tables = Record<string, { fields: string; indexes?: string }>;

function writeSchema(tables: Tables) {
  fs.mkdirSync(functionsDir, { recursive: true });
  const body = Object.entries(tables)
    .map(([name, t]) => `  ${name}: defineTable({ ${t.fields} })${t.indexes ?? ""},`)
    .join("\n");
  fs.writeFileSync(
    path.join(functionsDir, "schema.ts"),
    `import { defineSchema, defineTable } from "convex/server";\nimport { v } from "convex/values";\n\nexport default defineSchema({\n${body}\n});\n`,
  );
}

/* eslint-disable @typescript-eslint/no-explicit-any -- inline functions over tables this test defines on the fly */
const start = () => startConvexLocal({ dataDir, port: 0, functionsDir });
async function withServer<T>(tables: Tables, body: (t: ConvexLocalHandle) => Promise<T>): Promise<T> {
  writeSchema(tables);
  const t = await start();
  try {
    return await body(t);
  } finally {
    await t.close();
  }
}
const all = (t: ConvexLocalHandle, table: string) =>
  t.run(async (ctx: any) => (await ctx.db.query(table).collect()) as Record<string, unknown>[]);
const byIndex = (t: ConvexLocalHandle, table: string, index: string, field: string, value: string) =>
  t.run(async (ctx: any) =>
    (
      await ctx.db
        .query(table)
        .withIndex(index, (q: any) => q.eq(field, value))
        .collect()
    ).map((d: any) => d.body),
  );
const search = (t: ConvexLocalHandle, text: string) =>
  t.run(async (ctx: any) =>
    (
      await ctx.db
        .query("notes")
        .withSearchIndex("find", (q: any) => q.search("body", text))
        .collect()
    ).map((d: any) => d.body),
  );

const NOTES = `body: v.string(), kind: v.string()`;
const BODIES = ["alpha one", "beta two", "gamma three", "alpha four"];

describe("schema evolution across restarts", () => {
  let snapshot: Record<string, unknown>[] = [];

  it("starts with a search index and an index, and keeps the documents written", async () => {
    await withServer(
      {
        notes: { fields: NOTES, indexes: `.searchIndex("find", { searchField: "body" }).index("by_kind", ["kind"])` },
        items: { fields: `n: v.number()` },
      },
      async (t) => {
        await t.run(async (ctx: any) => {
          for (const [i, body] of BODIES.entries()) await ctx.db.insert("notes", { body, kind: i % 2 ? "odd" : "even" });
          for (let n = 0; n < 5; n++) await ctx.db.insert("items", { n });
        });
        expect((await search(t, "alpha")).sort()).toEqual(["alpha four", "alpha one"]);
        snapshot = await all(t, "notes");
      },
    );
  });

  it("a search index becomes an ordinary index of the same name (was: UNIQUE constraint failed)", async () => {
    await withServer(
      { notes: { fields: NOTES, indexes: `.index("find", ["body"]).index("by_kind", ["kind"])` }, items: { fields: `n: v.number()` } },
      async (t) => {
        expect(await all(t, "notes")).toEqual(snapshot);
        expect(await byIndex(t, "notes", "find", "body", "beta two")).toEqual(["beta two"]);
      },
    );
  });

  it("and back to a search index, backfilled", async () => {
    await withServer(
      {
        notes: { fields: NOTES, indexes: `.searchIndex("find", { searchField: "body" }).index("by_kind", ["kind"])` },
        items: { fields: `n: v.number()` },
      },
      async (t) => {
        expect(await all(t, "notes")).toEqual(snapshot);
        expect((await search(t, "alpha")).sort()).toEqual(["alpha four", "alpha one"]);
      },
    );
  });

  it("renames an index, adds one, drops a table from the schema, adds a table and an optional field", async () => {
    await withServer(
      {
        notes: {
          fields: `${NOTES}, tag: v.optional(v.string())`,
          indexes: `.searchIndex("find", { searchField: "body" }).index("by_kind_renamed", ["kind"]).index("by_body_kind", ["body", "kind"])`,
        },
        extra: { fields: `x: v.number()` },
      },
      async (t) => {
        expect(await all(t, "notes")).toEqual(snapshot);
        expect(((await byIndex(t, "notes", "by_kind_renamed", "kind", "even")) as string[]).sort()).toEqual(["alpha one", "gamma three"]);
        expect(await byIndex(t, "notes", "by_body_kind", "body", "gamma three")).toEqual(["gamma three"]);
        // The old name is gone, as on a deployment.
        await expect(byIndex(t, "notes", "by_kind", "kind", "even")).rejects.toThrow(/by_kind/);
        // A table left out of the schema keeps its documents.
        expect((await all(t, "items")).map((d) => d.n)).toEqual([0, 1, 2, 3, 4]);
        await t.run((ctx: any) => ctx.db.insert("notes", { body: "delta five", kind: "odd", tag: "new" }));
        snapshot = await all(t, "notes");
      },
    );
  });

  it("refuses a schema the documents do not match, naming them, and changes nothing", async () => {
    writeSchema({
      notes: { fields: `${NOTES}, tag: v.optional(v.string()), owner: v.string()`, indexes: `.index("by_owner", ["owner"])` },
    });
    const err = await start().then(
      async (t) => (await t.close(), null),
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/Schema validation failed/);
    expect(err?.message).toMatch(new RegExp(`Document with ID "${String(snapshot[0]._id)}" in table "notes" does not match the schema`));
    expect(err?.message).toMatch(/owner/);
    // The previous schema still starts, with every document and index as before.
    await withServer(
      {
        notes: {
          fields: `${NOTES}, tag: v.optional(v.string())`,
          indexes: `.searchIndex("find", { searchField: "body" }).index("by_kind_renamed", ["kind"]).index("by_body_kind", ["body", "kind"])`,
        },
        extra: { fields: `x: v.number()` },
      },
      async (t) => {
        expect(await all(t, "notes")).toEqual(snapshot);
        expect((await all(t, "items")).length).toBe(5);
        expect((await search(t, "delta")).sort()).toEqual(["delta five"]);
      },
    );
  });

  it("accepts the same change once the documents match (an index on the new field is backfilled)", async () => {
    await withServer(
      {
        notes: { fields: `${NOTES}, tag: v.optional(v.string()), owner: v.optional(v.string())`, indexes: `.index("by_owner", ["owner"])` },
      },
      async (t) => {
        await t.run(async (ctx: any) => {
          for (const d of await ctx.db.query("notes").collect()) await ctx.db.patch(d._id, { owner: "ann" });
        });
      },
    );
    await withServer(
      { notes: { fields: `${NOTES}, tag: v.optional(v.string()), owner: v.string()`, indexes: `.index("by_owner", ["owner"])` } },
      async (t) => {
        expect((await byIndex(t, "notes", "by_owner", "owner", "ann")).length).toBe(snapshot.length);
      },
    );
  });
});
