// @vitest-environment edge-runtime
// POST /api/v1/usage's Convex side: per-item results, tenant isolation, idempotency, the monthly-token hard limit.
import { convexTest } from "convex-test";
import rateLimiter from "@convex-dev/rate-limiter/test";
import { beforeEach, describe, expect, it } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import { parseUsageBody } from "../../lib/server/api/usage-body";
import { addTenant, call, event, mintKey, type T, type Tenant } from "./world";

const modules = import.meta.glob("../../convex/**/*.ts");
let t: T;
let acme: Tenant;
let globex: Tenant;

beforeEach(async () => {
  t = convexTest(schema, modules);
  // The API rate limits live in the rate-limiter component (convex/lib/rateLimit.ts).
  rateLimiter.register(t);
  acme = await addTenant(t, { slug: "acme" });
  globex = await addTenant(t, { slug: "globex", plan: "starter" });
});

const items = (events: Record<string, unknown>[]) => events.map((e, index) => ({ index, event: e as ReturnType<typeof event> }));
const counters = (tenant: Tenant) =>
  t.run(
    async (ctx) =>
      (await ctx.db
        .query("tenantCounters")
        .withIndex("by_tenant", (q) => q.eq("tenantId", tenant.id))
        .unique())!,
  );
const events = (tenant: Tenant) =>
  t.run(async (ctx) => (await ctx.db.query("usageEvents").collect()).filter((x) => x.tenantId === tenant.id));
const rollupsOf = (tenant: Tenant) =>
  t.run(async (ctx) => (await ctx.db.query("usageRollups").collect()).filter((x) => x.tenantId === tenant.id));

async function record(
  key: { keyHash: string },
  events: Record<string, unknown>[],
  extra: { rejected?: { index: number; field: string; message: string }[]; idempotency?: { key: string; requestHash: string } } = {},
) {
  const res = await call(t, api.runtime.usage.record, key, {
    items: items(events),
    rejected: extra.rejected ?? [],
    ...(extra.idempotency ? { idempotency: extra.idempotency } : {}),
  });
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value;
}

