// @vitest-environment edge-runtime
// API keys and the API-key door: shown once, stored as a hash, revocable, audited; the door's refusals.
import { convexTest } from "convex-test";
import rateLimiter from "@convex-dev/rate-limiter/test";
import { beforeEach, describe, expect, it } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import { hashApiKey, KEY_PATTERN } from "../../lib/domain/api/keys";
import { addTenant, call, mintKey, refusal, SECRET, type T, type Tenant } from "./world";

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

describe("API keys", () => {
  it("a registered key is stored only as its SHA-256 with a recognisable prefix", async () => {
    const created = await mintKey(t, acme, { name: "  Production  " });
    expect(created.key).toMatch(KEY_PATTERN);
    expect(created.prefix).toBe(created.key.slice(0, 12));
    const rows = await t.run((ctx) => ctx.db.query("apiKeys").collect());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "Production", prefix: created.prefix, hash: await hashApiKey(created.key) });
    expect(JSON.stringify(rows)).not.toContain(created.key);
    const listed = await t.withIdentity({ subject: acme.owner }).query(api.portal.apiKeys.list, { slug: "acme" });
    expect(listed).toEqual([
      expect.objectContaining({ name: "Production", prefix: created.prefix, lastUsedAt: null, revokedAt: null, createdBy: "acme owner" }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(rows[0].hash);
  });

  it("the key is minted by Convex, never chosen by the caller: a key argument is refused and nothing is stored", async () => {
    const owner = t.withIdentity({ subject: acme.owner });
    const chosen = `tnt_${"0".repeat(64)}`;
    // A caller-chosen key could be guessable, or the same key registered in two workspaces.
    await expect(owner.mutation(api.portal.apiKeys.create, { slug: "acme", name: "chosen", key: chosen } as never)).rejects.toThrow(/key/);
    expect(await t.run((ctx) => ctx.db.query("apiKeys").collect())).toHaveLength(0);
    expect((await call(t, api.runtime.status.quota, { keyHash: await hashApiKey(chosen) }, {})).ok).toBe(false);
  });

  it("create answers with the plaintext once; keys are 256 random bits, distinct across calls and workspaces", async () => {
    const a = await t.withIdentity({ subject: acme.owner }).mutation(api.portal.apiKeys.create, { slug: "acme", name: "a" });
    const b = await t.withIdentity({ subject: acme.owner }).mutation(api.portal.apiKeys.create, { slug: "acme", name: "b" });
    const c = await t.withIdentity({ subject: globex.owner }).mutation(api.portal.apiKeys.create, { slug: "globex", name: "c" });
    expect(Object.keys(a).sort()).toEqual(["_id", "key", "name", "prefix"]);
    for (const k of [a, b, c]) expect(k.key).toMatch(KEY_PATTERN);
    expect(new Set([a.key, b.key, c.key]).size).toBe(3);
    expect((await call(t, api.runtime.status.quota, { keyHash: await hashApiKey(a.key) }, {})).ok).toBe(true);
    expect((await call(t, api.runtime.status.quota, { keyHash: await hashApiKey(c.key) }, {})).ok).toBe(true);
    const listed = JSON.stringify(await t.withIdentity({ subject: acme.owner }).query(api.portal.apiKeys.list, { slug: "acme" }));
    expect(listed).not.toContain(a.key);
    expect(listed).not.toContain(b.key);
  });

  it("only admins of the tenant manage keys; bad input names the field and creates nothing", async () => {
    const viewer = t.withIdentity({ subject: acme.viewer });
    expect((await refusal(viewer.mutation(api.portal.apiKeys.create, { slug: "acme", name: "x" }))).code).toBe("FORBIDDEN");
    expect((await refusal(viewer.query(api.portal.apiKeys.list, { slug: "acme" }))).code).toBe("FORBIDDEN");
    const stranger = t.withIdentity({ subject: globex.owner });
    expect((await refusal(stranger.mutation(api.portal.apiKeys.create, { slug: "acme", name: "x" }))).code).toBe("NOT_FOUND");
    const owner = t.withIdentity({ subject: acme.owner });
    expect(await refusal(owner.mutation(api.portal.apiKeys.create, { slug: "acme", name: "   " }))).toMatchObject({
      code: "INVALID",
      field: "name",
    });
    for (const name of ["\u007fteam", "x\u202e-1", "\udbffx"])
      expect(await refusal(owner.mutation(api.portal.apiKeys.create, { slug: "acme", name }))).toMatchObject({
        code: "INVALID",
        field: "name",
      });
    expect(await refusal(owner.mutation(api.portal.apiKeys.create, { slug: "acme", name: "k", rateLimitPerMinute: 5001 }))).toMatchObject({
      code: "INVALID",
      field: "rateLimitPerMinute",
    });
    expect(await refusal(owner.mutation(api.portal.apiKeys.create, { slug: "acme", name: "k", rateLimitPerMinute: 2.5 }))).toMatchObject({
      code: "INVALID",
      field: "rateLimitPerMinute",
    });
    expect(await t.run((ctx) => ctx.db.query("apiKeys").collect())).toHaveLength(0);
  });

  it("revoking is audited, idempotent, refuses another tenant's key, and the key stops working at once", async () => {
    const key = await mintKey(t, acme);
    expect((await call(t, api.runtime.status.quota, key, {})).ok).toBe(true);
    expect(
      (await refusal(t.withIdentity({ subject: globex.owner }).mutation(api.portal.apiKeys.revoke, { slug: "globex", keyId: key._id })))
        .code,
    ).toBe("NOT_FOUND");
    const owner = t.withIdentity({ subject: acme.owner });
    const { revokedAt } = await owner.mutation(api.portal.apiKeys.revoke, { slug: "acme", keyId: key._id });
    expect(await owner.mutation(api.portal.apiKeys.revoke, { slug: "acme", keyId: key._id })).toEqual({ revokedAt });
    expect(await call(t, api.runtime.status.quota, key, {})).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    const audit = await t.run((ctx) => ctx.db.query("auditLogs").collect());
    expect(audit.map((a) => [a.action, a.actorEmail, a.target])).toEqual([
      ["apiKey.create", "owner@acme.test", key._id],
      ["apiKey.revoke", "owner@acme.test", key._id],
    ]);
  });
});

describe("the API-key door", () => {
  it("an unknown key, a deleted tenant's key and a wrong system secret are all refused", async () => {
    expect(await call(t, api.runtime.status.quota, { keyHash: await hashApiKey("tnt_" + "0".repeat(64)) }, {})).toMatchObject({
      ok: false,
      error: { code: "UNAUTHENTICATED" },
    });
    const key = await mintKey(t, acme);
    await t.run((ctx) => ctx.db.patch(acme.id, { status: "deleted" }));
    expect(await call(t, api.runtime.status.quota, key, {})).toMatchObject({
      ok: false,
      error: { code: "UNAUTHENTICATED", message: "Invalid or revoked API key." },
    });
    expect((await refusal(t.mutation(api.runtime.status.quota, { secret: SECRET.replace("a", "b"), keyHash: key.keyHash }))).code).toBe(
      "UNAUTHENTICATED",
    );
  });

  it("a suspended tenant is refused everything; past due may report usage but not start sessions", async () => {
    const key = await mintKey(t, acme);
    await t.run((ctx) => ctx.db.patch(acme.id, { status: "past_due" }));
    expect((await call(t, api.runtime.status.quota, key, {})).ok).toBe(true);
    expect(
      (
        await call(t, api.runtime.usage.record, key, {
          items: [{ index: 0, event: { agentId: acme.agentIds[0], inputTokens: 1, outputTokens: 1, latencyMs: 1, success: true } }],
          rejected: [],
        })
      ).ok,
    ).toBe(true);
    expect(await call(t, api.runtime.sessions.start, key, { agentId: acme.agentIds[0] })).toMatchObject({
      ok: false,
      error: { code: "TENANT_SUSPENDED" },
    });
    await t.run((ctx) => ctx.db.patch(acme.id, { status: "suspended" }));
    expect(await call(t, api.runtime.status.quota, key, {})).toMatchObject({ ok: false, error: { code: "TENANT_SUSPENDED" } });
  });

  it("records when a key was last used, and reads only its own tenant's agents", async () => {
    const key = await mintKey(t, acme);
    const before = Date.now();
    const res = await call(t, api.runtime.status.agents, key, { limit: 100 });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.agents.map((a) => a.id).sort()).toEqual([...acme.agentIds].sort());
    expect(res.value.agents[0].allowedModels).toContain("claude-opus-4-6");
    const [row] = await t.run((ctx) => ctx.db.query("apiKeys").collect());
    expect(row.lastUsedAt).toBeGreaterThanOrEqual(before);
  });

  it("pages through agents with a cursor and refuses a bad page size", async () => {
    const key = await mintKey(t, acme);
    const first = await call(t, api.runtime.status.agents, key, { limit: 1 });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.agents).toHaveLength(1);
    const second = await call(t, api.runtime.status.agents, key, { limit: 1, after: Number(first.value.nextCursor) });
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.agents[0].id).not.toBe(first.value.agents[0].id);
    expect(second.value.nextCursor).toBeNull();
    expect(await call(t, api.runtime.status.agents, key, { limit: 0 })).toMatchObject({
      ok: false,
      error: { code: "INVALID", field: "limit" },
    });
  });
});
