/**
 * The permanent hostile-input suite, HTTP side (issue 12): every route
 * handler under app/api (found by globbing the folder, so a new route is
 * covered by itself), each exported method, called as Next calls it (the
 * real proxy first, then the handler with the path params decoded the way
 * Next's router decodes them), with a real convex-local behind it. Hostile
 * path params (undecodable escapes, `__proto__`, very long, `../`, encoded
 * slashes), hostile query strings and bodies (invalid JSON, near a megabyte,
 * wrong types, `__proto__`), with a valid API key and without. Never a 5xx,
 * never a plain-text error: a JSON body with a closed error code and a
 * message. Pages, the routes outside app/api and handlers that read the
 * session cookie need Next's request scope; e2e/hostile.spec.ts sends them
 * the same attacks through the production server.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest, type NextFetchEvent } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../convex/lib/errors";
import { generateApiKey, hashApiKey } from "../../lib/domain/api/keys";
import { startLocal, SYSTEM_SECRET } from "../tenancy/support/local";
import { matrixWorld } from "../tenancy/support/matrix-world";
import type { Ctx } from "../tenancy/support/world";

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
// The glob skips dot folders by default, hence .well-known by name.
const MODULES = import.meta.glob<Record<string, unknown>>(["../../app/api/**/route.ts", "../../app/api/**/.well-known/**/route.ts"]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** "/api/v1/files/[id]" for "../../app/api/v1/files/[id]/route.ts" (route groups dropped). */
const ROUTES = Object.keys(MODULES)
  .map((file) => ({
    file,
    template: file
      .replace(/^.*\/app/, "")
      .replace(/\/route\.ts$/, "")
      .replace(/\/\([^/]+\)/g, ""),
  }))
  .sort((a, b) => a.template.localeCompare(b.template));