describe("usage recording", () => {
  it("records a batch into events, rollups and counters, with a result per item in request order", async () => {
    const key = await mintKey(t, acme);
    const at = Date.now() - 60_000;
    const out = await record(
      key,
      [event(acme.agentIds[0], { at }), event(acme.agentIds[1], { model: "claude-opus-4-6", success: false }), event(acme.agentIds[0])],
      {
        rejected: [{ index: 3, field: "inputTokens", message: "bad" }],
      },
    );
    expect(out).toMatchObject({ recorded: 3, rejected: 1, replayed: false, monthlyTokens: { used: 450, limit: 50_000_000 } });
    expect(out.results.map((r) => [r.index, r.status])).toEqual([
      [0, "recorded"],
      [1, "recorded"],
      [2, "recorded"],
      [3, "rejected"],
    ]);
    expect(out.results[1]).toMatchObject({ model: "claude-opus-4-6" });
    expect(out.results[3]).toMatchObject({ error: { code: "INVALID", field: "inputTokens" } });
    expect(await events(acme)).toHaveLength(3);
    const rollups = await rollupsOf(acme);
    expect(rollups.reduce((s, r) => s + r.calls, 0)).toBe(3);
    expect(rollups.reduce((s, r) => s + r.errors, 0)).toBe(1);
    expect((await counters(acme)).monthTokens).toBe(450);
  });

  it("another tenant's agent is 'not found' exactly like a missing one, and touches neither tenant", async () => {
    const key = await mintKey(t, acme);
    const missing = await t.run(async (ctx) => {
      const id = await ctx.db.insert("agents", {
        tenantId: acme.id,
        name: "gone",
        model: "claude-haiku-4-5",
        status: "active",
        createdAt: 0,
      });
      await ctx.db.delete(id);
      return id;
    });
    const out = await record(key, [event(globex.agentIds[0]), event(missing), event("not-an-id"), event(acme.id)]);
    expect(out.recorded).toBe(0);
    const errors = out.results.map((r) => (r.status === "rejected" ? r.error : null));
    for (const e of errors) expect(e).toEqual({ code: "NOT_FOUND", message: "No agent with this id in this workspace.", field: "agentId" });
    expect(await events(acme)).toHaveLength(0);
    expect(await events(globex)).toHaveLength(0);
  });

  it("semantic checks in Convex too: plan models, time window, sessions of this tenant", async () => {
    const key = await mintKey(t, globex);
    const out = await record(key, [
      event(globex.agentIds[0], { model: "claude-opus-4-6" }),
      event(globex.agentIds[0], { at: Date.now() + 3_600_000 }),
      event(globex.agentIds[0], { inputTokens: -5 }),
      event(globex.agentIds[0], { sessionId: "nope" }),
    ]);
    expect(out.results.map((r) => (r.status === "rejected" ? r.error.field : "ok"))).toEqual(["model", "at", "inputTokens", "sessionId"]);
  });

  it("a retried request with the same Idempotency-Key is recorded once; the same key with another body is a conflict", async () => {
    const key = await mintKey(t, acme);
    const batch = [event(acme.agentIds[0]), event(acme.agentIds[1])];
    const idempotency = { key: "batch-1", requestHash: "h1" };
    const first = await record(key, batch, { idempotency });
    const again = await record(key, batch, { idempotency });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await events(acme)).toHaveLength(2);
    expect((await counters(acme)).monthTokens).toBe(300);
    const other = await call(t, api.runtime.usage.record, key, {
      items: items(batch),
      rejected: [],
      idempotency: { key: "batch-1", requestHash: "h2" },
    });
    expect(other).toMatchObject({ ok: false, error: { code: "CONFLICT", field: "Idempotency-Key" } });
    // Keys are per tenant: globex may use the same key for its own request.
    expect((await record(await mintKey(t, globex), [event(globex.agentIds[0])], { idempotency })).recorded).toBe(1);
  });

  it("a body near 900 KB of unknown fields gets the same bounded answer with an Idempotency-Key as without", async () => {
    const key = await mintKey(t, acme);
    const MiB = 1 << 20;
    // As the attack test sent them: one event whose unknown field name is 900 KB, and a batch whose 500 names add up to it.
    const single = { ...event(acme.agentIds[0]), ["x".repeat(900_000)]: 1 };
    const batch = { events: Array.from({ length: 500 }, (_, i) => ({ ...event(acme.agentIds[0]), [`${i}`.padEnd(1_790, "y")]: 1 })) };
    for (const [n, body] of [single, batch].entries()) {
      expect(JSON.stringify(body).length).toBeGreaterThan(880_000);
      const envelope = parseUsageBody(body, Date.now());
      if (!envelope.ok) throw new Error(envelope.message);
      const { items: parsed, rejected } = envelope.value;
      const plain = await call(t, api.runtime.usage.record, key, { items: parsed, rejected });
      const keyed = await call(t, api.runtime.usage.record, key, {
        items: parsed,
        rejected,
        idempotency: { key: `big-${n}`, requestHash: `h${n}` },
      });
      const replay = await call(t, api.runtime.usage.record, key, {
        items: parsed,
        rejected,
        idempotency: { key: `big-${n}`, requestHash: `h${n}` },
      });
      if (!plain.ok || !keyed.ok || !replay.ok) throw new Error("refused");
      expect({ ...keyed.value, replayed: false }).toEqual(plain.value);
      expect(replay.value).toEqual({ ...keyed.value, replayed: true });
      const first = plain.value.results[0];
      expect(first.status === "rejected" && first.error.field!.length).toBeLessThanOrEqual(64);
      // convex-test does not enforce Convex's 1 MiB document limit (convex-local does): measure the stored answer.
      const stored = await t.run(async (ctx) =>
        (await ctx.db.query("idempotencyKeys").collect()).find((r) => r.scope === `portal/usage:big-${n}`)!,
      );
      expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThan(MiB / 4);
    }
    expect(await events(acme)).toHaveLength(0);
  });

  it("what the route hands in as rejected is clipped too, so no caller can overflow the stored answer", async () => {
    const key = await mintKey(t, acme);
    const rejected = Array.from({ length: 500 }, (_, index) => ({ index, field: "f".repeat(2_000), message: "m".repeat(2_000) }));
    const res = await call(t, api.runtime.usage.record, key, { items: [], rejected, idempotency: { key: "clipped", requestHash: "h" } });
    if (!res.ok) throw new Error("refused");
    const stored = await t.run(async (ctx) => (await ctx.db.query("idempotencyKeys").collect())[0]);
    expect(Buffer.byteLength(stored.response)).toBeLessThan(1 << 19);
    expect(res.value.results.every((r) => r.status === "rejected" && r.error.field!.length <= 64 && r.error.message.length <= 300)).toBe(
      true,
    );
  });

  it("refuses more than 500 events in one request", async () => {
    const key = await mintKey(t, acme);
    const res = await call(t, api.runtime.usage.record, key, {
      items: items(Array.from({ length: 501 }, () => event(acme.agentIds[0]))),
      rejected: [],
    });
    expect(res).toMatchObject({ ok: false, error: { code: "INVALID", field: "events" } });
    expect(await events(acme)).toHaveLength(0);
  });
});

describe("the monthly-token hard limit", () => {
  it("a refuse-policy plan (starter) refuses every event once the month's tokens are used up", async () => {
    const key = await mintKey(t, globex);
    const c = await counters(globex);
    await t.run((ctx) => ctx.db.patch(c._id, { monthTokens: 4_999_900 }));
    // The event that crosses the limit was made under it and is recorded; the next is refused.
    const out = await record(key, [
      event(globex.agentIds[0]),
      event(globex.agentIds[0]),
      event(globex.agentIds[0], { model: "llama-3.1-8b" }),
    ]);
    expect(out.results.map((r) => (r.status === "recorded" ? "recorded" : r.error.code))).toEqual([
      "recorded",
      "QUOTA_EXCEEDED",
      "QUOTA_EXCEEDED",
    ]);
    expect(out.results[1]).toMatchObject({
      error: { message: "Monthly token quota exceeded. Current: 5000050, Max: 5000000. Upgrade your plan." },
    });
  });

  it("a free-model plan (pro) routes events past the limit to the free model and says so", async () => {
    const key = await mintKey(t, acme);
    const c = await counters(acme);
    await t.run((ctx) => ctx.db.patch(c._id, { monthTokens: 50_000_000 }));
    const out = await record(key, [event(acme.agentIds[0], { model: "claude-opus-4-6" })]);
    expect(out.results[0]).toEqual({ index: 0, status: "recorded", model: "llama-3.1-8b", routedFrom: "claude-opus-4-6" });
    const [e] = await events(acme);
    expect(e).toMatchObject({ model: "llama-3.1-8b", costMicros: 0 });
  });
});
