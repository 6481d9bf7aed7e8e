// Issue 8: the agent runtime API over HTTP against the production build, with keys made on the API keys page.
import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { test, expect } from "./fixtures/test";
import type { UserKey } from "./fixtures/users";

async function createKey(page: Page, slug: string, name: string, cap?: number): Promise<string> {
  await page.goto(`/t/${slug}/api-keys`);
  await page
    .getByRole("button", { name: /create (your first )?key/i })
    .first()
    .click();
  await page.getByLabel("Name").fill(name);
  if (cap) await page.getByLabel(/calls per minute/i).fill(String(cap));
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByTestId("new-api-key").inputValue();
  expect(key).toMatch(/^tnt_[0-9a-f]{64}$/);
  await page.getByRole("button", { name: "I have stored it" }).click();
  return key;
}

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
const keys: Partial<Record<string, string>> = {};
/** One key per tenant for the whole file, made by that tenant's admin or owner through the UI. */
async function keyFor(asUser: (u: UserKey) => Promise<Page>, user: UserKey, slug: string): Promise<string> {
  keys[slug] ??= await createKey(await asUser(user), slug, `e2e ${slug}`);
  return keys[slug]!;
}
async function agentIds(request: APIRequestContext, key: string): Promise<string[]> {
  const res = await request.get("/api/v1/agents", { headers: auth(key) });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { agents: { id: string }[] }).agents.map((a) => a.id);
}
const usageEvent = (agentId: string, extra: Record<string, unknown> = {}) => ({
  agentId,
  inputTokens: 120,
  outputTokens: 40,
  latencyMs: 350,
  success: true,
  ...extra,
});
async function errorOf(res: APIResponse) {
  expect(res.headers()["content-type"]).toContain("application/json");
  return (await res.json()) as { code: string; message: string; field?: string };
}

test("a key is shown once, listed by its prefix with last use, and a revoked key gets 401", async ({ asUser, request }) => {
  const page = await asUser("admin");
  const key = await createKey(page, "acme", "Revoke me");
  await page.reload();
  const row = page.getByRole("row", { name: /Revoke me/ });
  await expect(row).toContainText(key.slice(0, 12));
  await expect(row).toContainText("Never");
  expect(await page.content()).not.toContain(key);
  expect((await request.get("/api/v1/quota", { headers: auth(key) })).status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("row", { name: /Revoke me/ })).not.toContainText("Never");
  await page.getByRole("button", { name: "Revoke Revoke me" }).click();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("row", { name: /Revoke me/ })).toContainText("Revoked");
  const res = await request.get("/api/v1/quota", { headers: auth(key) });
  expect(res.status()).toBe(401);
  expect(await errorOf(res)).toEqual({ code: "UNAUTHENTICATED", message: "Invalid or revoked API key." });
});

test("a viewer cannot open the API keys page", async ({ asUser }) => {
  const page = await asUser("viewer");
  await page.goto("/t/acme/api-keys");
  await expect(page.getByText("You can't open API keys")).toBeVisible();
});

test("an acme key used with a globex agent id gets 404, exactly like a missing agent, and records nothing", async ({ asUser, request }) => {
  const acme = await keyFor(asUser, "admin", "acme");
  const globex = await keyFor(asUser, "globexOwner", "globex");
  const [globexAgent] = await agentIds(request, globex);
  const before = await (await request.get("/api/v1/quota", { headers: auth(acme) })).json();
  const foreign = await request.post("/api/v1/usage", { headers: auth(acme), data: usageEvent(globexAgent) });
  const missing = await request.post("/api/v1/usage", { headers: auth(acme), data: usageEvent("k" + globexAgent.slice(1)) });
  expect(foreign.status()).toBe(404);
  expect(missing.status()).toBe(404);
  expect(await errorOf(foreign)).toEqual(await errorOf(missing));
  expect((await request.post("/api/v1/sessions", { headers: auth(acme), data: { agentId: globexAgent } })).status()).toBe(404);
  const after = await (await request.get("/api/v1/quota", { headers: auth(acme) })).json();
  expect(after.quotas.monthlyTokens.used).toBe(before.quotas.monthlyTokens.used);
});