/** Path segments (raw, as they would appear in a URL) for a dynamic segment. */
const PARAMS = [
  "%FF",
  "%E0%A4%A",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "constructor",
  "a".repeat(5_000),
  "..",
  "..%2F..%2Fetc%2Fpasswd",
  "%2F",
  "a%2Fb",
  "%00",
  "%E2%80%AE",
  "%20",
  "%25",
];
/** Extra segments for a catch-all. */
const CATCH_ALL = ["__proto__/x", "a/%FF/b", "../../etc", "x/".repeat(200)];
const QUERIES = [
  "?__proto__[admin]=1",
  "?cursor=%FF",
  "?limit=-1&limit=abc",
  `?q=${"a".repeat(8_000)}`,
  "?%FF=%FF",
  "?agentId=__proto__&status[]=x",
];
const BODIES: [label: string, body: string][] = [
  ["invalid JSON", "{"],
  ["a JSON array", "[]"],
  ["a JSON string", '"x"'],
  ["a JSON number", "-1"],
  ["JSON null", "null"],
  ["an own __proto__", '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
  [
    "wrong types for every usual field",
    JSON.stringify({
      events: "x",
      agentId: 1,
      name: [],
      size: -1,
      contentType: {},
      sessionId: null,
      email: 5,
      plan: { x: 1 },
      data: "x",
      type: 1,
    }),
  ],
  ["control characters and lone surrogates", '{"name":"\\u0000\\u202e\\ud800","agentId":"\\udfff","events":[{"agentId":"\\u0000"}]}'],
  [
    "near a megabyte of unknown fields",
    JSON.stringify(Object.fromEntries(Array.from({ length: 900 }, (_, i) => [`field${i}`, "x".repeat(1_000)]))),
  ],
  // Names are what error messages echo back: one huge name, and a full batch of long ones.
  ["a field name near a megabyte", JSON.stringify({ ["n".repeat(900_000)]: 1 })],
  [
    "a batch of events each with a long unknown field",
    JSON.stringify({ events: Array.from({ length: 500 }, (_, i) => ({ [`${i}${"u".repeat(1_800)}`]: 1 })) }),
  ],
];

let t: Awaited<ReturnType<typeof startLocal>>;
let apiKey: string;
let proxy: (request: NextRequest, event: NextFetchEvent) => Promise<Response | null | undefined>;
let dataDir: string;
let requests = 0;
/**
 * Handlers that read the session cookie through next/headers run only inside
 * Next's request scope; e2e/hostile.spec.ts sends them the same attacks
 * through the production server.
 */
const NEEDS_NEXT = /was called outside a request scope/;
const needsNext = new Set<string>();

beforeAll(async () => {
  t = await startLocal("hostile-routes");
  const { w } = await matrixWorld(t);
  apiKey = generateApiKey();
  const hash = await hashApiKey(apiKey);
  // Straight into the table: the key's only job here is to get requests past the door.
  await t.run((ctx: Ctx) =>
    ctx.db.insert("apiKeys", {
      tenantId: w.A.id,
      name: "hostile",
      prefix: apiKey.slice(0, 12),
      hash,
      createdBy: w.A.users.owner!.id,
      createdAt: Date.now(),
    }),
  );
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-routes-data-"));
  Object.assign(process.env, {
    CONVEX_LOCAL_URL: t.url,
    TENANTRY_SYSTEM_SECRET: SYSTEM_SECRET,
    TENANTRY_DATA_DIR: dataDir,
    APP_URL: "http://localhost:3000",
  });
  ({ proxy } = (await import("@/proxy")) as unknown as { proxy: typeof proxy });
}, 120_000);
afterAll(async () => {
  console.log(
    `hostile routes: ${ROUTES.length} route files under app/api, ${requests} requests; through the production server only (e2e/hostile.spec.ts): ${[...needsNext].join(", ") || "none"}`,
  );
  await t?.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Next's router: the params of a template for a concrete pathname, decoded (a failure here is Next's plain-text 500). */
function paramsOf(template: string, pathname: string): Record<string, string | string[]> {
  const want = template.split("/");
  const got = pathname.split("/");
  const out: Record<string, string | string[]> = {};
  want.forEach((seg, i) => {
    const catchAll = /^\[\.\.\.(.+)\]$/.exec(seg);
    const one = /^\[(.+)\]$/.exec(seg);
    if (catchAll) out[catchAll[1]] = got.slice(i).map(decodeURIComponent);
    else if (one) out[one[1]] = decodeURIComponent(got[i]);
  });
  return out;
}

type Init = { query?: string; body?: string; key?: boolean; headers?: Record<string, string> };
type Answer = { status: number; type: string; text: string };
/** One request the way Next serves it: proxy, then (if it lets the request through) the handler. */
async function serve(template: string, file: string, method: string, pathname: string, init: Init): Promise<Answer> {
  requests++;
  const url = `http://localhost:3000${pathname}${init.query ?? ""}`;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    origin: "http://localhost:3000",
    ...(init.key ? { authorization: `Bearer ${apiKey}` } : {}),
    ...init.headers,
  };
  const requestInit = { method, headers, ...(init.body !== undefined ? { body: init.body } : {}) };
  let response: Response;
  try {
    const fromProxy = await proxy(new NextRequest(url, requestInit), {} as NextFetchEvent);
    const passes = !fromProxy || fromProxy.headers.get("x-middleware-next") === "1";
    if (!passes) response = fromProxy;
    else {
      const mod = await MODULES[file]();
      const handler = mod[method] as Handler | undefined;
      // A method the file does not export: Next answers 405 itself.
      if (!handler) return { status: 405, type: "application/json", text: "{}" };
      const params = paramsOf(template, pathname);
      response = await handler(new NextRequest(url, requestInit), { params: Promise.resolve(params) });
    }
  } catch (e) {
    // What Next does with a throw (or an undecodable param): a plain-text 500.
    return { status: 500, type: "text/plain", text: `threw ${(e as Error).name}: ${(e as Error).message}` };
  }
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() };
}

