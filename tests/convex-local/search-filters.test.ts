/**
 * Search index filter fields are part of the index (lib/local/convex/search.ts):
 * two tenants' documents share every word, and a search filtered to one returns
 * only its documents, best first, whatever the other holds. A data directory
 * written before the filter values were indexed (layout 1) is rebuilt at start
 * and keeps every document.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startConvexLocal, type ConvexLocalHandle } from "../../lib/local/convex/index";
import { scratchDir } from "./support/server";

// Inside the project's node_modules so the bundled schema resolves `convex/*` like a real convex/ folder.
const root = path.resolve(import.meta.dirname, "../../node_modules/.cache/convex-local-search-filters", `${process.pid}-${Date.now()}`);
const functionsDir = path.join(root, "convex");
const dataDir = scratchDir("search-filters");
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
  notes: defineTable({ owner: v.string(), topic: v.optional(v.string()), body: v.string() })
    .searchIndex("find", { searchField: "body", filterFields: ["owner", "topic"] }),
});
`,
);

/* eslint-disable @typescript-eslint/no-explicit-any -- inline functions over a table this test defines */
const find = (t: ConvexLocalHandle, text: string, owner?: string, topic?: string) =>
  t.run(async (ctx: any) =>
    (
      await ctx.db
        .query("notes")
        .withSearchIndex("find", (q: any) => {
          let s = q.search("body", text);
          if (owner !== undefined) s = s.eq("owner", owner);
          if (topic !== undefined) s = s.eq("topic", topic);
          return s;
        })
        .take(20)
    ).map((d: any) => `${d.owner}:${d.body}`),
  ) as Promise<string[]>;

async function withServer<T>(body: (t: ConvexLocalHandle) => Promise<T>): Promise<T> {
  const t = await startConvexLocal({ dataDir, port: 0, functionsDir });
  try {
    return await body(t);
  } finally {
    await t.close();
  }
}

describe("search index filter fields", () => {
  it("return only the filtered documents, best first, with both owners holding the same words", async () => {
    await withServer(async (t) => {
      await t.run(async (ctx: any) => {
        for (const owner of ["acme", "globex"]) {
          await ctx.db.insert("notes", { owner, topic: "launch", body: "launch checklist launch" });
          await ctx.db.insert("notes", { owner, body: "a launch plan with many other words in it" });
        }
        // Many more of globex's, none of which an acme search may return or be slowed by.
        for (let i = 0; i < 300; i++) await ctx.db.insert("notes", { owner: "globex", body: `launch note ${i}` });
      });
      expect(await find(t, "launch", "acme")).toEqual(["acme:launch checklist launch", "acme:a launch plan with many other words in it"]);
      expect(await find(t, "launch", "acme", "launch")).toEqual(["acme:launch checklist launch"]);
      expect(await find(t, "checklist", "globex")).toEqual(["globex:launch checklist launch"]);
      expect(await find(t, "checklist")).toHaveLength(2);
      expect(await find(t, "launch", "initech")).toEqual([]);
    });
  });

  it("rebuilds an index written before filter values were indexed, keeping every document", async () => {
    // Turn the index back into the first layout: the search field only, no layout in its spec.
    const db = new Database(path.join(dataDir, "convex.sqlite3"));
    const row = db.prepare("SELECT id, spec FROM indexes WHERE tbl = 'notes' AND name = 'find'").get() as { id: number; spec: string };
    const spec = JSON.parse(row.spec) as { search: Record<string, unknown> };
    delete spec.search.layout;
    db.prepare("UPDATE indexes SET spec = ? WHERE id = ?").run(JSON.stringify(spec), row.id);
    db.exec(`CREATE TABLE old_rows AS SELECT doc_id, body FROM fts_${row.id}`);
    db.exec(`DROP TABLE fts_${row.id}`);
    db.exec(`CREATE VIRTUAL TABLE fts_${row.id} USING fts5(doc_id UNINDEXED, body, tokenize = 'unicode61')`);
    db.exec(`INSERT INTO fts_${row.id} (doc_id, body) SELECT doc_id, body FROM old_rows; DROP TABLE old_rows`);
    db.close();

    await withServer(async (t) => {
      expect(await find(t, "checklist", "acme")).toEqual(["acme:launch checklist launch"]);
      expect(await t.run(async (ctx: any) => (await ctx.db.query("notes").collect()).length)).toBe(304);
    });
  });
});