test("a retried batch with the same Idempotency-Key is recorded once", async ({ asUser, request }) => {
  const key = await keyFor(asUser, "admin", "acme");
  const [agent] = await agentIds(request, key);
  const quota = async () =>
    ((await (await request.get("/api/v1/quota", { headers: auth(key) })).json()) as { quotas: { monthlyTokens: { used: number } } }).quotas
      .monthlyTokens.used;
  const before = await quota();
  const data = { events: [usageEvent(agent), usageEvent(agent, { model: "claude-haiku-4-5" }), usageEvent(agent, { inputTokens: -1 })] };
  const headers = { ...auth(key), "Idempotency-Key": `e2e-${Date.now()}` };
  const first = await request.post("/api/v1/usage", { headers, data });
  const retry = await request.post("/api/v1/usage", { headers, data });
  expect(first.status()).toBe(200);
  expect(retry.status()).toBe(200);
  expect(retry.headers()["idempotent-replayed"]).toBe("true");
  const [a, b] = [await first.json(), await retry.json()];
  expect(a).toMatchObject({ recorded: 2, rejected: 1, replayed: false });
  expect(a.results[2]).toMatchObject({ status: "rejected", error: { code: "INVALID", field: "inputTokens" } });
  expect({ ...b, replayed: false }).toEqual(a);
  expect(await quota()).toBe(before + 320);
  const conflict = await request.post("/api/v1/usage", { headers, data: { events: [usageEvent(agent)] } });
  expect(conflict.status()).toBe(409);
});

test("the 429 path: a capped key is refused with Retry-After and X-RateLimit-* while another tenant's calls all succeed", async ({
  asUser,
  request,
}) => {
  const capped = await createKey(await asUser("admin"), "acme", "Flood", 20);
  const globex = await keyFor(asUser, "globexOwner", "globex");
  const ok = await request.get("/api/v1/quota", { headers: auth(capped) });
  expect(ok.headers()).toMatchObject({ "x-ratelimit-limit": "20", "x-ratelimit-remaining": "19" });
  // 10x the key's limit, while globex works alongside.
  const flood = Promise.all(Array.from({ length: 200 }, () => request.get("/api/v1/quota", { headers: auth(capped) })));
  const work = Promise.all(
    Array.from({ length: 20 }, async () => {
      const started = Date.now();
      const res = await request.get("/api/v1/agents", { headers: auth(globex) });
      return { status: res.status(), ms: Date.now() - started };
    }),
  );
  const started = Date.now();
  const [floodRes, workRes] = await Promise.all([flood, work]);
  // 19 tokens were left; the bucket refills one every 3 s while the flood is in flight.
  const admitted = floodRes.filter((r) => r.status() === 200).length;
  const refused = floodRes.filter((r) => r.status() === 429);
  expect(admitted).toBeGreaterThanOrEqual(19);
  expect(admitted).toBeLessThanOrEqual(19 + Math.ceil((Date.now() - started) / 3000));
  expect(refused).toHaveLength(200 - admitted);
  expect(Number(refused[0].headers()["retry-after"])).toBeGreaterThanOrEqual(1);
  expect(refused[0].headers()).toMatchObject({ "x-ratelimit-limit": "20", "x-ratelimit-remaining": "0" });
  expect(await errorOf(refused[0])).toMatchObject({ code: "RATE_LIMITED" });
  expect(workRes.every((r) => r.status === 200)).toBe(true);
});