/** Returns what is wrong with an /api answer, or null: < 500, JSON, and an error body with a closed code and a message. */
function problemWith(a: Answer): string | null {
  const shown = `${a.status} ${a.type}: ${a.text.slice(0, 160)}`;
  if (a.status >= 500) return `server error ${shown}`;
  if (a.status >= 300 && a.status < 400) return null;
  if (!a.type.includes("application/json")) return `not JSON: ${shown}`;
  if (a.status < 400) return null;
  let body: { code?: unknown; message?: unknown };
  try {
    body = JSON.parse(a.text) as typeof body;
  } catch {
    return `invalid JSON: ${shown}`;
  }
  if (!(ERROR_CODES as readonly string[]).includes(body.code as string) || typeof body.message !== "string" || !body.message)
    return `not a closed error: ${shown}`;
  return null;
}

/** Concrete pathnames for a template: each dynamic segment replaced by every hostile value (others by a plausible one). */
function hostilePaths(template: string): string[] {
  const segments = template.split("/");
  const dynamic = segments.flatMap((s, i) => (/^\[/.test(s) ? [i] : []));
  if (!dynamic.length) return [template];
  return dynamic.flatMap((i) => {
    const values = /^\[\.\.\./.test(segments[i]) ? [...PARAMS, ...CATCH_ALL] : PARAMS;
    return values.map((v) => segments.map((s, j) => (j === i ? v : /^\[/.test(s) ? "plain" : s)).join("/"));
  });
}

describe.each(ROUTES)("$template", ({ file, template }) => {
  it("hostile path params, query strings and bodies: never a 5xx, always a JSON error with a closed code", async () => {
    const mod = await MODULES[file]();
    const methods = METHODS.filter((m) => typeof mod[m] === "function");
    // One line per distinct answer (its first case and how many cases got it), so one cause reads as one finding.
    const problems = new Map<string, { first: string; count: number }>();
    const check = async (method: string, pathname: string, init: Init, label: string) => {
      const answer = await serve(template, file, method, pathname, init);
      if (NEEDS_NEXT.test(answer.text)) return void needsNext.add(`${method} ${template}`);
      const problem = problemWith(answer);
      const seen = problem && problems.get(problem);
      if (seen) seen.count++;
      else if (problem)
        problems.set(problem, { first: `${method} ${pathname.length > 80 ? `${pathname.slice(0, 80)}…` : pathname} ${label}`, count: 1 });
    };
    const plain = template.replace(/\[\.\.\.[^\]]+\]|\[[^\]]+\]/g, "plain");
    for (const method of methods) {
      const body = method === "GET" ? undefined : "{}";
      for (const key of [false, true]) {
        const who = key ? "with a key" : "without a key";
        for (const p of hostilePaths(template)) await check(method, p, { body, key }, who);
        for (const query of QUERIES) await check(method, plain, { query, body, key }, `${who}, query ${query.slice(0, 40)}`);
        if (method === "GET") continue;
        for (const [label, b] of BODIES) await check(method, plain, { body: b, key }, `${who}, body: ${label}`);
        // The stored idempotent answer must fit whatever the body was; a hostile key itself is refused cleanly.
        for (const [label, b] of BODIES.slice(-3))
          await check(
            method,
            plain,
            { body: b, key, headers: { "idempotency-key": `hostile-${++requests}` } },
            `${who}, Idempotency-Key, body: ${label}`,
          );
        for (const idem of ["\u00ff", "k".repeat(10_000), "__proto__"])
          await check(
            method,
            plain,
            { body: "{}", key, headers: { "idempotency-key": idem } },
            `${who}, Idempotency-Key ${JSON.stringify(idem.slice(0, 12))}`,
          );
      }
    }
    expect(
      [...problems].map(([problem, { first, count }]) => `${first}${count > 1 ? ` (and ${count - 1} more cases)` : ""}: ${problem}`),
    ).toEqual([]);
  }, 120_000);
});
