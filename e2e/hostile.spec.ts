// Issue 12, the permanent hostile-input suite through the production server: every page and every
// route handler in app/ (found by walking the folder, so a new one is covered by itself), with
// hostile path params (undecodable escapes, __proto__, very long, ../, encoded slashes), hostile
// query strings and bodies, signed out, signed in and (on /api/v1) with a valid key. Never a 5xx,
// never a plain-text error page; on /api a JSON error with a closed code; a sign-in redirect never
// leaves the origin. Only refusals are expected, so the demo data the other specs use is untouched:
// the signed-in session here is its own (sign-out is among the routes called).
import fs from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import { test, expect } from "./fixtures/test";
import { USERS } from "./fixtures/users";
import { ERROR_CODES } from "../convex/lib/errors";

const APP = path.resolve(import.meta.dirname, "..", "app");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Files named `name` under app/, as URL templates ("/t/[slug]/billing") with the methods a route file exports. */
function walk(name: "page.tsx" | "route.ts"): { template: string; methods: string[] }[] {
  const out: { template: string; methods: string[] }[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name === name) {
        const template =
          `/${path
            .relative(APP, dir)
            .split(path.sep)
            .filter((s) => !/^\(.*\)$/.test(s))
            .join("/")}`.replace(/\/$/, "") || "/";
        const text = fs.readFileSync(full, "utf8");
        const methods =
          name === "page.tsx"
            ? ["GET"]
            : METHODS.filter((m) => new RegExp(`export\\s+(async\\s+)?(function|const)\\s+${m}\\b|\\bas\\s+${m}\\b`).test(text));
        out.push({ template, methods });
      }
    }
  };
  visit(APP);
  return out.sort((a, b) => a.template.localeCompare(b.template));
}

const PAGES = walk("page.tsx");
const ROUTES = walk("route.ts");
const PARAMS = [
  "%FF",
  "%E0%A4%A",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "constructor",
  "a".repeat(3_000),
  "..%2F..%2Fetc%2Fpasswd",
  "a%2Fb",
  "%00",
  "%E2%80%AE",
  "%20",
];
const QUERIES = [
  "?__proto__[admin]=1",
  "?cursor=%FF",
  "?sort=__proto__&order=toString",
  "?page=-1&limit=1e308&numItems=NaN",
  "?%FF=%FF",
  `?q=${"a".repeat(6_000)}`,
  "?status[]=x&status[]=y",
  "?search=%00%E2%80%AE",
];
const BODIES: [string, string][] = [
  ["invalid JSON", "{"],
  ["a JSON array", "[]"],
  ["JSON null", "null"],
  ["an own __proto__", '{"__proto__":{"admin":true}}'],
  ["wrong types", JSON.stringify({ plan: { x: 1 }, subscriptionId: 1, cancel: "yes", email: 5, name: [], events: "x", agentId: 1 })],
  ["control characters and lone surrogates", '{"name":"\\u0000\\u202e\\ud800","email":"a\\u0000@b.test","plan":"\\udfff"}'],
  [
    "near a megabyte of unknown fields",
    JSON.stringify(Object.fromEntries(Array.from({ length: 900 }, (_, i) => [`f${i}`, "x".repeat(1_000)]))),
  ],
  // Names are what error messages echo back: one huge name, and a full batch of long ones.
  ["a field name near a megabyte", JSON.stringify({ ["n".repeat(900_000)]: 1 })],
  [
    "a batch of events each with a long unknown field",
    JSON.stringify({ events: Array.from({ length: 500 }, (_, i) => ({ [`${i}${"u".repeat(1_800)}`]: 1 })) }),
  ],
];
/**
 * The value of a dynamic segment not under attack. Pages (read-only GETs) open the demo
 * workspace, so their query strings reach the page's own parsing; routes (which may act)
 * name nothing, so no attack can change the data the other specs rely on.
 */
const plainFor = (segment: string, route: boolean) => (segment === "[slug]" && !route ? "acme" : "plain");

