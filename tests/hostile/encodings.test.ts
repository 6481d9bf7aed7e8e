/**
 * The permanent hostile-input suite, wire side (issue 12): every public
 * function called through convex-local's raw HTTP API (POST /api/query,
 * /api/mutation, /api/action with `format: "json"`, as ConvexHttpClient
 * does), with argument encodings a client library would never produce:
 * `$`-prefixed field names, unknown or broken `$` types, arguments that are
 * not an object, nesting past Convex's limit, an own `__proto__` field, plus
 * broken requests (no path, an unknown function, invalid JSON, a body over
 * the size limit). Signed out and as a tenant owner. A malformed encoding is
 * the request's fault: 4xx with a JSON message, as a deployment answers,
 * never a 500; nothing runs, so nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actingAsIdentity } from "../../lib/local/convex/auth";
import { publicFunctions } from "../tenancy/support/functions";
import { startLocal } from "../tenancy/support/local";
import { matrixWorld } from "../tenancy/support/matrix-world";
import { diff, snapshot, type Snapshot } from "./support/world";

const FUNCTIONS = publicFunctions();
let t: Awaited<ReturnType<typeof startLocal>>;
let owner: string;
let before: Snapshot;
let calls = 0;

beforeAll(async () => {
  t = await startLocal("hostile-wire");
  const { w } = await matrixWorld(t);
  const u = w.A.users.owner!;
  // The header ConvexHttpClient sends for an admin acting as a user (as the test handle's calls do).
  owner = `Convex ${t.adminKey}:${Buffer.from(JSON.stringify(actingAsIdentity({ subject: u.externalId, email: u.email, name: u.externalId }))).toString("base64")}`;
  before = await snapshot(t);
}, 120_000);
afterAll(async () => {
  console.log(
    `hostile encodings: ${FUNCTIONS.length} functions x 2 callers x ${ENCODINGS.length} encodings + ${REQUESTS.length} broken requests = ${calls} raw calls`,
  );
  await t?.dispose();
});

const deep = (n: number): unknown => (n === 0 ? "x" : { a: deep(n - 1) });
/** Raw JSON argument bodies (as text, so an own `__proto__` key survives), built around the function's first argument name. */
const ENCODINGS: { label: string; args: (field: string) => string; shape?: true }[] = [
  { label: "a $-prefixed field next to a real one", args: (f) => `{"${f}":"acme","$x":1}` },
  { label: "a $-prefixed field only", args: () => `{"$x":1}` },
  { label: "an unknown $bigint type", args: (f) => `{"${f}":{"$bigint":"AA=="}}` },
  { label: "an $integer that is not base64", args: (f) => `{"${f}":{"$integer":"zzzz"}}` },
  { label: "an $integer of the wrong length", args: (f) => `{"${f}":{"$integer":"AAAA"}}` },
  { label: "a $float that is not base64", args: (f) => `{"${f}":{"$float":"!!"}}` },
  { label: "$bytes that is not a string", args: (f) => `{"${f}":{"$bytes":1}}` },
  { label: "the removed $set type", args: (f) => `{"${f}":{"$set":[]}}` },
  { label: "the removed $map type", args: (f) => `{"${f}":{"$map":[]}}` },
  { label: "a $-prefixed field nested in an object", args: (f) => `{"${f}":{"ok":1,"$nested":2}}` },
  { label: "a $-prefixed field inside an array", args: (f) => `{"${f}":[{"$x":1}]}` },
  { label: "arguments that are a string", args: () => `"acme"` },
  { label: "arguments that are a number", args: () => `12` },
  { label: "arguments that are an array of a string", args: () => `["acme"]` },
  // Well-formed values of an unexpected shape: the validator's refusal (a failed call naming the path) is a fine answer too.
  { label: "an own __proto__ field", args: () => `{"__proto__":{"polluted":true}}`, shape: true },
  { label: "a value nested 100 levels deep", args: (f) => JSON.stringify({ [f]: deep(100) }), shape: true },
];

