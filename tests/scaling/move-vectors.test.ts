/**
 * Vector recall after a tenant move (issue 19 x 20). An embedding row's vector filters hold
 * the tenant's `_id` (convex/workspace/embeddings.ts's vectorFilters), and the tenant has
 * another `_id` on the target: copied as they were, the filters named the source's id, so vector
 * recall on the target searched an empty partition and found nothing, while verify, seeing the
 * same string on both sides, passed. The move rewrites them for the target's id (forward and
 * reverse), another tenant's vectors on the same deployment stay out of the tenant's searches,
 * and the vectorTenant migration repairs rows an older engine copied as they were.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeFunctionReference } from "convex/server";
import type { ProjectBackend } from "../support/convex-local";
import { runMove, startMove, startReverse, type MoveEnv } from "../../lib/server/scaling/move/runner";
import { vectorFilters } from "../../convex/workspace/embeddings";
import { seedTenant } from "../tenancy/support/world";
import { ref, startMovePair } from "./support/deployments";

const SECRET = "move-vectors-test-system-secret-0123456789abcdef";
const SCOPE = "production:";
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let A: ProjectBackend;
let B: ProjectBackend;
let env: MoveEnv;

const vec = (hot: number) => Array.from({ length: 1536 }, (_, i) => (i === hot ? 1 : 0.001));
const tenantOn = async (t: ProjectBackend, slug: string): Promise<string> =>
  (await t.query(ref("query", "platform/moveData:tenant"), { secret: SECRET, slug }))._id;

/** A memory with its embedding row, as workspace/memories stores one; `log`: also the change-log entries a moving tenant's write leaves. */
async function store(t: ProjectBackend, slug: string, content: string, hot: number, log = false) {
  const tenantId = await tenantOn(t, slug);
  await t.run(async (ctx: Any) => {
    const now = Date.now();
    const embeddingId = await ctx.db.insert("memoryEmbeddings", {
      tenantId,
      scope: SCOPE,
      embedding: vec(hot),
      ...vectorFilters(tenantId as never, SCOPE, ""),
      createdAt: now,
    });
    const memoryId = await ctx.db.insert("memories", {
      tenantId,
      scope: SCOPE,
      namespace: "global",
      type: "note",
      content,
      createdBy: "tau",
      contextKey: "",
      embeddingId,
      bytes: content.length,
      createdAt: now,
    });
    // (A test handle's writer has no move hook: the entries it would write are written here.)
    if (log)
      for (const [table, docId] of [
        ["memoryEmbeddings", embeddingId],
        ["memories", memoryId],
      ])
        await ctx.db.insert("moveChangelog", { tenantId, table, docId });
  });
}

/** Vector recall as workspace/recall:vector searches: the tenant's filter string on this deployment, then its memories. */
async function recall(t: ProjectBackend, slug: string, hot: number): Promise<string[]> {
  const tenantId = await tenantOn(t, slug);
  const found: { _id: string }[] = await t.action(async (ctx: Any) =>
    ctx.vectorSearch("memoryEmbeddings", "by_embedding", {
      vector: vec(hot),
      limit: 10,
      filter: (q: Any) => q.eq("vectorScope", vectorFilters(tenantId as never, SCOPE, "").vectorScope),
    }),
  );
  return t.run(async (ctx: Any) => {
    const out: string[] = [];
    for (const { _id } of found) {
      const m = await ctx.db
        .query("memories")
        .withIndex("by_tenant_embedding", (q: Any) => q.eq("tenantId", tenantId).eq("embeddingId", _id))
        .unique();
      out.push(m ? m.content : `(no memory of ${tenantId} for ${_id})`);
    }
    return out;
  });
}

const filtersOn = (t: ProjectBackend, tenantId: string) =>
  t.run(async (ctx: Any) =>
    (
      await ctx.db
        .query("memoryEmbeddings")
        .withIndex("by_tenant_scope", (q: Any) => q.eq("tenantId", tenantId))
        .collect()
    ).map((e: Any) => [e.vectorScope, e.vectorContext]),
  );

