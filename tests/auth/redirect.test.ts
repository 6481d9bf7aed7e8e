// Issue 12: sign-in's redirect_url is normalized first, then checked: only same-origin paths pass.
import { describe, expect, it } from "vitest";
import { safeRedirectPath, signInPath } from "@/lib/server/auth/redirect";

const HOSTILE = [
  "https://evil.example",
  "//evil.example",
  "/\\evil.example",
  "/..//evil.example/phish",
  "/../..//evil.example",
  "/%2e%2e//evil.example",
  "/%2E%2E//evil.example",
  "/.%2e//evil.example",
  "/./..//evil.example",
  "/a/../..//evil.example",
  "/t/../..//evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/..\\/evil.example",
  "/x/..\\..\\evil.example",
  "javascript:alert(1)",
  "/\u0000//evil.example",
  " //evil.example",
];

/** What a browser does with a Location header on our origin. */
function landsOn(location: string): string {
  return new URL(location, "https://app.tenantry.test").host;
}

describe("safeRedirectPath", () => {
  it.each(HOSTILE)("refuses %j", (value) => {
    const target = safeRedirectPath(value);
    expect(target).toBe("/");
    expect(landsOn(target)).toBe("app.tenantry.test");
  });

  it("keeps same-origin paths, with their query and hash", () => {
    expect(safeRedirectPath("/t/acme/anything")).toBe("/t/acme/anything");
    expect(safeRedirectPath("/t/acme/agents?q=a&status=active#top")).toBe("/t/acme/agents?q=a&status=active#top");
    // `..` that stays on our origin is resolved, not refused.
    expect(safeRedirectPath("/t/acme/../globex")).toBe("/t/globex");
    // Encoded tabs and slashes stay encoded: a path segment on our origin, not a host.
    expect(safeRedirectPath("/%09/evil.example")).toBe("/%09/evil.example");
    expect(safeRedirectPath("/%2f%2fevil.example")).toBe("/%2f%2fevil.example");
  });

  it("never returns a path that leaves the origin, whatever the input", () => {
    const pieces = ["/", "//", "..", ".", "%2e", "%2E", "\\", "%5c", "evil.example", "?", "#", "@", ":", "%2f"];
    for (const a of pieces)
      for (const b of pieces)
        for (const c of pieces) {
          const target = safeRedirectPath(`/${a}${b}${c}`);
          expect(target.startsWith("/") && !target.startsWith("//"), `${a}${b}${c} -> ${target}`).toBe(true);
          expect(landsOn(target)).toBe("app.tenantry.test");
        }
  });

  it("sends sign-in and API targets home", () => {
    expect(safeRedirectPath("/sign-in")).toBe("/");
    expect(safeRedirectPath("/api/v1/quota")).toBe("/");
  });
});

describe("signInPath", () => {
  it("drops a target that would leave the origin", () => {
    expect(signInPath("/..//evil.example/phish")).toBe("/sign-in");
    expect(signInPath("/t/acme")).toBe("/sign-in?redirect_url=%2Ft%2Facme");
  });
});