type Raw = { status: number; type: string; body: string };
async function post(route: string, body: string, auth: string | null): Promise<Raw> {
  calls++;
  const res = await fetch(`${t.url}${route}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(auth ? { Authorization: auth } : {}) },
    body,
  });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.text() };
}

/** A refusal of the request itself: 4xx, JSON, with a message. Returns what is wrong, or null. */
function requestRefusal(r: Raw): string | null {
  if (r.status < 400 || r.status > 499) return `answered ${r.status} ${r.body.slice(0, 160)}`;
  if (!r.type.includes("application/json")) return `answered ${r.status} as ${r.type || "no content type"}: ${r.body.slice(0, 160)}`;
  const json = JSON.parse(r.body) as { message?: unknown };
  return typeof json.message === "string" && json.message.length > 0
    ? null
    : `answered ${r.status} without a message: ${r.body.slice(0, 160)}`;
}

/** A failed call (560) refused by the argument validator, naming the path: how a deployment answers a well-formed value of the wrong shape. */
function validatorRefusal(r: Raw): boolean {
  if (r.status !== 560) return false;
  const message = (JSON.parse(r.body) as { errorMessage?: string }).errorMessage ?? "";
  return /^ArgumentValidationError: [\s\S]*(Path: |field `)/.test(message);
}

describe.each(FUNCTIONS)("$name", ({ name, kind, args }) => {
  it("malformed argument encodings get a 4xx with a message, signed out and as an owner", async () => {
    const field = Object.keys((args as { value?: Record<string, unknown> }).value ?? {})[0] ?? "slug";
    const problems: string[] = [];
    for (const e of ENCODINGS) {
      for (const [who, auth] of [
        ["signed out", null],
        ["owner", owner],
      ] as const) {
        const r = await post(`/api/${kind}`, `{"path":${JSON.stringify(name)},"format":"json","args":${e.args(field)}}`, auth);
        const problem = e.shape && validatorRefusal(r) ? null : requestRefusal(r);
        if (problem) problems.push(`${who}, ${e.label}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

/** Broken requests: the answer is a 4xx, or a failed call (560) with a message; never a 500. */
const REQUESTS: { label: string; route: string; body: () => string }[] = [
  { label: "invalid JSON", route: "/api/query", body: () => `{"path":"account/tenants:listMine","args":{` },
  { label: "no path", route: "/api/query", body: () => `{"args":{}}` },
  { label: "a path that is not a string", route: "/api/mutation", body: () => `{"path":{"$x":1},"args":{}}` },
  { label: "an unknown function", route: "/api/query", body: () => `{"path":"nothing:here","args":{}}` },
  { label: "a __proto__ function name", route: "/api/query", body: () => `{"path":"portal/agents:__proto__","args":{}}` },
  { label: "a __proto__ module name", route: "/api/query", body: () => `{"path":"__proto__:list","args":{}}` },
  { label: "a toString function name", route: "/api/mutation", body: () => `{"path":"portal/agents:toString","args":{}}` },
  { label: "a path with ../", route: "/api/action", body: () => `{"path":"../../etc/passwd:x","args":{}}` },
  { label: "a path with a NUL", route: "/api/query", body: () => `{"path":"agents\\u0000:list","args":{}}` },
  {
    label: "a body past the 20 MiB request limit",
    route: "/api/mutation",
    body: () => `{"path":"portal/agents:create","args":{"slug":"${"a".repeat(21 * 1024 * 1024)}"}}`,
  },
];

describe("broken requests", () => {
  it.each(REQUESTS)("$label: never a 500", async ({ route, body }) => {
    for (const auth of [null, owner]) {
      const r = await post(route, body(), auth);
      const failedCall = r.status === 560 && (JSON.parse(r.body) as { errorMessage?: string }).errorMessage;
      if (!failedCall) expect(requestRefusal(r), `${route} ${r.status}`).toBeNull();
    }
  });
});

it("nothing was written by any of these requests", async () => {
  expect(diff(before, await snapshot(t))).toEqual([]);
});