beforeAll(async () => {
  ({ A, B, env } = await startMovePair("move-vectors", SECRET, {
    days: 1,
    prepare: async (_a, b) => {
      await seedTenant(b, { slug: "neighbour", name: "neighbour", plan: "pro", roles: ["owner"] });
    },
  }));
  await store(A, "acme", "acme one", 1);
  await store(A, "acme", "acme two", 2);
  // The same vectors in other tenants' partitions, on the source and on the target.
  await store(A, "globex", "globex one", 1);
  await store(B, "neighbour", "neighbour one", 1);
}, 120_000);

afterAll(async () => {
  await A?.dispose();
  await B?.dispose();
});

it("vector recall finds the tenant's memories on the target after a move and back on the source after a reverse, never another tenant's", async () => {
  expect(await recall(A, "acme", 1)).toEqual(["acme one", "acme two"]);

  const moveId = await startMove(env, {
    slug: "acme",
    to: { kind: "dedicated", deployment: "acme" } as never,
    sourceUrl: A.url,
    targetUrl: B.url,
  });
  const moved = await runMove(env, moveId);
  expect(moved.status).toBe("switched");
  expect(Object.values(moved.state.verified ?? {}).every((x) => x.ok)).toBe(true);

  const onB = await tenantOn(B, "acme");
  expect(onB).not.toBe(await tenantOn(A, "acme"));
  expect(await filtersOn(B, onB)).toEqual([
    [`${onB}|${SCOPE}`, `${onB}|${SCOPE}|`],
    [`${onB}|${SCOPE}`, `${onB}|${SCOPE}|`],
  ]);
  expect(await recall(B, "acme", 1)).toEqual(["acme one", "acme two"]);
  expect(await recall(B, "acme", 2)).toEqual(["acme two", "acme one"]);
  expect(await recall(B, "neighbour", 1)).toEqual(["neighbour one"]);

  // A row copied by the engine before this fix (the source's id in its filters) is out of recall until vectorTenant repairs it.
  const stale = `${await tenantOn(A, "acme")}|${SCOPE}`;
  await B.run(async (ctx: Any) => {
    const row = (
      await ctx.db
        .query("memoryEmbeddings")
        .withIndex("by_tenant_scope", (q: Any) => q.eq("tenantId", onB))
        .collect()
    ).find((e: Any) => e.embedding[2] === 1);
    await ctx.db.patch(row._id, { vectorScope: stale, vectorContext: `${stale}|` });
  });
  expect(await recall(B, "acme", 2)).toEqual(["acme one"]);
  const status = async () =>
    ((await B.query(makeFunctionReference<"query">("jobs/migrations:status"), {})) as { name: string; isDone: boolean }[]).find(
      (m) => m.name === "workspace/migrations:vectorTenant",
    );
  await B.mutation(makeFunctionReference<"mutation">("jobs/migrations:run"), {});
  for (let i = 0; i < 200 && !(await status())?.isDone; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await status()).toMatchObject({ isDone: true });
  expect(await recall(B, "acme", 2)).toEqual(["acme two", "acme one"]);
  expect(await recall(B, "neighbour", 1)).toEqual(["neighbour one"]);

  // Written on the target after the switch, then the move reversed: the new row comes back with the source's id in its filters.
  await store(B, "acme", "acme three", 3, true);
  const reverseId = await startReverse(env, moveId);
  const back = await runMove(env, reverseId);
  expect(back.status).toBe("switched");
  expect(Object.values(back.state.verified ?? {}).every((x) => x.ok)).toBe(true);
  const onA = await tenantOn(A, "acme");
  for (const [scope, context] of await filtersOn(A, onA)) {
    expect(scope).toBe(`${onA}|${SCOPE}`);
    expect(context).toBe(`${onA}|${SCOPE}|`);
  }
  const [first, ...rest] = await recall(A, "acme", 3);
  expect(first).toBe("acme three");
  expect(rest.sort()).toEqual(["acme one", "acme two"]);
  expect(await recall(A, "globex", 1)).toEqual(["globex one"]);
}, 240_000);
