/**
 * The runtime API and MCP routed by an API key's placement (issue 20), through the real
 * /api/v1 and /api/mcp route handlers and two convex-local deployments: A is the control
 * plane (the app's CONVEX_LOCAL_URL), B a dedicated deployment registered on A, acme placed
 * on B. Keys are minted on the placement (portal/apiKeys:create, as the owner) and indexed
 * on A (platform/keyIndex:put), the two steps of lib/server/api/keys.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFunctionReference } from "convex/server";
import { api } from "../../convex/_generated/api";
import { startProjectBackend, type ProjectBackend } from "../support/convex-local";
import { localUserId } from "../../lib/local/identity/directory";
import { demoUsers, placeDedicated, rawId } from "./support/deployments";
import { keyIndexPrefix, hashApiKey } from "../../lib/domain/api/keys";
import { mcpClient } from "../workspace/mcp-client";

const SECRET = "routing-keys-test-system-secret-0123456789";
type IndexRange = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ref = (kind: "query" | "mutation", name: string) => makeFunctionReference<typeof kind>(name);

let A: ProjectBackend;
let B: ProjectBackend;
let agentsRoute: typeof import("../../app/api/v1/agents/route");
let tasksRoute: typeof import("../../app/api/v1/tasks/route");
let mcpRoute: typeof import("../../app/api/mcp/route");

const owner = (t: ProjectBackend, slug: string) => {
  const email = `owner@${slug}.test`;
  return t.withIdentity({ subject: localUserId(email), email, name: email });
};
/** A key minted on `t` by the tenant's owner, indexed on A when `index` (what createIndexedApiKey does). */
async function mint(t: ProjectBackend, slug: string, index = true): Promise<{ key: string; id: string }> {
  const created = await owner(t, slug).mutation(api.portal.apiKeys.create, { slug, name: `key ${Math.random()}` });
  if (index)
    await A.mutation(api.platform.keyIndex.put, { secret: SECRET, slug, keyPrefix: keyIndexPrefix(await hashApiKey(created.key)) });
  return { key: created.key, id: created._id };
}
const get = (path: string, key: string) => new Request(`http://localhost:3000${path}`, { headers: { Authorization: `Bearer ${key}` } });
async function agents(key: string): Promise<{ status: number; names: string[]; ids: string[]; code?: string }> {
  const res = await agentsRoute.GET(get("/api/v1/agents?limit=200", key));
  const body = (await res.json()) as { agents?: { id: string; name: string }[]; code?: string };
  return { status: res.status, names: (body.agents ?? []).map((a) => a.name), ids: (body.agents ?? []).map((a) => a.id), code: body.code };
}
const agentIdsOn = (t: ProjectBackend, tenantId: string): Promise<string[]> =>
  t.run(async (ctx) =>
    (
      await ctx.db
        .query("agents")
        .withIndex("by_tenant", (q: IndexRange) => q.eq("tenantId", tenantId))
        .collect()
    ).map((a: { _id: string }) => a._id),
  );
const taskTitlesOn = (t: ProjectBackend): Promise<string[]> =>
  t.run(async (ctx) => (await ctx.db.query("tasks").collect()).map((r: { title: string }) => r.title));

beforeAll(async () => {
  A = await startProjectBackend("routing-keys-a", { secret: SECRET });
  B = await startProjectBackend("routing-keys-b", { secret: SECRET });
  // The app under test talks to A as its control plane (getEnv reads these once, on first use).
  delete process.env.NEXT_PUBLIC_CONVEX_URL;
  Object.assign(process.env, { CONVEX_LOCAL_URL: A.url, TENANTRY_SYSTEM_SECRET: SECRET });
  const users = demoUsers();
  await A.mutation(ref("mutation", "dev/seed:base"), { users });
  await B.mutation(ref("mutation", "dev/seed:base"), { users });
  await placeDedicated(A.url, SECRET, B.url, "acme", "t-acme");
  agentsRoute = await import("../../app/api/v1/agents/route");
  tasksRoute = await import("../../app/api/v1/tasks/route");
  mcpRoute = await import("../../app/api/mcp/route");
}, 120_000);

afterAll(async () => {
  await A?.dispose();
  await B?.dispose();
});

