// The runtime API's OpenAPI document lists every workspace route with exactly the methods its route file exports.
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../lib/server/api/openapi";

const ROUTES = import.meta.glob<Record<string, unknown>>(
  "../../app/api/v1/{memories,tasks,missions,messages,dispatch,conversations,environments,teams}/**/route.ts",
  { eager: true },
);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

describe("OpenAPI document: the agent workspace", () => {
  it("has each workspace route and method, and nothing more", () => {
    const fromFiles = Object.entries(ROUTES).flatMap(([file, mod]) => {
      const path = file
        .replace(/^.*\/app/, "")
        .replace(/\/route\.ts$/, "")
        .replace(/\[(\w+)\]/g, "{$1}");
      return METHODS.filter((m) => typeof mod[m] === "function").map((m) => `${m} ${path}`);
    });
    const documented = Object.entries(openApiDocument.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => /^\/api\/v1\/(memories|tasks|missions|messages|dispatch|conversations|environments|teams)/.test(path))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(fromFiles.length).toBeGreaterThan(15);
    expect(documented.sort()).toEqual(fromFiles.sort());
  });
});

describe("OpenAPI document: rate-limit headers", () => {
  it("describes the upgrade hint beside Retry-After on a 429, with the header name the responses use", async () => {
    const { UPGRADE_HINT_HEADER } = await import("../../lib/domain/api/rateHint");
    const tooMany = openApiDocument.paths["/api/v1/usage"].post.responses["429"];
    expect(Object.keys(tooMany.headers)).toEqual(["Retry-After", UPGRADE_HINT_HEADER]);
    expect(openApiDocument.info.description).toContain(`from 80% of the limit used (429s included) also ${UPGRADE_HINT_HEADER}`);
  });
});
