// @vitest-environment edge-runtime
// Agent sessions against the concurrent-sessions quota, ending, heartbeats and idle expiry (fake timers).
import { convexTest } from "convex-test";
import rateLimiter from "@convex-dev/rate-limiter/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import { addTenant, call, mintKey, type T, type Tenant } from "./world";

const modules = import.meta.glob("../../convex/**/*.ts");
let t: T;
let globex: Tenant;
let acme: Tenant;

beforeEach(async () => {
  vi.useFakeTimers();
  t = convexTest(schema, modules);
  // The API rate limits live in the rate-limiter component (convex/lib/rateLimit.ts).
  rateLimiter.register(t);
  acme = await addTenant(t, { slug: "acme" });
  // Starter: 25 concurrent sessions.
  globex = await addTenant(t, { slug: "globex", plan: "starter" });
});
afterEach(() => vi.useRealTimers());

const active = (tenant: Tenant) =>
  t.run(
    async (ctx) =>
      (await ctx.db
        .query("tenantCounters")
        .withIndex("by_tenant", (q) => q.eq("tenantId", tenant.id))
        .unique())!.activeSessions,
  );

async function start(key: { keyHash: string }, args: { agentId: string; model?: string; idleTimeoutSeconds?: number }) {
  const res = await call(t, api.runtime.sessions.start, key, args);
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value;
}

describe("sessions", () => {
  it("100 parallel starts against a limit of 25 admit exactly 25; ending one frees its slot", async () => {
    const key = await mintKey(t, globex);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => call(t, api.runtime.sessions.start, key, { agentId: globex.agentIds[0] })),
    );
    const admitted = results.filter((r) => r.ok);
    expect(admitted).toHaveLength(25);
    for (const r of results.filter((x) => !x.ok))
      expect(r).toMatchObject({
        ok: false,
        error: { code: "QUOTA_EXCEEDED", message: "Concurrent session quota exceeded. Current: 25, Max: 25. Upgrade your plan." },
      });
    expect(await active(globex)).toBe(25);
    const first = admitted[0];
    if (!first.ok) throw new Error("unreachable");
    expect(await call(t, api.runtime.sessions.end, key, { sessionId: first.value.id })).toMatchObject({
      ok: true,
      value: { status: "ended" },
    });
    // Ending twice answers the same and frees nothing more.
    expect(await call(t, api.runtime.sessions.end, key, { sessionId: first.value.id })).toMatchObject({
      ok: true,
      value: { status: "ended" },
    });
    expect(await active(globex)).toBe(24);
    expect((await call(t, api.runtime.sessions.start, key, { agentId: globex.agentIds[0] })).ok).toBe(true);
  });

  it("another tenant's session and agent are not found; a paused agent is a conflict; bad input names the field", async () => {
    const acmeKey = await mintKey(t, acme);
    const globexKey = await mintKey(t, globex);
    const theirs = await start(globexKey, { agentId: globex.agentIds[0] });
    expect(await call(t, api.runtime.sessions.end, acmeKey, { sessionId: theirs.id })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await call(t, api.runtime.sessions.heartbeat, acmeKey, { sessionId: theirs.id })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(
      await call(t, api.runtime.usage.record, acmeKey, {
        items: [
          {
            index: 0,
            event: { agentId: acme.agentIds[1], inputTokens: 1, outputTokens: 1, latencyMs: 1, success: true, sessionId: theirs.id },
          },
        ],
        rejected: [],
      }),
    ).toMatchObject({
      ok: true,
      value: { recorded: 0, results: [{ status: "rejected", error: { code: "NOT_FOUND", field: "sessionId" } }] },
    });
    expect(await call(t, api.runtime.sessions.start, acmeKey, { agentId: globex.agentIds[0] })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND", field: "agentId" },
    });
    expect(await active(globex)).toBe(1);
    await t.run((ctx) => ctx.db.patch(acme.agentIds[0], { status: "paused" }));
    expect(await call(t, api.runtime.sessions.start, acmeKey, { agentId: acme.agentIds[0] })).toMatchObject({
      ok: false,
      error: { code: "CONFLICT", field: "agentId" },
    });
    expect(await call(t, api.runtime.sessions.start, acmeKey, { agentId: acme.agentIds[1], idleTimeoutSeconds: 5 })).toMatchObject({
      ok: false,
      error: { code: "INVALID", field: "idleTimeoutSeconds" },
    });
    expect(await call(t, api.runtime.sessions.start, globexKey, { agentId: globex.agentIds[0], model: "claude-opus-4-6" })).toMatchObject({
      ok: false,
      error: { code: "INVALID", field: "model" },
    });
    expect(await active(acme)).toBe(0);
  });

  it("at the token limit a pro session is routed to the free model; a starter session is refused", async () => {
    await t.run(async (ctx) => {
      for (const c of await ctx.db.query("tenantCounters").collect()) await ctx.db.patch(c._id, { monthTokens: 60_000_000 });
    });
    expect(await start(await mintKey(t, acme), { agentId: acme.agentIds[0], model: "claude-opus-4-6" })).toMatchObject({
      model: "llama-3.1-8b",
      routedFrom: "claude-opus-4-6",
    });
    expect(await call(t, api.runtime.sessions.start, await mintKey(t, globex), { agentId: globex.agentIds[0] })).toMatchObject({
      ok: false,
      error: { code: "QUOTA_EXCEEDED" },
    });
  });

  it("an idle session expires after its timeout and frees its slot; a heartbeat keeps one alive", async () => {
    const key = await mintKey(t, acme);
    const idle = await start(key, { agentId: acme.agentIds[0], idleTimeoutSeconds: 60 });
    const kept = await start(key, { agentId: acme.agentIds[1], idleTimeoutSeconds: 120 });
    expect(await active(acme)).toBe(2);
    vi.advanceTimersByTime(90_000);
    expect((await call(t, api.runtime.sessions.heartbeat, key, { sessionId: kept.id })).ok).toBe(true);
    await t.finishInProgressScheduledFunctions();
    // Runs the idle session's check (expires it) and the kept one's (re-arms it at the new time).
    vi.advanceTimersByTime(40_000);
    await t.finishInProgressScheduledFunctions();
    const statuses = await t.run(async (ctx) => Promise.all([ctx.db.get(idle.id as never), ctx.db.get(kept.id as never)]));
    expect(statuses.map((s) => (s as { status: string }).status)).toEqual(["expired", "active"]);
    expect(await active(acme)).toBe(1);
    expect(await call(t, api.runtime.sessions.end, key, { sessionId: idle.id })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await call(t, api.runtime.sessions.heartbeat, key, { sessionId: idle.id })).toMatchObject({
      ok: false,
      error: { code: "CONFLICT" },
    });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await active(acme)).toBe(0);
  });
});