test("100 parallel session starts admit exactly the concurrent-sessions limit (globex: 25)", async ({ asUser, request }) => {
  const key = await keyFor(asUser, "globexOwner", "globex");
  const [agent] = await agentIds(request, key);
  const starts = await Promise.all(
    Array.from({ length: 100 }, () =>
      request.post("/api/v1/sessions", { headers: auth(key), data: { agentId: agent, idleTimeoutSeconds: 300 } }),
    ),
  );
  const admitted = starts.filter((r) => r.status() === 201);
  expect(admitted).toHaveLength(25);
  for (const r of starts.filter((x) => x.status() !== 201)) {
    expect(r.status()).toBe(403);
    expect((await errorOf(r)).code).toBe("QUOTA_EXCEEDED");
  }
  const quota = await (await request.get("/api/v1/quota", { headers: auth(key) })).json();
  expect(quota.quotas.concurrentSessions).toMatchObject({ used: 25, limit: 25, remaining: 0 });
  for (const r of admitted) {
    const { id } = (await r.json()) as { id: string };
    expect((await request.delete(`/api/v1/sessions/${id}`, { headers: auth(key) })).status()).toBe(200);
  }
  expect((await (await request.get("/api/v1/quota", { headers: auth(key) })).json()).quotas.concurrentSessions.used).toBe(0);
});

test("a file is stored against the storage quota and deleting it gives the bytes back", async ({ asUser, request }) => {
  const key = await keyFor(asUser, "admin", "acme");
  const storage = async () =>
    (
      (await (await request.get("/api/v1/quota", { headers: auth(key) })).json()) as {
        quotas: { storageBytes: { used: number; atLimit: string } };
      }
    ).quotas.storageBytes;
  const before = await storage();
  expect(before.atLimit).toBe("refuse_uploads");
  const res = await request.post("/api/v1/files?name=notes.txt", {
    headers: { ...auth(key), "Content-Type": "text/plain" },
    data: Buffer.from("hello from a runtime\n"),
  });
  expect(res.status()).toBe(201);
  const file = (await res.json()) as { id: string; size: number };
  expect(file.size).toBe(21);
  expect((await storage()).used).toBe(before.used + 21);
  expect((await request.delete(`/api/v1/files/${file.id}`, { headers: auth(key) })).status()).toBe(200);
  expect((await request.delete(`/api/v1/files/${file.id}`, { headers: auth(key) })).status()).toBe(404);
  expect((await storage()).used).toBe(before.used);
  const badName = await request.post("/api/v1/files", { headers: { ...auth(key), "Content-Type": "text/plain" }, data: Buffer.from("x") });
  expect(badName.status()).toBe(422);
  expect((await errorOf(badName)).field).toBe("name");
});

test("bad input is a 4xx naming what is wrong, never a 500", async ({ asUser, request }) => {
  const key = await keyFor(asUser, "admin", "acme");
  const [agent] = await agentIds(request, key);
  const cases: [string, () => Promise<APIResponse>, number, string | null][] = [
    ["no key", () => request.get("/api/v1/quota"), 401, null],
    ["malformed key", () => request.get("/api/v1/quota", { headers: { Authorization: "Bearer nope" } }), 401, null],
    [
      "not JSON",
      () => request.post("/api/v1/usage", { headers: { ...auth(key), "Content-Type": "application/json" }, data: "{oops" }),
      400,
      "body",
    ],
    ["a string body", () => request.post("/api/v1/usage", { headers: auth(key), data: JSON.stringify("hi") }), 400, "body"],
    [
      "501 events",
      () => request.post("/api/v1/usage", { headers: auth(key), data: { events: Array.from({ length: 501 }, () => usageEvent(agent)) } }),
      422,
      "events",
    ],
    [
      "missing tokens",
      () => request.post("/api/v1/usage", { headers: auth(key), data: { agentId: agent, outputTokens: 1, latencyMs: 1, success: true } }),
      422,
      "inputTokens",
    ],
    [
      "unknown field",
      () => request.post("/api/v1/usage", { headers: auth(key), data: { ...usageEvent(agent), tokens: 5 } }),
      422,
      "tokens",
    ],
    [
      "model outside the plan enum",
      () => request.post("/api/v1/sessions", { headers: auth(key), data: { agentId: agent, model: "gpt-9" } }),
      422,
      "model",
    ],
    [
      "bad idempotency key",
      () => request.post("/api/v1/usage", { headers: { ...auth(key), "Idempotency-Key": "" }, data: usageEvent(agent) }),
      400,
      "Idempotency-Key",
    ],
    ["bad page size", () => request.get("/api/v1/agents?limit=0", { headers: auth(key) }), 422, "limit"],
    ["bad cursor", () => request.get("/api/v1/agents?cursor=abc", { headers: auth(key) }), 422, "cursor"],
    ["garbage session id", () => request.delete("/api/v1/sessions/%00..", { headers: auth(key) }), 404, null],
    ["unknown endpoint", () => request.get("/api/v1/nothing-here", { headers: auth(key) }), 404, null],
  ];
  for (const [label, run, status, field] of cases) {
    const res = await run();
    expect(res.status(), label).toBe(status);
    const body = await errorOf(res);
    expect(body.message, label).toBeTruthy();
    if (field) expect(body.field, label).toBe(field);
  }
});