/** Templates with each dynamic segment in turn replaced by every hostile value. */
function hostilePaths(template: string, route = false): string[] {
  const segments = template.split("/");
  return segments.flatMap((s, i) =>
    /^\[/.test(s) ? PARAMS.map((v) => segments.map((x, j) => (j === i ? v : /^\[/.test(x) ? plainFor(x, route) : x)).join("/")) : [],
  );
}
const plainPath = (template: string, route = false) =>
  template
    .split("/")
    .map((s) => (/^\[/.test(s) ? plainFor(s, route) : s))
    .join("/");

type Caller = { label: string; ctx: APIRequestContext; headers?: Record<string, string> };
let signedOut: APIRequestContext;
let signedIn: APIRequestContext;
let apiKey: string;

// beforeAll has no test-scoped baseURL; this is the one playwright.config.ts gives the tests.
const baseURL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

test.beforeAll(async ({ browser }) => {
  signedOut = await playwrightRequest.newContext({ baseURL });
  signedIn = await playwrightRequest.newContext({ baseURL });
  expect((await signedIn.post("/api/local-auth/sign-in", { data: { email: USERS.owner } })).status()).toBe(200);
  // A key made on the API keys page, as a runtime would have one (its own browser session).
  const context = await browser.newContext({ baseURL, storageState: await signedIn.storageState() });
  const page = await context.newPage();
  await page.goto("/t/acme/api-keys");
  // This raw page has no fixture waiting for the page to settle: a click that lands before React
  // has hydrated the button is lost, so click until the dialog (fetched when opened) shows.
  await expect(async () => {
    if (!(await page.getByLabel("Name").isVisible()))
      await page
        .getByRole("button", { name: /create (your first )?key/i })
        .first()
        .click({ timeout: 2_000 });
    await expect(page.getByLabel("Name")).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
  await page.getByLabel("Name").fill("hostile suite");
  await page.getByRole("button", { name: "Create key" }).click();
  apiKey = await page.getByTestId("new-api-key").inputValue();
  await context.close();
});
test.afterAll(async () => {
  await signedOut?.dispose();
  await signedIn?.dispose();
});

const callers = (api: boolean): Caller[] => [
  { label: "signed out", ctx: signedOut },
  { label: "signed in", ctx: signedIn },
  ...(api ? [{ label: "with an API key", ctx: signedOut, headers: { authorization: `Bearer ${apiKey}` } }] : []),
];

/** What is wrong with an answer, or null. `api`: the /api rules (JSON errors with closed codes). */
async function problemWith(res: APIResponse, api: boolean, baseURL: string): Promise<string | null> {
  const type = res.headers()["content-type"] ?? "";
  const text = (await res.text()).slice(0, 160);
  const shown = `${res.status()} ${type}: ${text}`;
  if (res.status() >= 500) return `server error ${shown}`;
  if (res.status() >= 300 && res.status() < 400) {
    const location = res.headers().location ?? "";
    return new URL(location, baseURL).origin === new URL(baseURL).origin ? null : `redirects off the origin to ${location}`;
  }
  if (type.startsWith("text/plain")) return `plain-text answer ${shown}`;
  if (!api) return null;
  if (!type.includes("application/json")) return `not JSON ${shown}`;
  if (res.status() < 400) return null;
  const body = (await res.json().catch(() => ({}))) as { code?: string; message?: unknown };
  return ERROR_CODES.includes(body.code as never) && typeof body.message === "string" && body.message
    ? null
    : `not a closed error ${shown}`;
}

type Problems = Map<string, { first: string; count: number }>;
async function send(
  problems: Problems,
  caller: Caller,
  method: string,
  url: string,
  api: boolean,
  baseURL: string,
  body?: string,
  label = "",
) {
  const res = await caller.ctx.fetch(url, {
    method,
    maxRedirects: 0,
    headers: { ...caller.headers, ...(body !== undefined ? { "content-type": "application/json", origin: baseURL } : {}) },
    ...(body !== undefined ? { data: body } : {}),
  });
  const problem = await problemWith(res, api, baseURL);
  if (!problem) return;
  const seen = problems.get(problem);
  if (seen) seen.count++;
  else problems.set(problem, { first: `${caller.label} ${method} ${url.length > 90 ? `${url.slice(0, 90)}…` : url}${label}`, count: 1 });
}
const report = (problems: Problems) =>
  [...problems].map(([p, { first, count }]) => `${first}${count > 1 ? ` (and ${count - 1} more)` : ""}: ${p}`);

for (const { template } of PAGES) {
  test(`page ${template}: hostile path params and query strings never get a 5xx or a plain-text page`, async () => {
    const problems: Problems = new Map();
    for (const caller of callers(false)) {
      for (const p of hostilePaths(template)) await send(problems, caller, "GET", p, false, baseURL);
      for (const q of QUERIES) await send(problems, caller, "GET", `${plainPath(template)}${q}`, false, baseURL);
    }
    expect(report(problems)).toEqual([]);
  });
}

for (const { template, methods } of ROUTES) {
  const api = template.startsWith("/api/");
  test(`route ${methods.join(",")} ${template}: hostile params, queries and bodies never get a 5xx${api ? "; JSON errors with closed codes" : ""}`, async () => {
    const problems: Problems = new Map();
    for (const method of methods) {
      for (const caller of callers(api)) {
        // Signing the suite's own session out would end the signed-in half of the run early.
        if (template === "/api/local-auth/sign-out" && caller.label === "signed in") continue;
        const body = method === "GET" ? undefined : "{}";
        for (const p of hostilePaths(template, true)) await send(problems, caller, method, p, api, baseURL, body);
        for (const q of QUERIES)
          await send(problems, caller, method, `${plainPath(template, true)}${q}`, api, baseURL, body, ` query ${q.slice(0, 30)}`);
        if (method !== "GET")
          for (const [label, b] of BODIES)
            await send(problems, caller, method, plainPath(template, true), api, baseURL, b, ` body: ${label}`);
        // With a key, a POST's idempotent answer is stored: it must fit whatever the body was.
        if (method === "POST" && caller.headers) {
          for (const [label, b] of BODIES.slice(-3)) {
            const idempotent = { ...caller, headers: { ...caller.headers, "idempotency-key": `hostile-${Date.now()}-${label.length}` } };
            await send(problems, idempotent, method, plainPath(template, true), api, baseURL, b, ` Idempotency-Key, body: ${label}`);
          }
        }
      }
    }
    expect(report(problems)).toEqual([]);
  });
}

test("signed in, /sign-in sends a redirect_url only to a path of this origin", async () => {
  const problems: Problems = new Map();
  const targets = [
    "/..//evil.example/phish",
    "/%2e%2e//evil.example",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "/%5Cevil.example",
    "javascript:alert(1)",
    "/\t/evil.example",
    "%FF",
    "__proto__",
  ];
  for (const target of targets)
    await send(problems, callers(false)[1], "GET", `/sign-in?redirect_url=${encodeURIComponent(target)}`, false, baseURL);
  for (const target of targets.slice(0, 2))
    await send(problems, callers(false)[1], "GET", `/sign-in?redirect_url=${target}`, false, baseURL, undefined, " (sent unencoded)");
  expect(report(problems)).toEqual([]);
});
