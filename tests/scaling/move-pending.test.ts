/**
 * The verify phase under steady memory writes. It leaves out the rows still in the source's
 * change log, and asks which of them may sit in a bulk batch on the target (deleted, or older
 * than the move). That once read every changed row in one query (up to 10,001): ~1,400 changed
 * embeddings of ~12 KB are past a query's 16 MiB, and the verify failed on every try. The change
 * log alone is read now, and the rows of bulk tables a page at a time (moveData's `older`).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ProjectBackend } from "../support/convex-local";
import { runMove, startMove, type MoveEnv, type MoveRecord } from "../../lib/server/scaling/move/runner";
import { vectorFilters } from "../../convex/workspace/embeddings";
import { startMovePair } from "./support/deployments";

const SECRET = "move-pending-test-system-secret-0123456789abcdef";
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let A: ProjectBackend;
let B: ProjectBackend;
let env: MoveEnv;

async function embeddingsOf(t: ProjectBackend, tenantId: string): Promise<number> {
  let n = 0;
  for (let cursor: string | null = null; ;) {
    const page: { page: unknown[]; continueCursor: string; isDone: boolean } = await t.run(async (ctx: Any) =>
      ctx.db
        .query("memoryEmbeddings")
        .withIndex("by_tenant_scope", (q: Any) => q.eq("tenantId", tenantId))
        .paginate({ cursor, numItems: 300 }),
    );
    n += page.page.length;
    if (page.isDone) return n;
    cursor = page.continueCursor;
  }
}

beforeAll(async () => {
  ({ A, B, env } = await startMovePair("move-pending", SECRET, { days: 1 }));
}, 120_000);

afterAll(async () => {
  await A?.dispose();
  await B?.dispose();
});

it("1,500 changed embeddings (~18 MB) waiting in the change log: the verify passes and the switch copies them", async () => {
  const moveId = await startMove(env, {
    slug: "acme",
    to: { kind: "dedicated", deployment: "acme" } as never,
    sourceUrl: A.url,
    targetUrl: B.url,
  });
  const copied = await runMove(env, moveId, "verify");
  expect(copied.state.bulk).toContain("memoryEmbeddings");
  const tenantId = copied.state.sourceTenantId;

  // Embeddings written on the source after the copy, as a busy tenant's agents store memories
  // (a test handle's writer has no move hook: the change-log entries it would write are written here).
  const scope = "production:";
  for (let chunk = 0; chunk < 10; chunk++)
    await A.run(async (ctx: Any) => {
      for (let i = 0; i < 150; i++) {
        const id = await ctx.db.insert("memoryEmbeddings", {
          tenantId,
          scope,
          embedding: Array.from({ length: 1536 }, () => Math.random()),
          ...vectorFilters(tenantId as never, scope, ""),
          createdAt: Date.now(),
        });
        await ctx.db.insert("moveChangelog", { tenantId, table: "memoryEmbeddings", docId: id });
      }
    });

  // Back to the verify, as an operator re-running it would.
  const rec: MoveRecord = await env.control.query("platform/moves:get", { moveId });
  await env.control.mutation("platform/moves:save", { moveId, phase: "verify", status: "running", state: rec.state as never });
  // Counting how the rows' ages are read: a page (the runner's batch) per call, never all at once.
  const pages: number[] = [];
  const counting: MoveEnv = {
    ...env,
    at: (url) => {
      const d = env.at(url);
      return {
        ...d,
        query: (name, args) => {
          if (name === "platform/moveData:older") pages.push((args.refs as unknown[]).length);
          return d.query(name, args);
        },
      };
    },
  };
  const verified = await runMove(counting, moveId, "verify");
  expect(Math.max(...pages)).toBeLessThanOrEqual(100);
  expect(pages.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1500);
  expect(verified.status).toBe("running");
  expect(verified.state.verified?.memoryEmbeddings).toMatchObject({ ok: true });
  expect(Object.values(verified.state.verified ?? {}).every((x) => x.ok)).toBe(true);

  const switched = await runMove(env, moveId);
  expect(switched.status).toBe("switched");
  // Counted a page at a time (all of them in one read would be past 16 MiB too).
  const onA = await embeddingsOf(A, tenantId);
  expect(onA).toBeGreaterThanOrEqual(1500);
  expect(await embeddingsOf(B, switched.state.targetTenantId as string)).toBe(onA);
}, 300_000);
