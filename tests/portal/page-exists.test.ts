// Issue 18: the workspace layout answers 404 for an address that names no page, before the loading
// boundary starts a 200 response. Its list of pages must be the app's: a page added without an entry
// would answer 404 itself, and an entry left behind would let a removed page's address stream a 200.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
vi.mock("server-only", () => ({}));
const { WORKSPACE_PAGES, workspacePageOf } = await import("../../lib/server/portal/page-exists");

const ROOT = path.join(__dirname, "../../app/(app)/t/[slug]");

function pagesUnder(dir: string, rel: string[] = []): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === "page.tsx") out.push(rel.join("/"));
    if (!entry.isDirectory() || entry.name.startsWith("[...")) continue;
    const name = entry.name.startsWith("(") ? null : entry.name.startsWith("[") ? "*" : entry.name;
    out.push(...pagesUnder(path.join(dir, entry.name), name === null ? rel : [...rel, name]));
  }
  return out;
}

describe("workspace pages", () => {
  it("are exactly the page.tsx files under app/(app)/t/[slug] (the catch-all aside)", () => {
    expect([...WORKSPACE_PAGES].sort()).toEqual(pagesUnder(ROOT).sort());
  });

  it.each([
    [[], ""],
    [["agents"], "agents"],
    [["agents", "k57abc"], "agents/*"],
    [["billing", "invoices", "x"], "billing/invoices/*"],
    [["nope"], null],
    [["agents", "a", "b"], null],
    [["billing", "invoices"], null],
    [["settings", "export"], null], // a route handler, which no layout renders
  ])("%j is %j", (rest, page) => {
    expect(workspacePageOf(rest)).toBe(page);
  });
});
