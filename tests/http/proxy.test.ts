// Issue 12: the real proxy turns away paths that cannot be percent-decoded, before Next's param
// decoding answers them with a plain-text 500: pages get the not-found page, /api a JSON 400.
import { NextRequest, type NextFetchEvent } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";

process.env.APP_URL ??= "http://localhost:3000";
process.env.CONVEX_LOCAL_URL ??= "http://127.0.0.1:3210";
let proxy: typeof import("@/proxy").proxy;
let config: typeof import("@/proxy").config;
beforeAll(async () => ({ proxy, config } = await import("@/proxy")));

const run = (path: string, init?: ConstructorParameters<typeof NextRequest>[1]) =>
  proxy(new NextRequest(`http://localhost:3000${path}`, init), {} as NextFetchEvent);

const PAGES = [
  "/t/%FF",
  "/t/%FF/agents",
  "/checkout/%FF",
  "/checkout/portal/%FF",
  "/invite/%FF",
  "/admin/tenants/%FF",
  "/t/%E0%A4%A",
  "/t/%",
];

describe("undecodable paths", () => {
  it.each(PAGES)("%s is rewritten to a path no route matches (the 404 page), signed in or not", async (path) => {
    const res = (await run(path))!;
    expect(res.headers.get("x-middleware-rewrite")).toMatch(/\/_tenantry\/not-found$/);
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.get("content-security-policy")).toContain("nonce-");
  });

  it.each(["/api/v1/files/%FF", "/api/v1/sessions/%FF", "/api/v1/sessions/%FF/heartbeat", "/api/v1/%C0", "/api/billing/%FF"])(
    "%s answers a JSON 400 with a closed code",
    async (path) => {
      const res = (await run(path, { method: "DELETE" }))!;
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(await res.json()).toEqual({ code: "INVALID", message: expect.stringContaining("percent-encoded"), field: "path" });
    },
  );

  it("the matcher sends /api/v1 paths with a % through the proxy, and no other /api/v1 path", () => {
    const [pages, api] = config.matcher.map((source) => new RegExp(`^${source.replace("(.*%.*)", ".*%.*")}$`));
    expect(api.test("/api/v1/files/%FF")).toBe(true);
    expect(api.test("/api/v1/files/abc")).toBe(false);
    expect(pages.test("/api/v1/usage")).toBe(false);
    expect(pages.test("/t/%FF")).toBe(true);
  });

  it("a decodable path is not touched: signed out, a page still goes to sign-in", async () => {
    const res = (await run("/t/%C3%A9"))!;
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toContain("/sign-in?redirect_url=");
    expect((await run("/api/v1/files/ab%20c"))!.headers.get("x-middleware-next")).toBe("1");
  });
});

describe("the admin API (the tenantry CLI)", () => {
  it("reaches its handler without a session cookie: the bearer token is checked there and by Convex", async () => {
    const res = (await run("/api/admin/v1/tenants", { headers: { Authorization: "Bearer not-checked-here" } }))!;
    expect(res.headers.get("x-middleware-next")).toBe("1");
    // Other API routes still need a session.
    expect((await run("/api/billing/simulator"))!.status).toBe(401);
  });
});
