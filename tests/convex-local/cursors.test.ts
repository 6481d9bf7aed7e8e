/**
 * Page cursors stay inside their query's range (lib/local/convex/query-engine.ts
 * cursorWithin): a forged, undecodable or another query's cursor is refused as a
 * deployment refuses it, instead of starting the page wherever its key points,
 * which read other owners' rows of the same index and rows of other tables.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConvexLocal, type ConvexLocalHandle } from "../../lib/local/convex/index";
import { scratchDir } from "./support/server";

// Inside the project's node_modules so the bundled schema resolves `convex/*` like a real convex/ folder.
const root = path.resolve(import.meta.dirname, "../../node_modules/.cache/convex-local-cursors", `${process.pid}-${Date.now()}`);
const functionsDir = path.join(root, "convex");
const dataDir = scratchDir("cursors");
let t: ConvexLocalHandle;

beforeAll(async () => {
  fs.mkdirSync(functionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(functionsDir, "schema.ts"),
    `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  notes: defineTable({ owner: v.string(), n: v.number() }).index("by_owner", ["owner", "n"]),
  secrets: defineTable({ text: v.string() }),
});
`,
  );
  t = await startConvexLocal({ dataDir, port: 0, functionsDir });
  /* eslint-disable @typescript-eslint/no-explicit-any -- inline functions over tables this test defines */
  await t.run(async (ctx: any) => {
    for (const owner of ["acme", "globex"]) for (let n = 0; n < 5; n++) await ctx.db.insert("notes", { owner, n });
    await ctx.db.insert("secrets", { text: "globex secret" });
  });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Page = { page: { owner: string; n: number }[]; continueCursor: string; isDone: boolean };
const page = (owner: string, cursor: string | null, order: "asc" | "desc" = "asc") =>
  t.run(
    async (ctx: any) =>
      await ctx.db
        .query("notes")
        .withIndex("by_owner", (q: any) => q.eq("owner", owner))
        .order(order)
        .paginate({ cursor, numItems: 2 }),
  ) as Promise<Page>;

describe("page cursors", () => {
  it("continue their own query, ascending and descending", async () => {
    for (const order of ["asc", "desc"] as const) {
      const seen: number[] = [];
      let cursor: string | null = null;
      for (;;) {
        const p: Page = await page("acme", cursor, order);
        seen.push(...p.page.map((d) => (expect(d.owner).toBe("acme"), d.n)));
        if (p.isDone) break;
        cursor = p.continueCursor;
      }
      expect(seen).toEqual(order === "asc" ? [0, 1, 2, 3, 4] : [4, 3, 2, 1, 0]);
    }
  });

  it("refuse another query's cursor, a forged one and an undecodable one", async () => {
    const globexCursor = (await page("globex", null)).continueCursor;
    for (const cursor of [globexCursor, Buffer.from("zzzz").toString("base64url"), "%%%", ""])
      await expect(page("acme", cursor)).rejects.toThrow(/InvalidCursor/);
  });
});
