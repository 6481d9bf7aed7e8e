// @vitest-environment edge-runtime
// Issue 12: the real /api/v1 route handlers, with their Convex calls served by convex-test:
// a body near 900 KB of unknown fields gets the same answer with an Idempotency-Key as without,
// and bodies past the limit get a JSON 413 however they arrive.
import { convexTest } from "convex-test";
import rateLimiter from "@convex-dev/rate-limiter/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import schema from "../../convex/schema";
import { addTenant, call, event, mintKey, type T, type Tenant } from "./world";

const modules = import.meta.glob("../../convex/**/*.ts");
let t: T;
let acme: Tenant;

// The routes reach Convex through callDoor only; here it calls the same functions in convex-test.
vi.mock("@/lib/server/api/convex", () => ({
  callDoor: (ref: Parameters<typeof call>[1], keyHash: string, args: Record<string, unknown>) => call(t, ref, { keyHash }, args),
}));
const { POST: postUsage } = await import("@/app/api/v1/usage/route");
const { POST: postSession } = await import("@/app/api/v1/sessions/route");

beforeEach(async () => {
  t = convexTest(schema, modules);
  // The API rate limits live in the rate-limiter component (convex/lib/rateLimit.ts).
  rateLimiter.register(t);
  acme = await addTenant(t, { slug: "acme" });
});

const post = (path: string, key: string, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(`http://localhost:3000${path}`, {
    method: "POST",
    body,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...headers },
    duplex: "half",
  } as RequestInit);

async function answer(res: Response) {
  expect(res.headers.get("content-type")).toContain("application/json");
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("POST /api/v1/usage with a huge body", () => {
  it("one event with a 900 KB unknown field: the same 422 with and without Idempotency-Key, and the retry too", async () => {
    const { key } = await mintKey(t, acme);
    const body = JSON.stringify({ ...event(acme.agentIds[0]), ["x".repeat(900_000)]: 1 });
    const plain = await answer(await postUsage(post("/api/v1/usage", key, body)));
    const keyed = await answer(await postUsage(post("/api/v1/usage", key, body, { "Idempotency-Key": "huge-1" })));
    const retry = await answer(await postUsage(post("/api/v1/usage", key, body, { "Idempotency-Key": "huge-1" })));
    expect(plain.status).toBe(422);
    expect(plain.body).toMatchObject({ code: "INVALID" });
    expect((plain.body.field as string).length).toBeLessThanOrEqual(64);
    expect(JSON.stringify(plain.body).length).toBeLessThan(1_000);
    expect(keyed).toEqual(plain);
    expect(retry).toEqual(plain);
  });

  it("a batch of 500 events whose unknown fields add up to 900 KB: 200 with a bounded result per item, replayed unchanged", async () => {
    const { key } = await mintKey(t, acme);
    const events = Array.from({ length: 500 }, (_, i) => ({ ...event(acme.agentIds[0]), [`${i}`.padEnd(1_790, "y")]: 1 }));
    events[0] = event(acme.agentIds[0]);
    const body = JSON.stringify({ events });
    expect(body.length).toBeGreaterThan(880_000);
    const keyed = await postUsage(post("/api/v1/usage", key, body, { "Idempotency-Key": "huge-2" }));
    const first = await answer(keyed);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ recorded: 1, rejected: 499, replayed: false });
    expect(JSON.stringify(first.body).length).toBeLessThan(256 * 1024);
    const retry = await postUsage(post("/api/v1/usage", key, body, { "Idempotency-Key": "huge-2" }));
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await answer(retry)).toEqual({ status: 200, body: { ...first.body, replayed: true } });
  });

  it("a body past 1 MiB is a JSON 413, declared or streamed without a length, and a long stream is not read to its end", async () => {
    const { key } = await mintKey(t, acme);
    const big = JSON.stringify({ events: [event(acme.agentIds[0])], pad: "z".repeat(1_100_000) });
    const declared = await answer(await postUsage(post("/api/v1/usage", key, big)));
    expect(declared).toMatchObject({ status: 413, body: { code: "INVALID", field: "body" } });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      // 32 MiB in 64 KiB chunks: the old reader took it all in before looking at the size.
      pull(controller) {
        pulled += 1;
        if (pulled > 512) controller.close();
        else controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const streamed = await answer(await postSession(post("/api/v1/sessions", key, endless)));
    expect(streamed).toMatchObject({ status: 413, body: { code: "INVALID", field: "body" } });
    expect(pulled).toBeLessThan(40);
  });
});

describe("caller strings are never looked up on plain objects", () => {
  it.each(["toString", "__proto__", "constructor", "hasOwnProperty", "valueOf"])(
    "model %j is an unknown model, for usage and sessions alike",
    async (model) => {
      const { key } = await mintKey(t, acme);
      const usage = await answer(await postUsage(post("/api/v1/usage", key, JSON.stringify(event(acme.agentIds[0], { model })))));
      expect(usage).toMatchObject({
        status: 422,
        body: { code: "INVALID", field: "model", message: expect.stringMatching(/^model must be one of /) },
      });
      const session = await answer(await postSession(post("/api/v1/sessions", key, JSON.stringify({ agentId: acme.agentIds[0], model }))));
      expect(session).toMatchObject({
        status: 422,
        body: { code: "INVALID", field: "model", message: expect.stringMatching(/^model must be one of /) },
      });
    },
  );
});
