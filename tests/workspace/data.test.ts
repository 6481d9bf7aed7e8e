/**
 * The workspace's data rules against convex-local: receipts hold under
 * concurrent checks (two instances, every message exactly once each), memories
 * and messages count toward storage (refused at the limit, given back on
 * delete), embeddings live in their own table (and the migration that moved
 * them there keeps every vector), the conversation migration keeps every
 * message, and export and hard delete reach the new tables.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import type { ProjectBackend } from "../support/convex-local";
import type { Ctx, SeededTenant } from "../tenancy/support/world";
import { hashApiKey } from "../../lib/domain/api/keys";
import { bind, callRoute, mintKey, seedCompany, startWorkspaceBackend, SYSTEM_SECRET } from "./support";

let t: ProjectBackend;
let initech: SeededTenant;
let key: string;
let routes: {
  recall: typeof import("../../app/api/v1/memories/recall/route");
  messages: typeof import("../../app/api/v1/messages/route");
  check: typeof import("../../app/api/v1/messages/check/route");
  memories: typeof import("../../app/api/v1/memories/route");
  memory: typeof import("../../app/api/v1/memories/[id]/route");
};

beforeAll(async () => {
  t = await startWorkspaceBackend("workspace-data");
  routes = {
    recall: await import("../../app/api/v1/memories/recall/route"),
    messages: await import("../../app/api/v1/messages/route"),
    check: await import("../../app/api/v1/messages/check/route"),
    memories: await import("../../app/api/v1/memories/route"),
    memory: await import("../../app/api/v1/memories/[id]/route"),
  };
  initech = await seedCompany(t, "initech");
  key = await mintKey(t, initech);
}, 120_000);
afterAll(async () => t?.dispose());

const storage = () =>
  t.run(
    async (ctx: Ctx) =>
      (await ctx.db
        .query("tenantCounters")
        .withIndex("by_tenant", (q) => q.eq("tenantId", initech.id))
        .unique())!.storageBytes,
  );

describe("message receipts", () => {
  it("two instances checking while messages are sent concurrently each receive every message exactly once", async () => {
    const sent: string[] = [];
    const got: Record<string, string[]> = { a: [], b: [] };
    const check = async (instance: "a" | "b") => {
      const r = await callRoute(routes.check.POST as never, "POST", "/api/v1/messages/check", key, {
        recipient: "worker",
        recipientInstanceId: instance,
        limit: 7,
      });
      expect(r.status).toBe(200);
      got[instance].push(...(r.body.messages as { content: string }[]).map((m) => m.content));
    };
    const sends = Array.from({ length: 10 }, (_, i) =>
      callRoute(routes.messages.POST as never, "POST", "/api/v1/messages", key, {
        messages: Array.from({ length: 5 }, (_, j) => {
          sent.push(`m${i}-${j}`);
          return { from: "boss", channel: "worker", content: `m${i}-${j}` };
        }),
      }),
    );
    const checks = Array.from({ length: 12 }, (_, i) => check(i % 2 ? "a" : "b"));
    await Promise.all([...sends, ...checks]);
    for (let i = 0; i < 10; i++) await Promise.all([check("a"), check("b")]);
    for (const instance of ["a", "b"] as const) expect([...got[instance]].sort()).toEqual([...sent].sort());
  });
});

describe("storage quota", () => {
  it("memories and messages count toward storage; a memory past the limit is refused; deleting gives it back", async () => {
    const before = await storage();
    const stored = await callRoute(routes.memories.POST as never, "POST", "/api/v1/memories", key, {
      namespace: "global",
      content: "x".repeat(1000),
      createdBy: "tau",
    });
    expect(stored.status).toBe(201);
    expect(await storage()).toBe(before + 1000);
    await callRoute(routes.messages.POST as never, "POST", "/api/v1/messages", key, {
      from: "tau",
      channel: "pi",
      content: "y".repeat(500),
    });
    expect(await storage()).toBe(before + 1500);
    const limit = before + 1600;
    await t.run((ctx: Ctx) => ctx.db.patch(initech.id, { quotaOverrides: { storageBytes: limit } }));
    const refused = await callRoute(routes.memories.POST as never, "POST", "/api/v1/memories", key, {
      namespace: "global",
      content: "z".repeat(200),
      createdBy: "tau",
    });
    expect(refused).toMatchObject({ status: 403, body: { code: "QUOTA_EXCEEDED" } });
    expect(await storage()).toBe(before + 1500);
    const removed = await callRoute(
      routes.memory.DELETE as never,
      "DELETE",
      `/api/v1/memories/${stored.body.id}`,
      key,
      undefined,
      stored.body.id as string,
    );
    expect(removed.status).toBe(200);
    expect(await storage()).toBe(before + 500);
    await t.run((ctx: Ctx) => ctx.db.patch(initech.id, { quotaOverrides: {} }));
  });
});

const vec = (hot: number) => Array.from({ length: 1536 }, (_, i) => (i === hot ? 1 : 0.001));
const recallBy = async (body: object) => {
  const r = await callRoute(routes.recall.POST as never, "POST", "/api/v1/memories/recall", key, body);
  expect(r.status).toBe(200);
  return (r.body.results as { id: string; content: string; hasEmbedding: boolean }[]).map((m) => [m.content, m.hasEmbedding]);
};
const embeddingRows = () =>
  t.run(async (ctx: Ctx) =>
    ctx.db
      .query("memoryEmbeddings")
      .withIndex("by_tenant_scope", (q) => q.eq("tenantId", initech.id))
      .collect(),
  );

describe("storage soft limits", () => {
  // Messages and memories book storage on the counters row their quota check read; crossing 80% and then 90%
  // of the limit leaves one notice each, and staying under 80% leaves none.
  it("a batch that crosses 80% notifies once, one that crosses 90% notifies again, one under 80% never", async () => {
    const notices = () =>
      t.run(async (ctx: Ctx) =>
        (
          await ctx.db
            .query("notifications")
            .withIndex("by_tenant_created", (q) => q.eq("tenantId", initech.id))
            .collect()
        )
          .map((n) => n.kind)
          .filter((k) => k.startsWith("quota.storageBytes"))
          .sort(),
      );
    const send = (content: string) =>
      callRoute(routes.messages.POST as never, "POST", "/api/v1/messages", key, {
        messages: [{ from: "tau", channel: "quota-watch", content }],
      });
    const counters = async (storageBytes: number) =>
      t.run(async (ctx: Ctx) => {
        const row = await ctx.db
          .query("tenantCounters")
          .withIndex("by_tenant", (q) => q.eq("tenantId", initech.id))
          .unique();
        await ctx.db.patch(row!._id, { storageBytes });
      });
    const already = await notices();
    const before = await storage();
    // The seeded company already stores about a megabyte: start this test's count from zero, of a 1,000-byte limit.
    await counters(0);
    await t.run((ctx: Ctx) => ctx.db.patch(initech.id, { quotaOverrides: { storageBytes: 1000 } }));
    try {
      expect((await send("a".repeat(700))).status).toBe(201);
      expect(await notices()).toEqual(already);
      expect((await send("b".repeat(150))).status).toBe(201);
      expect(await notices()).toEqual([...already, "quota.storageBytes.80"].sort());
      expect((await send("c".repeat(10))).status).toBe(201);
      expect(await notices()).toEqual([...already, "quota.storageBytes.80"].sort());
      expect((await send("d".repeat(60))).status).toBe(201);
      expect(await notices()).toEqual([...already, "quota.storageBytes.80", "quota.storageBytes.90"].sort());
      expect(await storage()).toBe(920);
    } finally {
      await t.run((ctx: Ctx) => ctx.db.patch(initech.id, { quotaOverrides: {} }));
      await counters(before + 920);
    }
  });
});

describe("embeddings in their own table", () => {
  it("a stored memory holds no vector, its embedding row does; recall by text and vector; delete removes both", async () => {
    const before = (await embeddingRows()).length;
    const stored = await callRoute(routes.memories.POST as never, "POST", "/api/v1/memories", key, {
      namespace: "project/vectors",
      content: "quokka habitat notes",
      createdBy: "tau",
      embedding: vec(11),
    });
    expect(stored.status).toBe(201);
    expect(stored.body.hasEmbedding).toBe(true);
    const memory = await t.run((ctx: Ctx) => ctx.db.get(stored.body.id as never));
    expect(memory).not.toHaveProperty("embedding");
    expect(memory).not.toHaveProperty("vectorScope");
    const rows = await embeddingRows();
    expect(rows).toHaveLength(before + 1);
    const row = rows.find((r) => r._id === (memory as { embeddingId?: string }).embeddingId)!;
    expect(row).toMatchObject({
      scope: "production:",
      vectorScope: `${initech.id}|production:`,
      vectorContext: `${initech.id}|production:|`,
    });
    expect(row.embedding).toEqual(vec(11));

    expect(await recallBy({ query: "quokka" })).toEqual([["quokka habitat notes", true]]);
    expect((await recallBy({ embedding: vec(11), limit: 1 }))[0]).toEqual(["quokka habitat notes", true]);
    expect((await recallBy({ embedding: vec(11), limit: 1, namespace: "project/vectors" }))[0]).toEqual(["quokka habitat notes", true]);

    const removed = await callRoute(
      routes.memory.DELETE as never,
      "DELETE",
      `/api/v1/memories/${stored.body.id}`,
      key,
      undefined,
      stored.body.id as string,
    );
    expect(removed.status).toBe(200);
    expect((await embeddingRows()).map((r) => r._id)).not.toContain(row._id);
    expect(await recallBy({ embedding: vec(11), limit: 1, namespace: "project/vectors" })).toEqual([]);
  });

  it("the upgrade migration moves inline embeddings to rows, keeping every vector; vector recall finds them after", async () => {
    const scope = "production:";
    const legacy = await t.run(async (ctx: Ctx) => {
      const ids = [];
      for (const [i, hot] of [21, 22, 23].entries())
        ids.push(
          await ctx.db.insert("memories", {
            tenantId: initech.id,
            scope,
            namespace: "project/legacy",
            type: "note",
            content: `legacy ${i}`,
            createdBy: "tau",
            contextKey: "",
            embedding: vec(hot),
            vectorScope: `${initech.id}|${scope}`,
            vectorContext: `${initech.id}|${scope}|`,
            bytes: 8,
            createdAt: Date.now() + i,
          }),
        );
      // A memory that never had a vector, from before the table too.
      ids.push(
        await ctx.db.insert("memories", {
          tenantId: initech.id,
          scope,
          namespace: "project/legacy",
          type: "note",
          content: "legacy plain",
          createdBy: "tau",
          contextKey: "",
          vectorScope: `${initech.id}|${scope}`,
          vectorContext: `${initech.id}|${scope}|`,
          bytes: 12,
          createdAt: Date.now(),
        }),
      );
      return ids;
    });
    // Before the migration, the old rows are outside the vector index.
    expect(await recallBy({ embedding: vec(22), limit: 1, namespace: "project/legacy" })).toEqual([]);

    const status = async () =>
      ((await t.query(internal.jobs.migrations.status, {})) as { name: string; isDone: boolean }[]).find(
        (m) => m.name === "workspace/migrations:embeddingsToTable",
      );
    for (let round = 0; round < 2; round++) {
      await t.mutation(internal.jobs.migrations.run, {});
      for (let i = 0; i < 100 && !(await status())?.isDone; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await status()).toMatchObject({ isDone: true });
    }
    const after = await t.run(async (ctx: Ctx) => Promise.all(legacy.map((id) => ctx.db.get(id))));
    for (const m of after) {
      expect(m).not.toHaveProperty("embedding");
      expect(m).not.toHaveProperty("vectorScope");
      expect(m).not.toHaveProperty("vectorContext");
    }
    expect(after[3]).not.toHaveProperty("embeddingId");
    const rows = await embeddingRows();
    for (const [i, hot] of [21, 22, 23].entries()) expect(rows.find((r) => r._id === after[i]!.embeddingId)?.embedding).toEqual(vec(hot));
    // Run twice, still one row per vector.
    expect(rows.filter((r) => after.some((m) => m!.embeddingId === r._id))).toHaveLength(3);
    expect(await recallBy({ embedding: vec(22), limit: 1, namespace: "project/legacy" })).toEqual([["legacy 1", true]]);
  });
});

describe("vector recall's remembered filter", () => {
  // workspace/recall:vector searches a key's next call with the filter its gate gave the key before, and the
  // gate checks it again: a key rebound or revoked in between must read as if nothing was remembered.
  it("is checked on every call: a rebound key reads only its new scope, a revoked key is refused, a new limit is honoured", async () => {
    const roaming = await mintKey(t, initech);
    const hash = await hashApiKey(roaming);
    const keyId = await t.run(
      async (ctx: Ctx) =>
        (await ctx.db
          .query("apiKeys")
          .withIndex("by_hash", (q) => q.eq("hash", hash))
          .unique())!._id,
    );
    const recall = async (body: object) => {
      const r = await callRoute(routes.recall.POST as never, "POST", "/api/v1/memories/recall", roaming, body);
      return { status: r.status, contents: ((r.body.results ?? []) as { content: string }[]).map((m) => m.content), code: r.body.code };
    };
    const store = async (content: string, hot: number) =>
      expect(
        (
          await callRoute(routes.memories.POST as never, "POST", "/api/v1/memories", roaming, {
            namespace: "project/roaming",
            content,
            createdBy: "tau",
            embedding: vec(hot),
          })
        ).status,
      ).toBe(201);
    await store("roaming production one", 41);
    await store("roaming production two", 42);
    expect(await recall({ embedding: vec(41), limit: 1, namespace: "project/roaming" })).toMatchObject({
      status: 200,
      contents: ["roaming production one"],
    });
    // The same key again, with another limit: the search read for one result is not the page of two.
    expect((await recall({ embedding: vec(41), limit: 2, namespace: "project/roaming" })).contents).toEqual([
      "roaming production one",
      "roaming production two",
    ]);

    await bind(t, initech, "apiKey", keyId, { environment: "staging" });
    expect(await recall({ embedding: vec(41), limit: 5 })).toMatchObject({ status: 200, contents: [] });
    await store("roaming staging", 41);
    expect((await recall({ embedding: vec(41), limit: 5 })).contents).toEqual(["roaming staging"]);

    await t.run((ctx: Ctx) => ctx.db.patch(keyId, { revokedAt: Date.now() }));
    expect(await recall({ embedding: vec(41), limit: 5 })).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
  });

  it("reads back no more ids than the search's limit: a longer list gets no results, only the filter", async () => {
    const keyHash = await hashApiKey(await mintKey(t, initech));
    const input = { embedding: vec(41), limit: 1 };
    // The door's answer ({ ok, value }) around the gate's own.
    const gate = async (found?: {
      filter: { field: "vectorScope" | "vectorContext"; value: string };
      limit: number;
      ids: { id: Id<"memoryEmbeddings">; score: number }[];
    }) => {
      const r = await t.mutation(api.workspace.memories.vectorGate, { secret: SYSTEM_SECRET, keyHash, input, ...(found ? { found } : {}) });
      if (!r.ok) throw new Error(`vectorGate refused: ${JSON.stringify(r.error)}`);
      return r.value;
    };
    const { filter } = await gate();
    const ids = await t.run(async (ctx: Ctx) =>
      (await ctx.db.query("memoryEmbeddings").collect())
        .filter((e) => e.tenantId === initech.id)
        .slice(0, 2)
        .map((e) => ({ id: e._id, score: 1 })),
    );
    expect(ids).toHaveLength(2);
    expect((await gate({ filter, limit: 1, ids: ids.slice(0, 1) })).results).not.toBeNull();
    expect((await gate({ filter, limit: 1, ids })).results).toBeNull();
  });
});

describe("conversations migration, export and hard delete", () => {
  it("moves inline messages to rows (resumable, nothing lost), and the new tables are exported and erased", async () => {
    const agentId = initech.agentIds[0];
    await t.run(async (ctx: Ctx) => {
      for (let i = 0; i < 3; i++)
        await ctx.db.insert("conversations", {
          tenantId: initech.id,
          agentId,
          title: `old ${i}`,
          customer: "Ada",
          sample: true,
          createdAt: Date.now() - i,
          messages: [
            { role: "user", content: `question ${i}` },
            { role: "agent", content: `answer ${i}` },
          ],
        });
    });
    await t.mutation(internal.workspace.migrations.conversationsToRows, {});
    await t.finishAllScheduledFunctions(() => undefined);
    const after = await t.run(async (ctx: Ctx) => {
      const convs = await ctx.db
        .query("conversations")
        .withIndex("by_tenant_created", (q) => q.eq("tenantId", initech.id))
        .collect();
      const rows = await ctx.db
        .query("conversationMessages")
        .withIndex("by_tenant_conversation", (q) => q.eq("tenantId", initech.id))
        .collect();
      return { convs, rows };
    });
    expect(after.convs.every((c) => c.messages === undefined && c.scope === "production:" && c.messageCount === 2)).toBe(true);
    expect(after.rows.map((r) => r.content).sort()).toEqual(["answer 0", "answer 1", "answer 2", "question 0", "question 1", "question 2"]);
    // Running it again changes nothing.
    await t.mutation(internal.workspace.migrations.conversationsToRows, {});
    expect(
      await t.run(
        async (ctx: Ctx) =>
          (
            await ctx.db
              .query("conversationMessages")
              .withIndex("by_tenant_conversation", (q) => q.eq("tenantId", initech.id))
              .collect()
          ).length,
      ),
    ).toBe(6);

    const owner = t.withIdentity({ subject: initech.users.owner!.externalId, email: initech.users.owner!.email, name: "owner" });
    const manifest = await owner.query(api.portal.exports.manifest, { slug: "initech" });
    for (const table of [
      "memories",
      "memoryEmbeddings",
      "tasks",
      "missions",
      "messages",
      "messageReceipts",
      "conversationMessages",
      "scopeBindings",
      "contextFields",
    ])
      expect(manifest.tables).toContain(table);
    const exported = await owner.query(api.portal.exports.page, {
      slug: "initech",
      table: "conversationMessages",
      cursor: null,
      numItems: 100,
    });
    expect(exported.rows).toHaveLength(6);
    // The vectors the migration test left behind: exported, then erased below.
    const vectors = await owner.query(api.portal.exports.page, { slug: "initech", table: "memoryEmbeddings", cursor: null, numItems: 100 });
    expect(vectors.rows.length).toBeGreaterThanOrEqual(3);

    await t.run((ctx: Ctx) => ctx.db.patch(initech.id, { status: "deleted", deletedAt: Date.now() - 1000, hardDeleteAt: Date.now() - 1 }));
    await t.mutation(internal.portal.lifecycle.hardDelete, { tenantId: initech.id });
    await t.finishAllScheduledFunctions(() => undefined);
    const left = await t.run(async (ctx: Ctx) => {
      const counts: Record<string, number> = {};
      for (const table of [
        "memories",
        "memoryEmbeddings",
        "messages",
        "messageReceipts",
        "messageChannels",
        "conversationMessages",
        "conversations",
      ] as const)
        counts[table] = (await ctx.db.query(table).collect()).filter((r) => r.tenantId === initech.id).length;
      return counts;
    });
    expect(
      Object.values(left).every((n) => n === 0),
      JSON.stringify(left),
    ).toBe(true);
  });
});
