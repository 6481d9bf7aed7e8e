// @vitest-environment edge-runtime
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateSlug, validateEmail, validateName } from "../../convex/lib/slugs";
import { emailProblem, parseDollars, slugProblem, tenantNameProblem, textProblem } from "../../lib/domain/validation";
import { resolvePeriod, rangeProblem } from "../../components/portal/usage/period";
import { slugify } from "../../components/portal/onboarding/slug-field";

const accepts = (f: () => unknown) => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

describe("client and server agree", () => {
  // One slug rule: tenants:create, onboarding, settings and the Clerk mirror (convex/lib/slugs) and the portal's forms (lib/domain/validation) give the same verdict.
  const slugish = fc.string({ unit: fc.constantFrom("a", "z", "0", "-", "A", "_", " "), maxLength: 45 });
  it("on slugs, reserved words included", () => {
    fc.assert(
      fc.property(fc.oneof(slugish, fc.constantFrom("admin", "new", "invite", "restore", "acme-corp", "ab", "a--b")), (s) => {
        expect(accepts(() => validateSlug(s))).toBe(slugProblem(s) === null);
      }),
    );
    for (const reserved of ["admin", "api", "new", "settings", "invite", "restore"]) {
      expect(slugProblem(reserved)).toMatch(/reserved/);
      expect(accepts(() => validateSlug(reserved))).toBe(false);
    }
  });
  it("on names and emails", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 90 }), (s) => {
        expect(tenantNameProblem(s) === null).toBe(accepts(() => validateName(s)));
        expect(emailProblem(s) === null).toBe(accepts(() => validateEmail(s)));
      }),
    );
  });
});

describe("unsafe characters", () => {
  it("refuses C0/C1 controls, bidi controls and lone surrogates, and nothing else", () => {
    const unsafe = [
      ..."\u0000\u0009\u001f\u007f\u0085\u009f\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
      "\ud800",
      "\udfff",
    ];
    for (const c of unsafe) expect(textProblem(`a${c}b`, "The name"), JSON.stringify(c)).toMatch(/^The name contains .*\(U\+[0-9A-F]{4}\)/);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
        const expected = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(s);
        expect(textProblem(s, "x") !== null).toBe(expected);
      }),
    );
  });
});

describe("slugify suggests valid slugs", () => {
  it("for any name long enough to have letters", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("A", "b", "7", " ", "!", "é", "-"), minLength: 1, maxLength: 80 }), (name) => {
        const slug = slugify(name);
        if (slug.length >= 3)
          expect(slugProblem(slug) === null || ["admin", "api", "new", "settings", "invite", "restore"].includes(slug)).toBe(true);
      }),
    );
  });
});

describe("money and periods", () => {
  it("parses dollars to integer cents or says why not", () => {
    expect(parseDollars("1,250.50")).toEqual({ cents: 125050, problem: null });
    expect(parseDollars("$80")).toEqual({ cents: 8000, problem: null });
    expect(parseDollars("")).toEqual({ cents: null, problem: null });
    expect(parseDollars("12.345").problem).toMatch(/dollars/);
    expect(parseDollars("-5").problem).toMatch(/dollars/);
    expect(parseDollars("20000000").problem).toMatch(/at most/);
  });

  it("resolves presets in UTC and refuses impossible custom ranges", () => {
    const now = Date.parse("2026-03-15T10:00:00Z");
    const params = (q: string) => new URLSearchParams(q);
    expect(resolvePeriod(params(""), now)).toEqual({ preset: "this-month", from: "2026-03-01", to: "2026-03-15", error: null });
    expect(resolvePeriod(params("period=last-month"), now)).toMatchObject({ from: "2026-02-01", to: "2026-02-28" });
    expect(resolvePeriod(params("period=30d"), now)).toMatchObject({ from: "2026-02-14", to: "2026-03-15" });
    expect(resolvePeriod(params("from=2026-01-01&to=2026-01-31"), now)).toMatchObject({ preset: "custom", from: "2026-01-01" });
    expect(resolvePeriod(params("from=2026-02-30&to=2026-03-01"), now)).toMatchObject({
      preset: "this-month",
      error: expect.stringMatching(/not usable/),
    });
    expect(rangeProblem("2026-03-02", "2026-03-01")).toMatchObject({ field: "to" });
    expect(rangeProblem("2024-01-01", "2026-01-01")).toMatchObject({ field: "from" });
  });
});
