/**
 * Bulk copies (issue 20's copy rate): the tables no other row refers to, usage events
 * among them, keep their id map as one moveIdBatches document per page on the target, not
 * one moveIdMap row per row. What that must not cost: an old row of such a table changed or
 * deleted on the source after its page was copied is found in its batch by the catch-up
 * (neither copied twice nor left stale), and the verify, which hashes such rows without
 * their ids, still names a tampered row.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ProjectBackend } from "../support/convex-local";
import { MoveVerifyError, runMove, startMove, type MoveEnv, type MoveRecord } from "../../lib/server/scaling/move/runner";
import { countsAt, ref, startMovePair } from "./support/deployments";

const SECRET = "move-bulk-test-system-secret-0123456789abcdef";
type IndexRange = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Event = { _id: string; tenantId: string; latencyMs: number; at: number };

let A: ProjectBackend;
let B: ProjectBackend;
let env: MoveEnv;

const tenantOn = (t: ProjectBackend) => t.query(ref("query", "platform/moveData:tenant"), { secret: SECRET, slug: "acme" });
const eventsOn = async (t: ProjectBackend): Promise<Event[]> => {
  const tenant = await tenantOn(t);
  return t.run(async (ctx) =>
    ctx.db
      .query("usageEvents")
      .withIndex("by_tenant_at", (q: IndexRange) => q.eq("tenantId", tenant._id))
      .collect(),
  );
};
/** Back to a phase (as an operator re-running it would). */
async function rewind(moveId: string, phase: string) {
  const rec: MoveRecord = await env.control.query("platform/moves:get", { moveId });
  await env.control.mutation("platform/moves:save", { moveId, phase, status: "running", state: rec.state as never });
}

beforeAll(async () => {
  ({ A, B, env } = await startMovePair("move-bulk", SECRET, { days: 2 }));
}, 120_000);

afterAll(async () => {
  await A?.dispose();
  await B?.dispose();
});

it("old usage events changed and deleted after their bulk page was copied are caught up in place; a tampered one fails the verify", async () => {
  // Rows created within the second before the move's log starts are mapped one by one (runner.ts's `since`): the seed is older.
  await new Promise((r) => setTimeout(r, 1_500));
  const moveId = await startMove(env, {
    slug: "acme",
    to: { kind: "dedicated", deployment: "acme" } as never,
    sourceUrl: A.url,
    targetUrl: B.url,
  });
  const copied = await runMove(env, moveId, "verify");
  expect(copied.state.bulk).toContain("usageEvents");
  const seeded = await eventsOn(A);
  expect(seeded.length).toBeGreaterThan(200);

  // The events' id map is in batches: no per-row entry for a single one of them.
  const target = await tenantOn(B);
  const perRow = await B.run(async (ctx) =>
    ctx.db
      .query("moveIdMap")
      .withIndex("by_move_table", (q: IndexRange) => q.eq("tenantId", target._id).eq("moveId", moveId).eq("table", "usageEvents"))
      .collect(),
  );
  expect(perRow).toEqual([]);
  const batches = await B.run(async (ctx) => ctx.db.query("moveIdBatches").collect());
  expect(batches.filter((b: { table: string }) => b.table === "usageEvents").length).toBeGreaterThanOrEqual(Math.ceil(seeded.length / 100));

  // On A, while it still takes writes: one old event changed, one deleted.
  const [changed, gone] = [seeded[3], seeded[150]];
  // (A test handle's writer has no move hook: the change log entries it would write are written here.)
  await A.run(async (ctx) => {
    await ctx.db.patch(changed._id, { latencyMs: 987_654 });
    await ctx.db.delete(gone._id);
    for (const e of [changed, gone]) await ctx.db.insert("moveChangelog", { tenantId: e.tenantId, table: "usageEvents", docId: e._id });
  });
  await rewind(moveId, "catchup");
  const caught = await runMove(env, moveId, "verify");
  expect(Object.values(caught.state.verified ?? {}).every((t) => t.ok)).toBe(true);
  const onB = await eventsOn(B);
  expect(onB.length).toBe(seeded.length - 1);
  expect(onB.filter((e) => e.latencyMs === 987_654)).toHaveLength(1);
  expect(onB.some((e) => e.latencyMs === gone.latencyMs && e.at === gone.at)).toBe(false);

  // Changed again: the row is mapped one by one since the first catch-up, so no batch is read for it.
  await A.run(async (ctx) => {
    await ctx.db.patch(changed._id, { latencyMs: 987_655 });
    await ctx.db.insert("moveChangelog", { tenantId: changed.tenantId, table: "usageEvents", docId: changed._id });
  });
  await rewind(moveId, "catchup");
  let batchReads = 0;
  const counting: MoveEnv = {
    ...env,
    at: (url) => {
      const d = env.at(url);
      return { ...d, query: (name, args) => (name === "platform/moveData:bulkFind" && batchReads++, d.query(name, args)) };
    },
  };
  await runMove(counting, moveId, "verify");
  expect(batchReads).toBe(0);
  expect((await eventsOn(B)).filter((e) => e.latencyMs === 987_655)).toHaveLength(1);

  // A tampered event on B: the verify names it (hashed without ids, it is an extra row on B and the source's one is missing).
  const tampered = onB[10];
  await B.run(async (ctx) => ctx.db.patch(tampered._id, { costMicros: 123_456_789 }));
  await rewind(moveId, "verify");
  const failure = await runMove(env, moveId, "verify").catch((e) => e);
  expect(failure).toBeInstanceOf(MoveVerifyError);
  const named = (failure as MoveVerifyError).mismatches.filter((m) => m.table === "usageEvents");
  expect(named).toContainEqual(expect.objectContaining({ targetId: tampered._id, problem: "extra on target" }));
  expect(named.filter((m) => m.problem === "missing on target")).toHaveLength(1);

  // Restored, the move switches and the counts are exact.
  await B.run(async (ctx) =>
    ctx.db.replace(tampered._id, Object.fromEntries(Object.entries(tampered).filter(([k]) => !k.startsWith("_")))),
  );
  const switched = await runMove(env, moveId);
  expect(switched.status).toBe("switched");
  const counts = await countsAt(B.url, SECRET, ["usageEvents", "usageRollups", "usageDays"]);
  const source = await countsAt(A.url, SECRET, ["usageEvents", "usageRollups", "usageDays"]);
  expect(counts).toEqual(source);
}, 300_000);
