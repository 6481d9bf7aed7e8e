/** The audit log's CSV cells: RFC 4180 quoting, and no cell a spreadsheet would run as a formula. */
import { describe, expect, it } from "vitest";
import { csvField, csvLine } from "@/app/(app)/admin/audit/export/csv";

describe("csv", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ["+1", "'+1"],
    ["-2", "'-2"],
    ["@sum", "'@sum"],
  ])("%j -> %j", (input, output) => expect(csvField(input)).toBe(output));

  it("joins a line with CRLF", () => expect(csvLine(["a", "b,c"])).toBe('a,"b,c"\r\n'));
});
