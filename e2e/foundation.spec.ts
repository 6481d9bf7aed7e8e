// Issue 3: sign-in, tenant routing, identical 404s, staff-only admin, sign-out.
import { test, expect } from "./fixtures/test";

test("signing in lands where you were going", async ({ page }) => {
  await page.goto("/t/acme/anything");
  await expect(page).toHaveURL(/\/sign-in\?redirect_url=%2Ft%2Facme%2Fanything/);
  await page.getByLabel("Email").fill("owner@acme.test");
  await page
    .getByRole("button", { name: /sign in|continue/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/t\/acme\/anything$/);
});

test("owner of acme lands on /t/acme", async ({ asUser }) => {
  const page = await asUser("owner");
  await page.goto("/t/acme");
  await expect(page.getByRole("heading", { name: "Acme Corporation" })).toBeVisible();
});

test("another tenant and a missing tenant give the same 404", async ({ asUser }) => {
  const page = await asUser("owner");
  const other = await page.goto("/t/globex");
  const otherText = await page.locator("main").innerText();
  const missing = await page.goto("/t/does-not-exist");
  const missingText = await page.locator("main").innerText();
  expect(other?.status()).toBe(404);
  expect(missing?.status()).toBe(404);
  expect(otherText).toBe(missingText);
  expect(otherText).not.toContain("Globex");
});

test("staff open /admin; a tenant owner gets 404 there", async ({ asUser }) => {
  const staff = await asUser("staff");
  const ok = await staff.goto("/admin");
  expect(ok?.status()).toBe(200);
  const owner = await asUser("owner");
  const denied = await owner.goto("/admin");
  expect(denied?.status()).toBe(404);
});

test("middleware-bypass headers open nothing", async ({ request }) => {
  for (const headers of [
    { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
    { "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware" },
  ]) {
    const res = await request.get("/t/acme", { headers, maxRedirects: 0 });
    expect([302, 307, 404]).toContain(res.status());
    expect(await res.text()).not.toContain("Acme Corporation");
  }
});

test("sign-out ends the session for pages and for Convex", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const signIn = await page.request.post("/api/local-auth/sign-in", { data: { email: "member@acme.test" } });
  expect(signIn.ok()).toBe(true);
  const cookies = await context.cookies();
  expect((await page.request.get("/api/local-auth/token")).status()).toBe(200);
  await page.goto("/t/acme");
  await page
    .getByRole("button", { name: /account|user|menu|Chloe/i })
    .first()
    .click();
  await page.getByRole("menuitem", { name: /sign out/i }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // The old cookie, replayed, opens nothing and mints no Convex token.
  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const replayPage = await replay.newPage();
  await replayPage.goto("/t/acme");
  await expect(replayPage).toHaveURL(/\/sign-in/);
  expect((await replayPage.request.get("/api/local-auth/token")).status()).toBe(401);
  await replay.close();
  await context.close();
});

// Issue 12: a redirect target from the caller is normalized, then checked; only same-origin paths pass.
test("signed in, sign-in's redirect_url never sends anyone to another host", async ({ asUser, baseURL }) => {
  const page = await asUser("owner");
  const origin = new URL(baseURL!).host;
  for (const target of [
    "/..//evil.example/phish",
    "/%2e%2e//evil.example",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "https://evil.example/",
    "/%2E%2E/%2E%2E//evil.example",
  ]) {
    const res = await page.request.get(`/sign-in?redirect_url=${encodeURIComponent(target)}`, { maxRedirects: 0 });
    expect(res.status(), target).toBe(307);
    const location = res.headers()["location"];
    expect(location, target).not.toMatch(/^\/\/|^\/\\|evil/);
    expect(new URL(location, baseURL).host, target).toBe(origin);
  }
  const ok = await page.request.get(`/sign-in?redirect_url=${encodeURIComponent("/t/acme/agents")}`, { maxRedirects: 0 });
  expect(ok.headers()["location"]).toBe("/t/acme/agents");
});

// Issue 12: a path segment that cannot be percent-decoded is the ordinary 404 page, signed in or not.
test("undecodable path segments answer the 404 page, not a plain-text 500", async ({ asUser, request }) => {
  const owner = await asUser("owner");
  for (const path of ["/t/%FF", "/t/%FF/agents", "/checkout/%FF", "/checkout/portal/%FF", "/invite/%FF", "/admin/tenants/%FF"]) {
    for (const [who, client] of [
      ["owner", owner.request],
      ["signed out", request],
    ] as const) {
      const res = await client.get(path, { maxRedirects: 0 });
      expect(res.status(), `${who} ${path}`).toBe(404);
      expect(res.headers()["content-type"], `${who} ${path}`).toContain("text/html");
      expect(await res.text(), `${who} ${path}`).toContain("Page not found");
    }
  }
});