describe("API keys routed to the key's placement", () => {
  it("a key of a tenant placed on B works through /api/v1 and MCP, and what it reads and writes is B's", async () => {
    const { key } = await mint(B, "acme");
    const answer = await agents(key);
    expect(answer.status).toBe(200);
    // B's acme agents (their ids exist only on B), none of A's.
    const onB = await agentIdsOn(B, await rawId(B, "acme"));
    expect(answer.ids.sort()).toEqual(onB.sort());
    expect(answer.ids.some((id) => onB.includes(id))).toBe(true);
    expect(await agentIdsOn(A, await rawId(A, "acme"))).not.toContain(answer.ids[0]);

    const posted = await tasksRoute.POST(
      new Request("http://localhost:3000/api/v1/tasks", {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ title: "Routed over HTTP", project: "routing" }),
      }),
    );
    expect(posted.status).toBe(201);
    const mcp = await mcpClient(mcpRoute.POST, key);
    try {
      const created = await mcp.call("create_task", { title: "Routed over MCP", project: "routing" });
      expect(created.error).toBeUndefined();
      const listed = await mcp.call("list_tasks", { project: "routing" });
      expect(JSON.stringify(listed)).toContain("Routed over HTTP");
    } finally {
      await mcp.close();
    }
    expect(await taskTitlesOn(B)).toEqual(expect.arrayContaining(["Routed over HTTP", "Routed over MCP"]));
    expect(await taskTitlesOn(A)).not.toEqual(expect.arrayContaining(["Routed over HTTP"]));
    expect(await taskTitlesOn(A)).not.toEqual(expect.arrayContaining(["Routed over MCP"]));
  });

  it("a key revoked on the placement is refused on its very next call, with its route still cached", async () => {
    const { key, id } = await mint(B, "acme");
    expect((await agents(key)).status).toBe(200);
    await owner(B, "acme").mutation(api.portal.apiKeys.revoke, { slug: "acme", keyId: id });
    expect(await agents(key)).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    // The index row is still there: it only routes, it never lets a call through.
    const indexed = await A.query(ref("query", "platform/routing:routeKey"), {
      secret: SECRET,
      keyPrefix: keyIndexPrefix(await hashApiKey(key)),
    });
    expect(indexed).toMatchObject({ slug: "acme" });
  });

  it("another tenant's key never reaches acme: globex's key answers globex from A, and a forged index row only misroutes it to a refusal", async () => {
    const { key } = await mint(A, "globex");
    const globexOnA = await agentIdsOn(A, await rawId(A, "globex"));
    const answer = await agents(key);
    expect(answer.status).toBe(200);
    expect(answer.ids.sort()).toEqual(globexOnA.sort());
    // Index the same key under acme too (a bug or a tampered index): two tenants under one prefix name neither,
    // so the key is asked on the control plane, where it is globex's.
    const prefix = keyIndexPrefix(await hashApiKey(key));
    const acme = await rawId(A, "acme");
    await A.run(async (ctx) => ctx.db.insert("apiKeyIndex", { keyPrefix: prefix, tenantId: acme, createdAt: Date.now() }));
    const again = await agents(key);
    expect(again.ids.sort()).toEqual(globexOnA.sort());
    // Index it only under acme: the call goes to B, which has no such key, and is refused; nothing of acme is answered.
    const { key: other } = await mint(A, "initech", false);
    const otherPrefix = keyIndexPrefix(await hashApiKey(other));
    await A.run(async (ctx) => ctx.db.insert("apiKeyIndex", { keyPrefix: otherPrefix, tenantId: acme, createdAt: Date.now() }));
    expect(await agents(other)).toMatchObject({ status: 401, code: "UNAUTHENTICATED", ids: [] });
  });

  it("a key minted before the index existed (on the control plane, not indexed) is still served there", async () => {
    const { key } = await mint(A, "initech", false);
    const answer = await agents(key);
    expect(answer.status).toBe(200);
    expect(answer.ids.sort()).toEqual((await agentIdsOn(A, await rawId(A, "initech"))).sort());
  });

  it("after the tenant moves, the old deployment's refusal makes the router re-read the placement and the call lands on the new one", async () => {
    const { key } = await mint(B, "acme");
    expect((await agents(key)).status).toBe(200);
    // What a move does to the key: its row copied to the target (A), removed from the source (B) on completion.
    const hash = await hashApiKey(key);
    const acmeA = await rawId(A, "acme");
    const owner = await A.run(async (ctx) => (await ctx.db.query("users").first())._id);
    await A.run(async (ctx) =>
      ctx.db.insert("apiKeys", { tenantId: acmeA, name: "moved", prefix: key.slice(0, 12), hash, createdBy: owner, createdAt: Date.now() }),
    );
    const { version } = await A.query(ref("query", "platform/registry:placement"), { secret: SECRET, tenantId: acmeA });
    await A.mutation(ref("mutation", "platform/registry:setPlacement"), {
      secret: SECRET,
      tenantId: acmeA,
      placement: { kind: "shared", shard: "main" },
      expectedVersion: version,
    });
    await B.run(async (ctx) => {
      const row = await ctx.db
        .query("apiKeys")
        .withIndex("by_hash", (q: IndexRange) => q.eq("hash", hash))
        .unique();
      await ctx.db.delete(row._id);
    });
    // The route to B is still cached (5 s); B answers UNAUTHENTICATED, the router re-reads (version changed) and asks A.
    const answer = await agents(key);
    expect(answer.status).toBe(200);
    expect(answer.ids.sort()).toEqual((await agentIdsOn(A, acmeA)).sort());
    // npm start's backfill indexes what A holds; B's acme key (copied to A above) is now indexed under acme as well.
    const backfilled = await A.mutation(api.platform.keyIndex.backfill, { secret: SECRET, after: null });
    expect(backfilled.after).toBeNull();
    expect(backfilled.indexed).toBeGreaterThan(0);
  });
});