test("the OpenAPI document is served and rendered on the docs page", async ({ asUser, request }) => {
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(["/api/v1/usage", "/api/v1/sessions", "/api/v1/sessions/{id}", "/api/v1/quota", "/api/v1/agents"]),
  );
  const page = await asUser("member");
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { name: "Tenantry agent runtime API" })).toBeVisible();
  await expect(page.getByText("POST /api/v1/usage").first()).toBeVisible();
});

test("issue 12: an undecodable path segment is a JSON 400 with a closed code, not a plain-text 500", async ({ asUser, request }) => {
  const key = await keyFor(asUser, "admin", "acme");
  for (const [method, path] of [
    ["DELETE", "/api/v1/files/%FF"],
    ["DELETE", "/api/v1/sessions/%FF"],
    ["POST", "/api/v1/sessions/%FF/heartbeat"],
    ["GET", "/api/v1/%C0%AF"],
  ] as const) {
    const res = await request.fetch(path, { method, headers: auth(key) });
    expect(res.status(), path).toBe(400);
    expect(await errorOf(res), path).toMatchObject({ code: "INVALID", field: "path" });
  }
});

test("issue 12: a body near 900 KB of unknown fields gets the same answer with an Idempotency-Key as without", async ({
  asUser,
  request,
}) => {
  const key = await keyFor(asUser, "admin", "acme");
  const [agent] = await agentIds(request, key);
  const single = JSON.stringify({ ...usageEvent(agent), ["x".repeat(900_000)]: 1 });
  const batch = JSON.stringify({
    events: Array.from({ length: 500 }, (_, i) => ({ ...usageEvent(agent), [`${i}`.padEnd(1_790, "y")]: 1 })),
  });
  for (const [label, data, status] of [
    ["single", single, 422],
    ["batch", batch, 200],
  ] as const) {
    const headers = { ...auth(key), "Content-Type": "application/json" };
    const plain = await request.post("/api/v1/usage", { headers, data });
    const keyed = await request.post("/api/v1/usage", {
      headers: { ...headers, "Idempotency-Key": `e2e-huge-${label}-${Date.now()}` },
      data,
    });
    expect(plain.status(), label).toBe(status);
    expect(keyed.status(), label).toBe(status);
    expect(keyed.headers()["content-type"]).toContain("application/json");
    const [a, b] = [await plain.json(), await keyed.json()];
    expect(b, label).toEqual(a);
    expect(JSON.stringify(b).length, label).toBeLessThan(256 * 1024);
  }
  const tooBig = await request.post("/api/v1/usage", {
    headers: { ...auth(key), "Content-Type": "application/json" },
    data: JSON.stringify({ pad: "z".repeat(1_100_000) }),
  });
  expect(tooBig.status()).toBe(413);
  expect(await errorOf(tooBig)).toMatchObject({ code: "INVALID", field: "body" });
});
