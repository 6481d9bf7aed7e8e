/** docs/notifications.md tells the truth about the kinds: its table is the kinds table's. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { kindsTable } from "./kinds-table";

const cells = (table: string) =>
  table
    .split("\n")
    .filter((row) => row.startsWith("|") && !/^\|[\s|:-]+\|$/.test(row))
    .map((row) =>
      row
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );

describe("docs/notifications.md", () => {
  it("lists every kind with who gets it, its channels and dedupe window, as lib/domain/notifications/kinds.ts has them", () => {
    const doc = fs.readFileSync(path.join(__dirname, "../../docs/notifications.md"), "utf8");
    const table = /<!-- kinds:start[^>]*-->([\s\S]*?)<!-- kinds:end -->/.exec(doc)?.[1];
    expect(table, "the kinds:start/kinds:end markers").toBeDefined();
    // Cell by cell: Prettier pads the document's columns.
    expect(cells(table!)).toEqual(cells(kindsTable()));
  });
});
