import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv, toCsv } from "../../components/shared/csv";
import { readImportFile, MAX_IMPORT_ROWS } from "../../components/portal/team/import-file";
import { dailyCsv, groupCsv } from "../../components/portal/usage/usage-csv";

describe("CSV", () => {
  it("round-trips any table of strings (quotes, commas, newlines)", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r\n", " ", "é") }).filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const [header, ...body] = rows;
        expect(parseCsv(toCsv(header, body))).toEqual(rows);
      }),
    );
  });

  it("neutralises spreadsheet formulas but keeps negative numbers", () => {
    expect(toCsv(["a"], [["=HYPERLINK(1)"], ["-12.5"], ["@x"]])).toBe("a\r\n'=HYPERLINK(1)\r\n-12.5\r\n'@x\r\n");
  });

  it("reports an unterminated quote with its line", () => {
    expect(() => parseCsv('name,email\n"Ann,ann@x.test\n')).toThrow(/Line 2/);
  });
});

describe("bulk-invite file", () => {
  it("accepts name,email,role with a BOM, CRLF and blank lines, keeping line numbers", () => {
    const result = readImportFile('\uFEFFName,Email,Role\r\n\r\nAnn,ann@x.test,member\r\n"Lee, Bo",bo@x.test,admin\r\n');
    expect(result).toEqual({
      rows: [
        { line: 3, name: "Ann", email: "ann@x.test", role: "member" },
        { line: 4, name: "Lee, Bo", email: "bo@x.test", role: "admin" },
      ],
    });
  });

  it.each([
    ["", /empty/],
    ["email,name,role\nann@x.test,Ann,member\n", /header must be exactly/],
    ["name,email,role\n", /no rows/],
    ["name,email,role\nAnn,ann@x.test\n", /Line 2: expected 3 fields/],
    ["name,email,role\nAnn,ann@x.test,member,extra\n", /Line 2: expected 3 fields/],
    ['name,email,role\n"Ann,ann@x.test,member\n', /never closed/],
    [`name,email,role\n${"a,a@x.test,member\n".repeat(MAX_IMPORT_ROWS + 1)}`, /at most 1000/],
  ])("refuses a bad file whole: %#", (text, message) => {
    const result = readImportFile(text);
    expect("error" in result && result.error).toMatch(message);
  });

  it("leaves bad emails and roles to the per-row check (they are not file errors)", () => {
    const result = readImportFile("name,email,role\nX,not-an-email,superuser\n");
    expect(result).toEqual({ rows: [{ line: 2, name: "X", email: "not-an-email", role: "superuser" }] });
  });
});

describe("usage CSV", () => {
  const t = (calls: number, costMicros: number) => ({ calls, errors: 0, inputTokens: calls * 10, outputTokens: calls, costMicros });
  it("has the rows shown and a total rounded from the total, not from the rows", () => {
    // Three rows of 0.4 cents each: each shows $0.00, the total shows $0.01.
    const days = [
      { day: "2026-02-01", ...t(1, 4_000) },
      { day: "2026-02-02", ...t(1, 4_000) },
      { day: "2026-02-03", ...t(1, 4_000) },
    ];
    const csv = parseCsv(dailyCsv(days, t(3, 12_000)));
    expect(csv[0]).toEqual(["day", "calls", "errors", "input_tokens", "output_tokens", "total_tokens", "cost_usd"]);
    expect(csv.slice(1).map((r) => r.at(-1))).toEqual(["0.00", "0.00", "0.00", "0.01"]);
    const groups = parseCsv(
      groupCsv("department", [{ key: "d", label: "Support", costCenter: "CC-100", ...t(2, 1_234_567) }], t(2, 1_234_567), true),
    );
    expect(groups[1]).toEqual(["Support", "CC-100", "2", "0", "20", "2", "22", "1.23"]);
  });
});
